"""JAX: the operators through XLA's FFI under jit, grad and vmap, with exact gradients."""

import numpy as np
import pytest

jax = pytest.importorskip("jax")
import jax.numpy as jnp  # noqa: E402

import pyronn  # noqa: E402

if not pyronn.has_jax:
    pytest.skip("pyronn was built without JAX's FFI headers (tests/run.sh builds with them)", allow_module_level=True)

import pyronn.jax as pj  # noqa: E402
from cases import dot_mismatch  # noqa: E402


def random(shape, seed):
    return jnp.asarray(np.random.default_rng(seed).standard_normal(shape).astype(np.float32))


PAIRS = [("forward", "adjoint", pj.forward, pj.adjoint), ("backproject_fbp_transpose", "backproject_fbp",
                                                         pj.backproject_fbp_transpose, pj.backproject_fbp)]


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p[0])
def test_each_gradient_is_the_exact_transpose(geometry, pair):
    _, _, op, transpose = pair
    x = random((2,) + geometry.volume_shape, 1)
    y = random((2,) + geometry.sinogram_shape, 2)
    ax, pullback = jax.vjp(lambda v: op(v, geometry, threads=2), x)
    (grad_x,) = pullback(y)
    error = dot_mismatch(ax, y, x, grad_x)
    print(f"[figure] jax dot test {pair[0]} {type(geometry).__name__}: {error:.2e}")
    assert error <= 1e-5
    aty, pullback_t = jax.vjp(lambda w: transpose(w, geometry, threads=2), y)
    np.testing.assert_array_equal(np.asarray(pullback_t(x)[0]), np.asarray(op(x, geometry, threads=2)))
    np.testing.assert_array_equal(np.asarray(grad_x), np.asarray(aty))


def test_equals_numpy_jit_and_vmap(geometry):
    x = random((3,) + geometry.volume_shape, 3)
    eager = pj.forward(x, geometry, threads=2)
    np.testing.assert_array_equal(np.asarray(eager), pyronn.Projector(geometry, threads=2).forward(np.asarray(x)))
    jitted = jax.jit(lambda v: pj.forward(v, geometry, threads=2))(x)
    np.testing.assert_array_equal(np.asarray(jitted), np.asarray(eager))
    mapped = jax.vmap(lambda v: pj.forward(v, geometry, threads=2))(x)
    np.testing.assert_array_equal(np.asarray(mapped), np.asarray(eager))


def test_grad_under_jit_of_a_least_squares_loss(geometry):
    x = random(geometry.volume_shape, 4)
    b = random(geometry.sinogram_shape, 5)
    loss = jax.jit(jax.grad(lambda v: 0.5 * jnp.sum((pj.forward(v, geometry, threads=2) - b) ** 2)))
    residual = pj.forward(x, geometry, threads=2) - b
    np.testing.assert_allclose(np.asarray(loss(x)), np.asarray(pj.adjoint(residual, geometry, threads=2)), rtol=1e-5,
                               atol=1e-5 * float(jnp.abs(residual).max()))


def test_bad_input_raises_pyronn_errors(geometry):
    with pytest.raises(pyronn.InvalidArgumentError) as info:
        pj.forward(jnp.zeros((3, 3), jnp.float32), geometry)
    assert info.value.parameter == "volume"
    with pytest.raises(pyronn.ArgumentTypeError):
        pj.adjoint(jnp.zeros(geometry.sinogram_shape, jnp.int32), geometry)
    with pytest.raises(pyronn.InvalidArgumentError):
        pj.forward(jnp.zeros(geometry.volume_shape, jnp.float32), geometry, model="siddon")
