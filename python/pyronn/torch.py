"""PyTorch operators (``import pyronn.torch``): custom ops with exact gradients and Module wrappers.

The ops are registered with torch.library.custom_op, so torch.compile traces them without graph
breaks; the geometry enters as plain numbers (params, vectors). One implementation serves every
device: CPU tensors go to the host driver, CUDA tensors (a build with pyronn.has_cuda) to the CUDA
driver on torch.cuda.current_stream(), outputs come from torch.empty on the input's device.
Each op's gradient is its exact transpose: forward <-> adjoint, backproject_fbp <->
backproject_fbp_transpose, and FBP's weighted row filter (filter_rows) has gradients with respect
to the data, the weights and the taps, so FBP / FDK (fbp, the FBP module) has an exact gradient end
to end and can learn its filter and weights. apply_weights is the per-ray weight operator
(pyronn.weights) with its gradients.
"""

import numpy as np
import torch

from . import _core
from .operators import FILTERS, MODELS, _check_choice, _check_geometry, output_shape, sinogram_shape_of, volume_shape_of

__all__ = ["forward", "adjoint", "backproject_fbp", "backproject_fbp_transpose", "filter_rows", "fbp_filter_parts",
           "fbp", "apply_weights", "ForwardProjection", "Backprojection", "FBPBackprojection", "FBP"]


def _output_like(x, params, from_volume, to_volume):
    volume, sinogram = volume_shape_of(params), sinogram_shape_of(params)
    shape = output_shape(x, "volume" if from_volume else "sinogram", volume if from_volume else sinogram,
                         volume if to_volume else sinogram)
    return x.new_empty(shape)


def _stream(x):
    """The cudaStream_t (as an integer) that work on x's device is queued on: PyTorch's current stream."""
    return torch.cuda.current_stream(x.device).cuda_stream if x.is_cuda else 0


def _run(function, x, params, vectors, interpolation, threads, model, step_size, filter, from_volume, to_volume):
    out = _output_like(x, params, from_volume, to_volume)
    # detach: DLPack refuses tensors that require grad; contiguous: a no-op (same storage) unless
    # autograd hands over a strided gradient.
    function(params, vectors, x.detach().contiguous(), out, interpolation, threads, model, step_size, filter,
             _stream(x))
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


# FBP's weighted row filter: out[..., view, (v,) n] = sum_m taps[n - m + U - 1] * redundancy[view, m]
# (* cosine[v, m]) * y[..., view, (v,) m]. cosine is an empty tensor for 2D geometries.
@torch.library.custom_op("pyronn::filter_rows", mutates_args=())
def _filter_rows(y: torch.Tensor, redundancy: torch.Tensor, cosine: torch.Tensor, taps: torch.Tensor,
                 threads: int) -> torch.Tensor:
    out = torch.empty_like(y, memory_format=torch.contiguous_format)
    _core.filter_rows(*_plain(y, out, redundancy, cosine, taps), threads, _stream(y))
    return out


@torch.library.custom_op("pyronn::filter_rows_adjoint", mutates_args=())
def _filter_rows_adjoint(grad: torch.Tensor, redundancy: torch.Tensor, cosine: torch.Tensor, taps: torch.Tensor,
                         threads: int) -> torch.Tensor:
    out = torch.empty_like(grad, memory_format=torch.contiguous_format)
    _core.filter_rows_adjoint(*_plain(grad, out, redundancy, cosine, taps), threads, _stream(grad))
    return out


@torch.library.custom_op("pyronn::filter_rows_taps_gradient", mutates_args=())
def _filter_rows_taps_gradient(y: torch.Tensor, grad: torch.Tensor, redundancy: torch.Tensor, cosine: torch.Tensor,
                               taps: torch.Tensor, threads: int) -> torch.Tensor:
    out = taps.new_empty(taps.shape)
    y, grad, redundancy, cosine, taps = _plain(y, grad, redundancy, cosine, taps)
    _core.filter_rows_taps_gradient(y, grad, out, redundancy, cosine, taps, threads, _stream(y))
    return out


def _plain(*tensors):
    # detach: DLPack refuses tensors that require grad; contiguous: a no-op unless strided.
    return tuple(t.detach().contiguous() for t in tensors)


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


@_filter_rows.register_fake
def _(y, redundancy, cosine, taps, threads):
    return torch.empty_like(y, memory_format=torch.contiguous_format)


@_filter_rows_adjoint.register_fake
def _(grad, redundancy, cosine, taps, threads):
    return torch.empty_like(grad, memory_format=torch.contiguous_format)


@_filter_rows_taps_gradient.register_fake
def _(y, grad, redundancy, cosine, taps, threads):
    return taps.new_empty(taps.shape)


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


def _keep_filter(ctx, inputs, output):
    y, redundancy, cosine, taps, threads = inputs
    ctx.save_for_backward(y, redundancy, cosine, taps)
    ctx.threads = threads


def _filter_rows_backward(ctx, grad):
    y, redundancy, cosine, taps = ctx.saved_tensors
    grads = [None] * 5
    if ctx.needs_input_grad[0]:
        grads[0] = _filter_rows_adjoint(grad, redundancy, cosine, taps, ctx.threads)
    if ctx.needs_input_grad[1] or ctx.needs_input_grad[2]:
        # The filter's transpose without the weights, then the weights' own gradients: each weight
        # multiplies y where the unweighted transpose of grad meets it.
        unweighted = _filter_rows_adjoint(grad, torch.ones_like(redundancy), torch.ones_like(cosine), taps, ctx.threads)
        product = y * unweighted  # [..., views, (V,) U]
        if cosine.numel() == 0:
            grads[1] = product.reshape((-1,) + tuple(redundancy.shape)).sum(0)
        else:
            per_item = product.reshape((-1, redundancy.shape[0]) + tuple(cosine.shape))
            grads[1] = (per_item * cosine).sum((0, 2))
            grads[2] = (per_item * redundancy[:, None, :]).sum((0, 1))
    if ctx.needs_input_grad[3]:
        grads[3] = _filter_rows_taps_gradient(y, grad, redundancy, cosine, taps, ctx.threads)
    return tuple(grads)


_filter_rows.register_autograd(_filter_rows_backward, setup_context=_keep_filter)


# The per-ray weights (pyronn.weights): y * weights with weights shaped to broadcast against the
# projections [..., views, (V,) U]; sinogram_shape is the projections' trailing shape.
@torch.library.custom_op("pyronn::apply_weights", mutates_args=())
def _apply_weights(y: torch.Tensor, weights: torch.Tensor, sinogram_shape: list[int], threads: int) -> torch.Tensor:
    out = torch.empty_like(y, memory_format=torch.contiguous_format)
    y, weights = _plain(y, weights)
    _core.apply_weights(y, weights, out, sinogram_shape, threads, _stream(y))
    return out


@torch.library.custom_op("pyronn::weight_gradient", mutates_args=())
def _weight_gradient(grad: torch.Tensor, y: torch.Tensor, weights: torch.Tensor, sinogram_shape: list[int],
                     threads: int) -> torch.Tensor:
    out = weights.new_empty(weights.shape)
    grad, y = _plain(grad, y)
    _core.weight_gradient(grad, y, out, sinogram_shape, threads, _stream(y))
    return out


@_apply_weights.register_fake
def _(y, weights, sinogram_shape, threads):
    return torch.empty_like(y, memory_format=torch.contiguous_format)


@_weight_gradient.register_fake
def _(grad, y, weights, sinogram_shape, threads):
    return weights.new_empty(weights.shape)


def _keep_weights(ctx, inputs, output):
    y, weights, sinogram_shape, threads = inputs
    ctx.save_for_backward(y, weights)
    ctx.sinogram_shape, ctx.threads = sinogram_shape, threads


# Elementwise: the gradient with respect to y is the weight, with respect to the weights the data.
def _apply_weights_backward(ctx, grad):
    y, weights = ctx.saved_tensors
    grad_y = _apply_weights(grad, weights, ctx.sinogram_shape, ctx.threads) if ctx.needs_input_grad[0] else None
    grad_w = _weight_gradient(grad, y, weights, ctx.sinogram_shape, ctx.threads) if ctx.needs_input_grad[1] else None
    return grad_y, grad_w, None, None


_apply_weights.register_autograd(_apply_weights_backward, setup_context=_keep_weights)


# torch.func.vmap: a mapped y is one more leading batch dimension; mapped weights differ per entry,
# so each entry is its own call.
def _apply_weights_vmap(info, in_dims, y, weights, sinogram_shape, threads):
    y_dim, weights_dim = in_dims[0], in_dims[1]
    if weights_dim is None:
        return _apply_weights(y.movedim(y_dim, 0), weights, sinogram_shape, threads), 0
    ys = y.movedim(y_dim, 0) if y_dim is not None else y.expand((info.batch_size,) + tuple(y.shape))
    ws = weights.movedim(weights_dim, 0)
    return torch.stack([_apply_weights(ys[i], ws[i], sinogram_shape, threads) for i in range(info.batch_size)]), 0


_apply_weights.register_vmap(_apply_weights_vmap)


# torch.func.vmap: every projector op treats leading dimensions as a batch, so a mapped dimension
# only has to be moved to the front.
def _register_vmap(op):
    op.register_vmap(lambda info, in_dims, x, *geometry: _vmapped(op, in_dims, x, geometry))


def _vmapped(op, in_dims, x, geometry):
    # The geometry arguments are plain numbers and strings: only the array can be mapped.
    if in_dims[0] is None:
        return op(x, *geometry), None
    return op(x.movedim(in_dims[0], 0), *geometry), 0


for _op in (_forward, _adjoint, _backproject_fbp, _backproject_fbp_transpose):
    _register_vmap(_op)
_forward.register_autograd(_forward_backward, setup_context=_keep_geometry)
_adjoint.register_autograd(_adjoint_backward, setup_context=_keep_geometry)
_backproject_fbp.register_autograd(_backproject_fbp_backward, setup_context=_keep_geometry)
_backproject_fbp_transpose.register_autograd(_backproject_fbp_transpose_backward, setup_context=_keep_geometry)


# The geometry's numbers, read eagerly when torch.compile traces a call of the functional API
# (geometry.vectors comes from a NumPy array, which Dynamo would otherwise try to trace): the
# geometry is a constant of the compiled graph, as it is of a module.
@torch.compiler.assume_constant_result
def _geometry_numbers(geometry):
    return tuple(geometry.params), tuple(geometry.vectors)


def _geometry_args(geometry, interpolation, threads, model, step_size):
    _check_geometry(geometry)
    _check_choice(interpolation, ("software", "texture"), "interpolation")
    _check_choice(model, MODELS, "model")
    params, vectors = _geometry_numbers(geometry)
    return list(params), list(vectors), interpolation, int(threads), model, float(step_size)


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


def filter_rows(y, redundancy, cosine, taps, threads=0):
    """FBP's weighted row filter, differentiable in y, the weights and the taps. redundancy:
    [views][U]; cosine: [V][U] (3D) or an empty tensor (2D); taps: [2U - 1]."""
    return _filter_rows(y, redundancy, cosine, taps, int(threads))


def fbp_filter_parts(geometry, filter="ram_lak"):
    """(redundancy, cosine, taps) that pyronn.FBP / FDK use for this geometry, as tensors
    (cosine empty in 2D)."""
    _check_geometry(geometry)
    _check_choice(filter, FILTERS, "filter")
    redundancy, cosine, taps = _core.fbp_filter_parts(geometry.params, geometry.vectors, filter)
    cosine = np.empty(0, np.float32) if cosine is None else cosine
    return tuple(torch.from_numpy(np.array(a)) for a in (redundancy, cosine, taps))


def fbp(y, geometry, filter="ram_lak", interpolation="software", threads=0):
    """FBP / FDK reconstruction of projections y, with an exact gradient (filter_rows, then
    backproject_fbp)."""
    redundancy, cosine, taps = (part.to(y.device) for part in fbp_filter_parts(geometry, filter))
    args = _geometry_args(geometry, interpolation, threads, "joseph", 0.5)
    return _backproject_fbp(_filter_rows(y, redundancy, cosine, taps, args[3]), *args)


def apply_weights(y, weights, geometry, threads=0):
    """y * weights for projections y (..., views, [V,] U) and per-ray weights shaped as
    pyronn.cosine_weights / parker_weights give them (or one per ray), differentiable in both:
    trainable weights get the data as their gradient, summed over what they broadcast along."""
    _check_geometry(geometry)
    return _apply_weights(y, weights, list(sinogram_shape_of(geometry.params)), int(threads))


class _GeometryModule(torch.nn.Module):
    def __init__(self, geometry, interpolation, threads, model="joseph", step_size=0.5):
        super().__init__()
        # (params, vectors, interpolation, threads, model, step_size): the ops' arguments after the array.
        self.args = _geometry_args(geometry, interpolation, threads, model, step_size)


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
    """FBP / FDK as a layer: weights, row filter, FBP backprojection, with an exact gradient
    through all three. trainable names the parts that are parameters (learned by the optimiser):
    any of "taps", "redundancy", "cosine" (3D); the others are buffers. They start as pyronn.FBP's.
    """

    def __init__(self, geometry, filter="ram_lak", interpolation="software", threads=0, trainable=()):
        super().__init__(geometry, interpolation, threads)
        for name in trainable:
            _check_choice(name, ("taps", "redundancy", "cosine"), "trainable")
        for name, value in zip(("redundancy", "cosine", "taps"), fbp_filter_parts(geometry, filter)):
            if name in trainable:
                self.register_parameter(name, torch.nn.Parameter(value))
            else:
                self.register_buffer(name, value)

    def forward(self, y):
        filtered = _filter_rows(y, self.redundancy, self.cosine, self.taps, self.args[3])
        return _backproject_fbp(filtered, *self.args)
