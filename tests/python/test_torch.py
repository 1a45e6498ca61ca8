"""PyTorch: exact gradients through autograd, opcheck, torch.compile, no copies."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
import pyronn.torch as pt  # noqa: E402


def random(shape, seed):
    return torch.randn(shape, generator=torch.Generator().manual_seed(seed))


@pytest.mark.parametrize("interpolation", ["software", "texture"])
def test_gradient_of_forward_is_the_adjoint(geometry, interpolation):
    x = random((2,) + geometry.volume_shape, 1).requires_grad_()
    y = random((2,) + geometry.sinogram_shape, 2)
    ax = pt.forward(x, geometry, interpolation, threads=2)
    (grad,) = torch.autograd.grad((ax * y).sum(), x)
    lhs, rhs = torch.vdot(ax.detach().double().ravel(), y.double().ravel()), torch.vdot(x.detach().double().ravel(), grad.double().ravel())
    error = float(abs(lhs - rhs) / (ax.detach().norm() * y.norm()))
    print(f"[figure] torch dot test forward {type(geometry).__name__} {interpolation}: {error:.2e}")
    assert error <= 1e-5


@pytest.mark.parametrize("interpolation", ["software", "texture"])
def test_gradient_of_adjoint_is_forward(geometry, interpolation):
    y = random((3,) + geometry.sinogram_shape, 3).requires_grad_()
    x = random((3,) + geometry.volume_shape, 4)
    aty = pt.adjoint(y, geometry, interpolation, threads=2)
    (grad,) = torch.autograd.grad((aty * x).sum(), y)
    lhs, rhs = torch.vdot(aty.detach().double().ravel(), x.double().ravel()), torch.vdot(y.detach().double().ravel(), grad.double().ravel())
    error = float(abs(lhs - rhs) / (aty.detach().norm() * x.norm()))
    print(f"[figure] torch dot test adjoint {type(geometry).__name__} {interpolation}: {error:.2e}")
    assert error <= 1e-5


@pytest.mark.parametrize("interpolation", ["software", "texture"])
def test_gradient_of_backproject_fbp_is_its_transpose(geometry, interpolation):
    y = random((2,) + geometry.sinogram_shape, 12).requires_grad_()
    x = random((2,) + geometry.volume_shape, 13)
    by = pt.backproject_fbp(y, geometry, interpolation, threads=2)
    (grad,) = torch.autograd.grad((by * x).sum(), y)
    lhs, rhs = torch.vdot(by.detach().double().ravel(), x.double().ravel()), torch.vdot(y.detach().double().ravel(), grad.double().ravel())
    error = float(abs(lhs - rhs) / (by.detach().norm() * x.norm()))
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
    error = float(abs(torch.vdot(ax.detach().double().ravel(), y.double().ravel())
                      - torch.vdot(x.detach().double().ravel(), grad.double().ravel())) / (ax.detach().norm() * y.norm()))
    print(f"[figure] torch dot test 3D forward, {model}: {error:.2e}")
    assert error <= 1e-5
    np.testing.assert_array_equal(ax.detach().numpy(), p.Projector(g, threads=2, model=model).forward(x.detach().numpy()))


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
    plain = y.detach()
    torch.library.opcheck(torch.ops.pyronn.fbp.default, (plain, geometry.params, geometry.vectors, "ram_lak", "software", 2))


def test_compile_fullgraph_equals_eager(geometry):
    model = torch.nn.Sequential(pt.ForwardProjection(geometry, threads=2), pt.Backprojection(geometry, threads=2))
    x = random((2,) + geometry.volume_shape, 8)
    compiled = torch.compile(model, fullgraph=True, backend="aot_eager")
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


def test_fbp_module_matches_numpy():
    import pyronn as p
    g = p.GeometryParallel2D((32, 32), (1, 1), 48, 1.0, 40, np.pi)
    y = torch.from_numpy(p.Projector(g).forward(p.rasterize_2d(p.shepp_logan_2d(14.0), g)))
    np.testing.assert_array_equal(pt.FBP(g, "hann")(y).numpy(), p.FBP(g, "hann")(y.numpy()))


import pyronn  # noqa: E402
