"""PyTorch operators (``import pyronn.torch``): custom ops with exact gradients and Module wrappers.

The ops are registered with torch.library.custom_op, so torch.compile traces them without graph
breaks; the geometry enters as plain numbers (params, vectors). The gradient of forward is the
exact adjoint and the gradient of adjoint is forward. backproject_fbp and fbp have no gradient
yet: the exact transpose of backproject_fbp is still to come (issue 12).
"""

import torch

from . import _core
from .operators import FILTERS, _check_choice, _check_geometry, output_shape, sinogram_shape_of, volume_shape_of

__all__ = ["forward", "adjoint", "backproject_fbp", "fbp", "ForwardProjection", "Backprojection", "FBP"]


def _output_like(x, params, from_volume, to_volume):
    volume, sinogram = volume_shape_of(params), sinogram_shape_of(params)
    shape = output_shape(x, "volume" if from_volume else "sinogram", volume if from_volume else sinogram,
                         volume if to_volume else sinogram)
    return x.new_empty(shape)


def _run(function, x, params, vectors, interpolation, threads, step_size, filter, from_volume, to_volume):
    out = _output_like(x, params, from_volume, to_volume)
    # detach: DLPack refuses tensors that require grad; contiguous: a no-op (same storage) unless
    # autograd hands over a strided gradient.
    function(params, vectors, x.detach().contiguous(), out, interpolation, threads, step_size, filter)
    return out


@torch.library.custom_op("pyronn::forward", mutates_args=())
def _forward(x: torch.Tensor, params: list[float], vectors: list[float], interpolation: str, threads: int,
             step_size: float) -> torch.Tensor:
    return _run(_core.forward, x, params, vectors, interpolation, threads, step_size, "ram_lak", True, False)


@torch.library.custom_op("pyronn::adjoint", mutates_args=())
def _adjoint(y: torch.Tensor, params: list[float], vectors: list[float], interpolation: str, threads: int,
             step_size: float) -> torch.Tensor:
    return _run(_core.adjoint, y, params, vectors, interpolation, threads, step_size, "ram_lak", False, True)


@torch.library.custom_op("pyronn::backproject_fbp", mutates_args=())
def _backproject_fbp(y: torch.Tensor, params: list[float], vectors: list[float], interpolation: str, threads: int,
                     step_size: float) -> torch.Tensor:
    return _run(_core.backproject_fbp, y, params, vectors, interpolation, threads, step_size, "ram_lak", False, True)


@torch.library.custom_op("pyronn::fbp", mutates_args=())
def _fbp(y: torch.Tensor, params: list[float], vectors: list[float], filter: str, interpolation: str,
         threads: int) -> torch.Tensor:
    return _run(_core.fbp, y, params, vectors, interpolation, threads, 0.5, filter, False, True)


# Shapes only, never data: what torch.compile and FakeTensor see.
@_forward.register_fake
def _(x, params, vectors, interpolation, threads, step_size):
    return _output_like(x, params, True, False)


@_adjoint.register_fake
def _(y, params, vectors, interpolation, threads, step_size):
    return _output_like(y, params, False, True)


@_backproject_fbp.register_fake
def _(y, params, vectors, interpolation, threads, step_size):
    return _output_like(y, params, False, True)


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


_forward.register_autograd(_forward_backward, setup_context=_keep_geometry)
_adjoint.register_autograd(_adjoint_backward, setup_context=_keep_geometry)


def _geometry_args(geometry, interpolation, threads, step_size):
    _check_geometry(geometry)
    _check_choice(interpolation, ("software", "texture"), "interpolation")
    return geometry.params, geometry.vectors, interpolation, int(threads), float(step_size)


def forward(x, geometry, interpolation="software", threads=0, step_size=0.5):
    """A x: projections of images/volumes x (..., [Z,] Y, X); its gradient is adjoint."""
    return _forward(x, *_geometry_args(geometry, interpolation, threads, step_size))


def adjoint(y, geometry, interpolation="software", threads=0, step_size=0.5):
    """A^T y, the exact transpose of forward; its gradient is forward."""
    return _adjoint(y, *_geometry_args(geometry, interpolation, threads, step_size))


def backproject_fbp(y, geometry, interpolation="software", threads=0, step_size=0.5):
    """FBP's distance-weighted backprojection (no gradient yet)."""
    return _backproject_fbp(y, *_geometry_args(geometry, interpolation, threads, step_size))


def fbp(y, geometry, filter="ram_lak", interpolation="software", threads=0):
    """FBP / FDK reconstruction of projections y (no gradient yet)."""
    _check_choice(filter, FILTERS, "filter")
    params, vectors, interpolation, threads, _ = _geometry_args(geometry, interpolation, threads, 0.5)
    return _fbp(y, params, vectors, filter, interpolation, threads)


class _GeometryModule(torch.nn.Module):
    def __init__(self, geometry, interpolation, threads, step_size):
        super().__init__()
        self.params, self.vectors, self.interpolation, self.threads, self.step_size = _geometry_args(
            geometry, interpolation, threads, step_size)


class ForwardProjection(_GeometryModule):
    """y = A x as a layer; trains through its exact adjoint."""

    def __init__(self, geometry, interpolation="software", threads=0, step_size=0.5):
        super().__init__(geometry, interpolation, threads, step_size)

    def forward(self, x):
        return _forward(x, self.params, self.vectors, self.interpolation, self.threads, self.step_size)


class Backprojection(_GeometryModule):
    """x = A^T y as a layer (the exact adjoint); trains through forward."""

    def __init__(self, geometry, interpolation="software", threads=0, step_size=0.5):
        super().__init__(geometry, interpolation, threads, step_size)

    def forward(self, y):
        return _adjoint(y, self.params, self.vectors, self.interpolation, self.threads, self.step_size)


class FBP(_GeometryModule):
    """FBP / FDK as a layer (no gradient yet)."""

    def __init__(self, geometry, filter="ram_lak", interpolation="software", threads=0):
        super().__init__(geometry, interpolation, threads, 0.5)
        _check_choice(filter, FILTERS, "filter")
        self.filter = filter

    def forward(self, y):
        return _fbp(y, self.params, self.vectors, self.filter, self.interpolation, self.threads)
