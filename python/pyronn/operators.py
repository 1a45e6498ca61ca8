"""The operators at NumPy level: Projector (forward, adjoint, backproject_fbp), FBP and FDK.

They take any C-contiguous float32 array of a DLPack framework and use it in place: the input is
read where it lies, and the output is ``out`` if given (written in place and returned), else a new
array on the input's device (NumPy for host arrays; for CUDA arrays, the input's framework:
PyTorch or CuPy). Leading dimensions are a batch. The GIL is released while they compute.

CUDA arrays (a build with pyronn.has_cuda) are computed on their device, queued on ``stream``: a
cudaStream_t as an integer, or an object with ``cuda_stream`` (torch.cuda.Stream) or ``ptr``
(CuPy); 0, the default, is the legacy default stream. Nothing waits for the result.
"""

import numpy as np

from . import _core, _errors
from .geometry import _Geometry, GeometryCone3D, GeometryConeCylindrical3D

_INTERPOLATIONS = ("software", "texture")
MODELS = ("joseph", "ray_march")
FILTERS = ("ram_lak", "ramp", "shepp_logan", "cosine", "hamming", "hann")


def volume_shape_of(params):
    """The trailing shape of images/volumes for a geometry's params (no geometry object needed)."""
    dims = 3 if params[0] in (2, 3, 6, 7, 9) else 2
    return tuple(int(v) for v in params[1:1 + dims])


def sinogram_shape_of(params):
    """The trailing shape of sinograms/projections: [views][U] or [views][V][U]."""
    if params[0] in (6, 7):  # 3D vector geometries: [kind, nz, ny, nx, sz, sy, sx, nv, nu, views, ...]
        return (int(params[9]), int(params[7]), int(params[8]))
    if params[0] in (4, 5):  # 2D vector geometries: [kind, ny, nx, sy, sx, nu, views, ...]
        return (int(params[6]), int(params[5]))
    if params[0] in (2, 3, 9):
        return (int(params[11]), int(params[7]), int(params[8]))
    return (int(params[7]), int(params[5]))


def output_shape(x, name, input_trailing, output_trailing):
    """The output's shape: x's leading (batch) dimensions, then the operator's output shape."""
    shape = getattr(x, "shape", None)
    if shape is None:
        raise _errors.ArgumentTypeError(f"pyronn: invalid argument '{name}': must be an array, got {type(x).__name__}",
                                        name)
    lead = len(shape) - len(input_trailing)
    if lead < 0:
        raise _errors.InvalidArgumentError(
            f"pyronn: invalid argument '{name}': must have shape (..., {', '.join(map(str, input_trailing))}), "
            f"got {tuple(shape)}", name)
    return tuple(shape[:lead]) + tuple(output_trailing)


def _check_geometry(geometry):
    if not isinstance(geometry, _Geometry):
        raise _errors.ArgumentTypeError(
            f"pyronn: invalid argument 'geometry': must be one of the pyronn geometries, got {type(geometry).__name__}",
            "geometry")


def _check_choice(value, choices, name):
    if value not in choices:
        raise _errors.InvalidArgumentError(
            f"pyronn: invalid argument '{name}': must be one of {', '.join(choices)}, got {value!r}", name)


_DLPACK_CUDA = (2, 13)  # DLPack's kDLCUDA and kDLCUDAManaged


def device_of(x):
    """(DLPack device type, device id) of an array, or None when it has no __dlpack_device__."""
    device = getattr(x, "__dlpack_device__", None)
    if device is None:
        return None
    kind, index = device()
    return int(kind), int(index)


def is_cuda(x):
    device = device_of(x)
    return device is not None and device[0] in _DLPACK_CUDA


def stream_handle(stream):
    """The cudaStream_t in stream (an int, a torch.cuda.Stream or a CuPy stream) as an integer."""
    for attribute in ("cuda_stream", "ptr"):
        if hasattr(stream, attribute):
            stream = getattr(stream, attribute)
            break
    if isinstance(stream, bool) or not isinstance(stream, (int, np.integer)) or stream < 0:
        raise _errors.ArgumentTypeError(
            "pyronn: invalid argument 'stream': must be a cudaStream_t as a non-negative integer, a "
            f"torch.cuda.Stream or a CuPy stream, got {type(stream).__name__}", "stream")
    return int(stream)


def new_output(x, shape):
    """A new float32 array of this shape where x lies: NumPy for host arrays; for CUDA arrays from
    x's framework (PyTorch, CuPy), since pyronn allocates no device memory of its own."""
    if not is_cuda(x):
        return np.empty(shape, dtype=np.float32)
    if hasattr(x, "new_empty"):  # torch.Tensor: same device
        import torch
        return x.new_empty(shape, dtype=torch.float32)
    if type(x).__module__.split(".")[0] == "cupy":
        import cupy
        with cupy.cuda.Device(device_of(x)[1]):
            return cupy.empty(shape, dtype=cupy.float32)
    raise _errors.InvalidArgumentError(
        "pyronn: invalid argument 'out': must be given for a CUDA array that is not a PyTorch or CuPy array "
        "(pyronn does not allocate device memory for the output)", "out")


class _Operator:
    def __init__(self, geometry, interpolation, threads, model, step_size, filter):
        _check_geometry(geometry)
        _check_choice(interpolation, _INTERPOLATIONS, "interpolation")
        _check_choice(model, MODELS, "model")
        _check_choice(filter, FILTERS, "filter")
        self.geometry = geometry
        self.interpolation = interpolation
        self.threads = int(threads)
        self.model = model
        self.step_size = float(step_size)
        self.filter_name = filter
        self._volume = volume_shape_of(geometry.params)
        self._sinogram = sinogram_shape_of(geometry.params)
        self._volume_name = "image" if len(self._volume) == 2 else "volume"
        self._sinogram_name = "sinogram" if len(self._volume) == 2 else "projections"

    def _call(self, function, x, out, to_volume, from_volume=False, stream=0, workspace=None):
        in_trailing, in_name = (self._volume, self._volume_name) if from_volume else (self._sinogram, self._sinogram_name)
        out_trailing = self._volume if to_volume else self._sinogram
        stream = stream_handle(stream)
        if out is None:
            out = new_output(x, output_shape(x, in_name, in_trailing, out_trailing))
        elif isinstance(out, np.ndarray) and not out.flags.writeable:
            raise _errors.InvalidArgumentError("pyronn: invalid argument 'out': is read-only", "out")
        g = self.geometry
        function(g.params, g._vectors, x, out, self.interpolation, self.threads, self.model, self.step_size,
                 self.filter_name, stream, workspace)
        return out


class Projector(_Operator):
    """The projector of a geometry (C++: host::Projector2D / Projector3D).

    interpolation: "software" (bilinear in float) or "texture" (the CUDA texture units' 8-bit
    weights, reproduced on the host). threads: 0 for one per hardware thread. model (3D): "joseph"
    (one bilinear sample per voxel plane crossed, the default) or "ray_march" (trilinear samples at
    most step_size voxels of the finest spacing apart).
    """

    def __init__(self, geometry, interpolation="software", threads=0, model="joseph", step_size=0.5):
        super().__init__(geometry, interpolation, threads, model, step_size, "ram_lak")

    def forward(self, x, out=None, stream=0):
        """Line integrals: sinogram = A x, for x of shape (..., [Z,] Y, X)."""
        return self._call(_core.forward, x, out, to_volume=False, from_volume=True, stream=stream)

    def adjoint(self, y, out=None, stream=0):
        """The exact transpose of forward (its gradient): x = A^T y."""
        return self._call(_core.adjoint, y, out, to_volume=True, stream=stream)

    def backproject_fbp(self, y, out=None, stream=0):
        """The distance-weighted backprojection FBP integrates (not the adjoint)."""
        return self._call(_core.backproject_fbp, y, out, to_volume=True, stream=stream)

    def backproject_fbp_transpose(self, x, out=None, stream=0):
        """The exact transpose of backproject_fbp (its gradient), for x of shape (..., [Z,] Y, X)."""
        return self._call(_core.backproject_fbp_transpose, x, out, to_volume=False, from_volume=True, stream=stream)


class FBP(_Operator):
    """Filtered backprojection (2D parallel and fan, 3D parallel) and FDK (cone):
    weights, row filter ("ram_lak", "ramp", "shepp_logan", "cosine", "hamming", "hann"), then
    backproject_fbp (C++: host::FBP2D / FBP3D)."""

    def __init__(self, geometry, filter="ram_lak", interpolation="software", threads=0):
        super().__init__(geometry, interpolation, threads, "joseph", 0.5, filter)

    def filter(self, y, out=None, stream=0):
        """The weighted, row-filtered projections (same shape as y)."""
        return self._call(_core.fbp_filter, y, out, to_volume=False, stream=stream)

    def reconstruct(self, y, out=None, stream=0, workspace=None):
        """The reconstruction of projections y. workspace (CUDA only): a float32 device array of at
        least y.size elements for the filtered projections; without it the CUDA driver takes that
        scratch from CUDA's stream-ordered allocator on `stream`."""
        return self._call(_core.fbp, y, out, to_volume=True, stream=stream, workspace=workspace)

    __call__ = reconstruct


class FDK(FBP):
    """Feldkamp-Davis-Kress: FBP of a GeometryCone3D or a GeometryConeCylindrical3D."""

    def __init__(self, geometry, filter="ram_lak", interpolation="software", threads=0):
        if not isinstance(geometry, (GeometryCone3D, GeometryConeCylindrical3D)):
            raise _errors.ArgumentTypeError(
                "pyronn: invalid argument 'geometry': FDK needs a GeometryCone3D or a GeometryConeCylindrical3D",
                "geometry")
        super().__init__(geometry, filter, interpolation, threads)
