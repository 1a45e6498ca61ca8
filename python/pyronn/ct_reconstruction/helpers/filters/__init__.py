"""PYRO-NN 0.1.0's filter and weight helpers as float32 NumPy arrays: the Fourier-domain ramp and
Ram-Lak filters (``filters``) and the cosine, Parker and Riess weights (``weights``), shaped to
multiply a sinogram [views][U] or projections [views][V][U]. docs/pyronn_compat.md lists where
they differ from 0.1.0's."""

from . import filters, weights

__all__ = ["filters", "weights"]
