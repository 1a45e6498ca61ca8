"""pyronn: CT forward and back projectors with exact adjoints (PYRO-NN's operators rebuilt).

NumPy-level API here; PyTorch operators in ``pyronn.torch``, JAX operators in ``pyronn.jax`` and
PYRO-NN's TensorFlow API in ``pyronn.ct_reconstruction`` (each imported only when used).
docs/python.md describes the package.
"""

from . import _core
from ._errors import ArgumentTypeError, CudaError, Error, InvalidArgumentError
from .geometry import (GeometryCone3D, GeometryCone3DVec, GeometryConeCylindrical3D, GeometryFan2D, GeometryFan2DVec,
                       GeometryFanArc2D, GeometryParallel2D, GeometryParallel2DVec, GeometryParallel3D,
                       GeometryParallel3DVec, circular_trajectory_3d, helical_trajectory_3d)
from .convert import (from_astra, from_tomosipo, radon_geometry, to_astra, to_circular_geometry, to_tomosipo,
                      to_vector_geometry)
from .operators import FBP, FDK, FILTERS, Projector
from .solvers import cgls, sirt, tv_gradient_descent
from .weights import apply_weights, cosine_weights, parker_weights, weight_gradient, wesarg_weights
from .phantoms import (analytic_projections_3d, analytic_sinogram_2d, ellipsoid, random_ellipses, rasterize_2d,
                       rasterize_3d, shepp_logan_2d, shepp_logan_3d)

__version__ = _core.version  # the headers' PYRONN_VERSION_STRING
has_cuda = _core.has_cuda
has_fftw = _core.has_fftw
has_jax = _core.has_jax  # pyronn.jax's FFI handlers were compiled in (JAX itself is needed to use them)

__all__ = [
    "ArgumentTypeError", "CudaError", "Error", "InvalidArgumentError",
    "GeometryCone3D", "GeometryFan2D", "GeometryParallel2D", "GeometryParallel3D",
    "GeometryCone3DVec", "GeometryFan2DVec", "GeometryParallel2DVec", "GeometryParallel3DVec",
    "GeometryFanArc2D", "GeometryConeCylindrical3D",
    "circular_trajectory_3d", "helical_trajectory_3d",
    "to_vector_geometry", "to_circular_geometry", "to_astra", "from_astra", "to_tomosipo", "from_tomosipo",
    "radon_geometry",
    "FBP", "FDK", "FILTERS", "Projector", "cgls", "sirt", "tv_gradient_descent",
    "apply_weights", "cosine_weights", "parker_weights", "weight_gradient", "wesarg_weights",
    "analytic_projections_3d", "analytic_sinogram_2d", "ellipsoid", "random_ellipses", "rasterize_2d", "rasterize_3d",
    "shepp_logan_2d", "shepp_logan_3d",
    "has_cuda", "has_fftw", "has_jax",
]
