"""PyTorch operators (``import pyronn.torch``): custom ops with exact gradients and Module wrappers.

The ops are registered with torch.library.custom_op, so torch.compile traces them without graph
breaks; the geometry enters as plain numbers (params, vectors). Each op's gradient is its exact
transpose: forward <-> adjoint, backproject_fbp <-> backproject_fbp_transpose. fbp has no gradient
yet (its filter and weights as trainable parameters are still to come).
"""

import torch

from . import _core
from .operators import FILTERS, MODELS, _check_choice, _check_geometry, output_shape, sinogram_shape_of, volume_shape_of

__all__ = ["forward", "adjoint", "backproject_fbp", "backproject_fbp_transpose", "fbp", "ForwardProjection",
           "Backprojection", "FBPBackprojection", "FBP"]


def _output_like(x, params, from_volume, to_volume):
    volume, sinogram = volume_shape_of(params), sinogram_shape_of(params)
    shape = output_shape(x, "volume" if from_volume else "sinogram", volume if from_volume else sinogram,
                         volume if to_volume else sinogram)
    return x.new_empty(shape)


def _run(function, x, params, vectors, interpolation, threads, model, step_size, filter, from_volume, to_volume):
    out = _output_like(x, params, from_volume, to_volume)
    # detach: DLPack refuses tensors that require grad; contiguous: a no-op (same storage) unless
    # autograd hands over a strided gradient.
    function(params, vectors, x.detach().contiguous(), out, interpolation, threads, model, step_size, filter)
    return out


@torch.library.custom_op("pyronn::forward", mutates_args=())
def _forward(x: torch.Tensor, params: list[float], vectors: list[float], interpolation: str, threads: int,
             model: str, step_size: float) -> torch.Tensor:
    return _run(_core.forward, x, params, vectors, interpolation, threads, model, step_size, "ram_lak", True, False)


@torch.library.custom_op("pyronn::adjoint", mutates_args=())
def _adjoint(y: torch.Tensor, params: list[float], vectors: list[float], interpolation: str, threads: int,
             model: str, step_size: float) -> torch.Tensor:
    return _run(_core.adjoint, y, params, vectors, interpolation, threads, model, step_size, "ram_lak", False, True)


@torch.library.custom_op("pyronn::backproject_fbp", mutates_args=())
def _backproject_fbp(y: torch.Tensor, params: list[float], vectors: list[float], interpolation: str, threads: int,
                     model: str, step_size: float) -> torch.Tensor:
    return _run(_core.backproject_fbp, y, params, vectors, interpolation, threads, model, step_size, "ram_lak", False,
                True)


@torch.library.custom_op("pyronn::backproject_fbp_transpose", mutates_args=())
def _backproject_fbp_transpose(x: torch.Tensor, params: list[float], vectors: list[float], interpolation: str,
                               threads: int, model: str, step_size: float) -> torch.Tensor:
    return _run(_core.backproject_fbp_transpose, x, params, vectors, interpolation, threads, model, step_size,
                "ram_lak", True, False)


@torch.library.custom_op("pyronn::fbp", mutates_args=())
def _fbp(y: torch.Tensor, params: list[float], vectors: list[float], filter: str, interpolation: str,
         threads: int) -> torch.Tensor:
    return _run(_core.fbp, y, params, vectors, interpolation, threads, "joseph", 0.5, filter, False, True)


# Shapes only, never data: what torch.compile and FakeTensor see.
@_forward.register_fake
def _(x, params, vectors, interpolation, threads, model, step_size):
    return _output_like(x, params, True, False)


@_adjoint.register_fake
def _(y, params, vectors, interpolation, threads, model, step_size):
    return _output_like(y, params, False, True)


@_backproject_fbp.register_fake
def _(y, params, vectors, interpolation, threads, model, step_size):
    return _output_like(y, params, False, True)


@_backproject_fbp_transpose.register_fake
def _(x, params, vectors, interpolation, threads, model, step_size):
    return _output_like(x, params, True, False)


@_fbp.register_fake
def _(y, params, vectors, filter, interpolation, threads):
    return _output_like(y, params, False, True)


def _keep_geometry(ctx, inputs, output):
    ctx.geometry_args = inputs[1:]


# forward and adjoint are each other's exact transpose, hence each other's gradient.
def _forward_backward(ctx, grad):
    return (_adjoint(grad, *ctx.geometry_args),) + (None,) * len(ctx.geometry_args)


def _adjoint_backward(ctx, grad):
    return (_forward(grad, *ctx.geometry_args),) + (None,) * len(ctx.geometry_args)


# backproject_fbp and its exact transpose likewise.
def _backproject_fbp_backward(ctx, grad):
    return (_backproject_fbp_transpose(grad, *ctx.geometry_args),) + (None,) * len(ctx.geometry_args)


def _backproject_fbp_transpose_backward(ctx, grad):
    return (_backproject_fbp(grad, *ctx.geometry_args),) + (None,) * len(ctx.geometry_args)


_forward.register_autograd(_forward_backward, setup_context=_keep_geometry)
_adjoint.register_autograd(_adjoint_backward, setup_context=_keep_geometry)
_backproject_fbp.register_autograd(_backproject_fbp_backward, setup_context=_keep_geometry)
_backproject_fbp_transpose.register_autograd(_backproject_fbp_transpose_backward, setup_context=_keep_geometry)


def _geometry_args(geometry, interpolation, threads, model, step_size):
    _check_geometry(geometry)
    _check_choice(interpolation, ("software", "texture"), "interpolation")
    _check_choice(model, MODELS, "model")
    return geometry.params, geometry.vectors, interpolation, int(threads), model, float(step_size)


def forward(x, geometry, interpolation="software", threads=0, model="joseph", step_size=0.5):
    """A x: projections of images/volumes x (..., [Z,] Y, X); its gradient is adjoint. model and
    step_size choose how 3D rays are sampled (pyronn.Projector)."""
    return _forward(x, *_geometry_args(geometry, interpolation, threads, model, step_size))


def adjoint(y, geometry, interpolation="software", threads=0, model="joseph", step_size=0.5):
    """A^T y, the exact transpose of forward; its gradient is forward."""
    return _adjoint(y, *_geometry_args(geometry, interpolation, threads, model, step_size))


def backproject_fbp(y, geometry, interpolation="software", threads=0):
    """FBP's distance-weighted backprojection; its gradient is backproject_fbp_transpose."""
    return _backproject_fbp(y, *_geometry_args(geometry, interpolation, threads, "joseph", 0.5))


def backproject_fbp_transpose(x, geometry, interpolation="software", threads=0):
    """The exact transpose of backproject_fbp; its gradient is backproject_fbp."""
    return _backproject_fbp_transpose(x, *_geometry_args(geometry, interpolation, threads, "joseph", 0.5))


def fbp(y, geometry, filter="ram_lak", interpolation="software", threads=0):
    """FBP / FDK reconstruction of projections y (no gradient yet)."""
    _check_choice(filter, FILTERS, "filter")
    params, vectors, interpolation, threads, _, _ = _geometry_args(geometry, interpolation, threads, "joseph", 0.5)
    return _fbp(y, params, vectors, filter, interpolation, threads)


class _GeometryModule(torch.nn.Module):
    def __init__(self, geometry, interpolation, threads, model="joseph", step_size=0.5):
        super().__init__()
        self.args = _geometry_args(geometry, interpolation, threads, model, step_size)
        self.params, self.vectors, self.interpolation, self.threads = self.args[:4]


class ForwardProjection(_GeometryModule):
    """y = A x as a layer; trains through its exact adjoint."""

    def __init__(self, geometry, interpolation="software", threads=0, model="joseph", step_size=0.5):
        super().__init__(geometry, interpolation, threads, model, step_size)

    def forward(self, x):
        return _forward(x, *self.args)


class Backprojection(_GeometryModule):
    """x = A^T y as a layer (the exact adjoint); trains through forward."""

    def __init__(self, geometry, interpolation="software", threads=0, model="joseph", step_size=0.5):
        super().__init__(geometry, interpolation, threads, model, step_size)

    def forward(self, y):
        return _adjoint(y, *self.args)


class FBPBackprojection(_GeometryModule):
    """FBP's distance-weighted backprojection as a layer; trains through its exact transpose."""

    def __init__(self, geometry, interpolation="software", threads=0):
        super().__init__(geometry, interpolation, threads)

    def forward(self, y):
        return _backproject_fbp(y, *self.args)


class FBP(_GeometryModule):
    """FBP / FDK as a layer (no gradient yet)."""

    def __init__(self, geometry, filter="ram_lak", interpolation="software", threads=0):
        super().__init__(geometry, interpolation, threads)
        _check_choice(filter, FILTERS, "filter")
        self.filter = filter

    def forward(self, y):
        return _fbp(y, self.params, self.vectors, self.filter, self.interpolation, self.threads)
