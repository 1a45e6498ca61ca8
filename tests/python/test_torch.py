"""PyTorch: exact gradients through autograd, opcheck, torch.compile, no copies."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
import pyronn  # noqa: E402
import pyronn.torch as pt  # noqa: E402
from cases import dot_mismatch, phantom  # noqa: E402


def random(shape, seed):
    return torch.randn(shape, generator=torch.Generator().manual_seed(seed))


@pytest.mark.parametrize("interpolation", ["software", "texture"])
def test_gradient_of_forward_is_the_adjoint(geometry, interpolation):
    x = random((2,) + geometry.volume_shape, 1).requires_grad_()
    y = random((2,) + geometry.sinogram_shape, 2)
    ax = pt.forward(x, geometry, interpolation, threads=2)
    (grad,) = torch.autograd.grad((ax * y).sum(), x)
    error = dot_mismatch(ax.detach(), y, x.detach(), grad)
    print(f"[figure] torch dot test forward {type(geometry).__name__} {interpolation}: {error:.2e}")
    assert error <= 1e-5


@pytest.mark.parametrize("interpolation", ["software", "texture"])
def test_gradient_of_adjoint_is_forward(geometry, interpolation):
    y = random((3,) + geometry.sinogram_shape, 3).requires_grad_()
    x = random((3,) + geometry.volume_shape, 4)
    aty = pt.adjoint(y, geometry, interpolation, threads=2)
    (grad,) = torch.autograd.grad((aty * x).sum(), y)
    error = dot_mismatch(aty.detach(), x, y.detach(), grad)
    print(f"[figure] torch dot test adjoint {type(geometry).__name__} {interpolation}: {error:.2e}")
    assert error <= 1e-5


@pytest.mark.parametrize("interpolation", ["software", "texture"])
def test_gradient_of_backproject_fbp_is_its_transpose(geometry, interpolation):
    y = random((2,) + geometry.sinogram_shape, 12).requires_grad_()
    x = random((2,) + geometry.volume_shape, 13)
    by = pt.backproject_fbp(y, geometry, interpolation, threads=2)
    (grad,) = torch.autograd.grad((by * x).sum(), y)
    error = dot_mismatch(by.detach(), x, y.detach(), grad)
    print(f"[figure] torch dot test backproject_fbp {type(geometry).__name__} {interpolation}: {error:.2e}")
    assert error <= 1e-5
    # and the transpose's gradient is backproject_fbp
    xt = x.clone().requires_grad_()
    bt = pt.backproject_fbp_transpose(xt, geometry, interpolation, threads=2)
    (grad_t,) = torch.autograd.grad((bt * y.detach()).sum(), xt)
    torch.testing.assert_close(grad_t, by.detach(), rtol=0, atol=0)


@pytest.mark.parametrize("model", ["joseph", "ray_march"])
def test_3d_models_have_exact_gradients(model):
    import pyronn as p
    g = p.GeometryCone3D((10, 12, 11), (1, 1, 1), (14, 16), (1.5, 1.5), 12, 2 * np.pi, 200, 100)
    x = random((2,) + g.volume_shape, 14).requires_grad_()
    y = random((2,) + g.sinogram_shape, 15)
    ax = pt.forward(x, g, threads=2, model=model)
    (grad,) = torch.autograd.grad((ax * y).sum(), x)
    error = dot_mismatch(ax.detach(), y, x.detach(), grad)
    print(f"[figure] torch dot test 3D forward, {model}: {error:.2e}")
    assert error <= 1e-5
    np.testing.assert_array_equal(ax.detach().numpy(), p.Projector(g, threads=2, model=model).forward(x.detach().numpy()))


def test_vmap_equals_the_batch(geometry):
    x = random((3,) + geometry.volume_shape, 20)
    batched = pt.forward(x, geometry, threads=2)
    mapped = torch.func.vmap(lambda v: pt.forward(v, geometry, threads=2))(x)
    torch.testing.assert_close(mapped, batched, rtol=0, atol=0)
    moved = torch.func.vmap(lambda v: pt.adjoint(v, geometry, threads=2), in_dims=1)(batched.movedim(0, 1))
    torch.testing.assert_close(moved, pt.adjoint(batched, geometry, threads=2), rtol=0, atol=0)
    # and gradients through it
    xg = x.clone().requires_grad_()
    torch.func.vmap(lambda v: pt.forward(v, geometry, threads=2))(xg).sum().backward()
    torch.testing.assert_close(xg.grad, pt.adjoint(torch.ones_like(batched), geometry, threads=2), rtol=0, atol=0)


def test_torch_equals_numpy(geometry):
    x = random((2,) + geometry.volume_shape, 5)
    expected = pyronn.Projector(geometry, threads=2).forward(x.numpy())
    np.testing.assert_array_equal(pt.forward(x, geometry, threads=2).numpy(), expected)


def test_opcheck(geometry):
    x = random((2,) + geometry.volume_shape, 6).requires_grad_()
    y = random((2,) + geometry.sinogram_shape, 7).requires_grad_()
    g = (geometry.params, geometry.vectors, "software", 2, "joseph", 0.5)
    torch.library.opcheck(torch.ops.pyronn.forward.default, (x,) + g)
    torch.library.opcheck(torch.ops.pyronn.adjoint.default, (y,) + g)
    torch.library.opcheck(torch.ops.pyronn.backproject_fbp.default, (y,) + g)
    torch.library.opcheck(torch.ops.pyronn.backproject_fbp_transpose.default, (x,) + g)
    redundancy, cosine, taps = pt.fbp_filter_parts(geometry)
    torch.library.opcheck(torch.ops.pyronn.filter_rows.default,
                          (y, redundancy.requires_grad_(), cosine.requires_grad_(), taps.requires_grad_(), 2))


def test_compile_fullgraph_equals_eager(geometry):
    model = torch.nn.Sequential(pt.ForwardProjection(geometry, threads=2), pt.Backprojection(geometry, threads=2))
    x = random((2,) + geometry.volume_shape, 8)
    compiled = torch.compile(model, fullgraph=True, backend="aot_eager")
    torch.testing.assert_close(compiled(x), model(x), rtol=0, atol=0)


def test_compile_with_inductor_equals_eager():
    """The default backend (Inductor, which compiles the graph's own ops to C++ with g++ on CPU) around
    the custom ops: one graph (fullgraph), the eager results. The elementwise ops between the
    projections are exact in float, so the results are compared bit for bit."""
    geometry = pyronn.GeometryFan2D((24, 24), (1.0, 1.0), 32, 1.0, 20, 2 * np.pi, 500.0, 300.0)
    fbp = pt.FBP(geometry, "hann", threads=2, trainable=("taps",))

    def model(x):
        y = pt.forward(x, geometry, threads=2)
        return fbp(torch.relu(y) * 2.0) - x

    x = random((2,) + geometry.volume_shape, 21)
    torch._dynamo.reset()
    compiled = torch.compile(model, fullgraph=True)
    torch.testing.assert_close(compiled(x), model(x), rtol=0, atol=0)


def test_out_and_input_pointers_are_used_in_place(geometry):
    projector = pyronn.Projector(geometry, threads=2)
    x = random(geometry.volume_shape, 9)
    out = torch.full(geometry.sinogram_shape, float("nan"))
    pointer = out.data_ptr()
    assert projector.forward(x, out=out) is out and out.data_ptr() == pointer
    np.testing.assert_array_equal(out.numpy(), projector.forward(x.numpy()))
    # The input is read where it lies: a change made through the tensor is seen by the operator.
    x[0, 0] += 1.0
    assert not torch.equal(projector.forward(x, out=torch.empty_like(out)), out)


def test_fbp_module_matches_numpy(geometry):
    y = torch.from_numpy(pyronn.Projector(geometry).forward(phantom(geometry)))
    expected = pyronn.FBP(geometry, "hann", threads=2)(y.numpy())
    np.testing.assert_allclose(pt.FBP(geometry, "hann", threads=2)(y).numpy(), expected, rtol=0,
                               atol=1e-6 * np.abs(expected).max())
    np.testing.assert_allclose(pt.fbp(y, geometry, "hann", threads=2).numpy(), expected, rtol=0,
                               atol=1e-6 * np.abs(expected).max())


@pytest.mark.filterwarnings("ignore:Input #[0-9]+ requires gradient and is not a double precision")
def test_filter_rows_gradients_by_gradcheck(geometry):
    """The row filter's gradients with respect to the data, the weights and the taps against finite
    differences, in float32: the filter is linear in each, so a large step loses nothing but
    rounding (eps 1e-2, atol 2e-3, rtol 1e-2)."""
    redundancy, cosine, taps = (t.clone().requires_grad_() for t in pt.fbp_filter_parts(geometry))
    y = random((1,) + geometry.sinogram_shape, 16).requires_grad_()
    inputs = (y, redundancy, cosine if cosine.numel() else cosine.detach(), taps)
    assert torch.autograd.gradcheck(lambda *a: pt.filter_rows(*a, threads=2), inputs, eps=1e-2, atol=2e-3, rtol=1e-2,
                                    fast_mode=True)


def test_trainable_fbp_has_exact_gradients(geometry):
    """Through the whole FBP layer: the data's gradient passes the dot-product test, and a small
    step against the taps' and weights' gradients lowers the loss by what the gradients predict."""
    trainable = ("taps", "redundancy") + (("cosine",) if len(geometry.volume_shape) == 3 else ())
    layer = pt.FBP(geometry, threads=2, trainable=trainable)
    y = random((2,) + geometry.sinogram_shape, 17).requires_grad_()
    x = random((2,) + geometry.volume_shape, 18)
    out = layer(y)
    loss = (out * x).sum()
    parameters = [p for p in layer.parameters()]
    grads = torch.autograd.grad(loss, [y] + parameters)
    error = dot_mismatch(out.detach(), x, y.detach(), grads[0])
    print(f"[figure] torch dot test trainable FBP {type(geometry).__name__}: {error:.2e}")
    assert error <= 1e-5
    # Linear in each parameter: a step of -s g changes <out, x> by -s |g|^2 exactly (up to rounding).
    step = 1e-3 / max(float(g.norm()) for g in grads[1:])
    predicted = -step * sum(float((g.double() ** 2).sum()) for g in grads[1:])
    with torch.no_grad():
        for p, g in zip(parameters, grads[1:]):
            p -= step * g
        changed = float((layer(y.detach()) * x).sum()) - float(loss)
    print(f"[figure] trainable FBP {type(geometry).__name__}: loss change {changed:.4e}, predicted {predicted:.4e}")
    assert changed == pytest.approx(predicted, rel=0.05)


def test_trainable_fbp_compiles_fullgraph():
    g = pyronn.GeometryFan2D((24, 24), (1, 1), 40, 1.0, 30, 2 * np.pi, 300.0, 150.0)
    layer = pt.FBP(g, threads=2, trainable=("taps", "redundancy"))
    y = random((2,) + g.sinogram_shape, 19)
    compiled = torch.compile(layer, fullgraph=True, backend="aot_eager")
    torch.testing.assert_close(compiled(y), layer(y), rtol=0, atol=0)
