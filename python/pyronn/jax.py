"""JAX operators (``import pyronn.jax``): the projector's operators through XLA's FFI, usable
under jit, grad and vmap, each with its exact transpose as its gradient (jax.custom_vjp):
forward <-> adjoint, backproject_fbp <-> backproject_fbp_transpose. CPU arrays, and CUDA arrays
in a build with the CUDA driver (pyronn.has_cuda): the handlers for platform "CUDA" queue their
work on XLA's stream for the call. The geometry is passed as attributes (plain numbers), so jit
traces nothing but the arrays.

Needs a pyronn built with JAX's FFI headers at hand, as `pip install .` does (pyproject.toml
asks for jax at build time); jax itself is needed only to import this module.
"""

from functools import partial

import jax
import jax.numpy as jnp
import numpy as np

from . import _core, _errors
from .operators import MODELS, _check_choice, _check_geometry, sinogram_shape_of, volume_shape_of

if not getattr(_core, "has_jax", False):
    raise ImportError("pyronn.jax: this build of pyronn has no JAX FFI handlers (JAX was not importable when it "
                      "was built); rebuild it with jax installed: pip install jax && pip install --no-build-isolation .")

__all__ = ["forward", "adjoint", "backproject_fbp", "backproject_fbp_transpose"]

for _name, _handler in _core.jax_handlers().items():
    jax.ffi.register_ffi_target(f"pyronn_{_name}", _handler, platform="cpu")
# Empty in a build without the CUDA driver; XLA uses them when a computation runs on a GPU.
for _name, _handler in _core.jax_cuda_handlers().items():
    jax.ffi.register_ffi_target(f"pyronn_{_name}", _handler, platform="CUDA")


def _spec(geometry, interpolation, threads, model, step_size):
    """Everything but the arrays, as a hashable tuple (a static argument of custom_vjp)."""
    _check_geometry(geometry)
    _check_choice(interpolation, ("software", "texture"), "interpolation")
    _check_choice(model, MODELS, "model")
    return (tuple(geometry.params), tuple(geometry.vectors), interpolation, int(threads), model, float(step_size))


def _call(target, x, spec, from_volume, to_volume):
    params, vectors, interpolation, threads, model, step_size = spec
    volume, sinogram = volume_shape_of(params), sinogram_shape_of(params)
    trailing, name = (volume, "volume") if from_volume else (sinogram, "sinogram")
    shape = tuple(getattr(x, "shape", ()))
    if len(shape) < len(trailing) or shape[len(shape) - len(trailing):] != trailing:
        raise _errors.InvalidArgumentError(
            f"pyronn: invalid argument '{name}': must have shape (..., {', '.join(map(str, trailing))}), got {shape}", name)
    if jnp.result_type(x) != jnp.float32:
        raise _errors.ArgumentTypeError(f"pyronn: invalid argument '{name}': must be float32, got {jnp.result_type(x)}",
                                        name)
    out_shape = shape[:len(shape) - len(trailing)] + (volume if to_volume else sinogram)
    call = jax.ffi.ffi_call(f"pyronn_{target}", jax.ShapeDtypeStruct(out_shape, jnp.float32),
                            vmap_method="broadcast_all")
    return call(x, params=np.asarray(params, np.float64), vectors=np.asarray(vectors, np.float64),
                interpolation=interpolation, threads=np.int64(threads), model=model, step_size=np.float64(step_size))


def _transpose_pair(name, transpose_name, from_volume):
    """Two custom_vjp functions, each the other's gradient."""

    @partial(jax.custom_vjp, nondiff_argnums=(1,))
    def op(x, spec):
        return _call(name, x, spec, from_volume, not from_volume)

    @partial(jax.custom_vjp, nondiff_argnums=(1,))
    def transpose(y, spec):
        return _call(transpose_name, y, spec, not from_volume, from_volume)

    op.defvjp(lambda x, spec: (op(x, spec), None), lambda spec, _, g: (transpose(g, spec),))
    transpose.defvjp(lambda y, spec: (transpose(y, spec), None), lambda spec, _, g: (op(g, spec),))
    return op, transpose


_forward, _adjoint = _transpose_pair("forward", "adjoint", from_volume=True)
_backproject_fbp_transpose, _backproject_fbp = _transpose_pair("backproject_fbp_transpose", "backproject_fbp",
                                                               from_volume=True)


def forward(x, geometry, interpolation="software", threads=0, model="joseph", step_size=0.5):
    """A x for images/volumes x (..., [Z,] Y, X); its gradient is adjoint."""
    return _forward(x, _spec(geometry, interpolation, threads, model, step_size))


def adjoint(y, geometry, interpolation="software", threads=0, model="joseph", step_size=0.5):
    """A^T y, the exact transpose of forward; its gradient is forward."""
    return _adjoint(y, _spec(geometry, interpolation, threads, model, step_size))


def backproject_fbp(y, geometry, interpolation="software", threads=0):
    """FBP's distance-weighted backprojection; its gradient is backproject_fbp_transpose."""
    return _backproject_fbp(y, _spec(geometry, interpolation, threads, "joseph", 0.5))


def backproject_fbp_transpose(x, geometry, interpolation="software", threads=0):
    """The exact transpose of backproject_fbp; its gradient is backproject_fbp."""
    return _backproject_fbp_transpose(x, _spec(geometry, interpolation, threads, "joseph", 0.5))
