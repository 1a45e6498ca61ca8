"""PYRO-NN 0.1.0's phantom helpers: the Shepp-Logan phantoms (``shepp_logan``) and simple shapes
(``primitives_2d``, ``primitives_3d``) as float32 NumPy arrays, [Y][X] or [Z][Y][X].
docs/pyronn_compat.md lists where they differ from 0.1.0's."""

from . import primitives_2d, primitives_3d, shepp_logan

__all__ = ["primitives_2d", "primitives_3d", "shepp_logan"]
