"""The extension's CUDA driver against its host driver: every operator on CUDA tensors equals the
host result to float rounding, writes the caller's `out`, runs on the stream it is given (PyTorch's
current stream for pyronn.torch, XLA's for pyronn.jax) without waiting for it, and refuses mixed
devices. Needs a GPU, PyTorch with CUDA and a pyronn built with the CUDA driver (pyronn.has_cuda:
`pip install .` where nvcc is found); skipped otherwise, saying which is missing."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
import pyronn  # noqa: E402
import pyronn.torch as pt  # noqa: E402
from cases import cone_3d, fan_2d, phantom  # noqa: E402

if not pyronn.has_cuda:
    pytest.skip("this pyronn was built without the CUDA driver (no nvcc at build time)", allow_module_level=True)
if not torch.cuda.is_available():
    pytest.skip("no CUDA device (torch.cuda.is_available() is False)", allow_module_level=True)

OPERATORS = ("forward", "adjoint", "backproject_fbp", "backproject_fbp_transpose")
FROM_VOLUME = {"forward": True, "adjoint": False, "backproject_fbp": False, "backproject_fbp_transpose": True}


def random(shape, seed):
    return torch.randn(shape, generator=torch.Generator().manual_seed(seed))


def assert_rounding_close(actual, expected, relative=1e-5):
    """Equal to float rounding: the two drivers sum in different orders (the CUDA
    backproject_fbp_transpose with atomics, the host FBP filter by FFT where FFTW is found), so the
    bound is relative to the result's largest value, as in the C++ tests (tests/cuda: 1e-5)."""
    actual = actual.detach().cpu().numpy() if isinstance(actual, torch.Tensor) else np.asarray(actual)
    expected = expected.detach().cpu().numpy() if isinstance(expected, torch.Tensor) else np.asarray(expected)
    np.testing.assert_allclose(actual, expected, rtol=0, atol=relative * max(np.abs(expected).max(), 1e-30))


def operand(geometry, name, seed, batch=(2,)):
    shape = geometry.volume_shape if FROM_VOLUME[name] else geometry.sinogram_shape
    return random(batch + shape, seed)


@pytest.mark.parametrize("interpolation", ["software", "texture"])
@pytest.mark.parametrize("name", OPERATORS)
def test_numpy_level_operator_on_cuda_equals_host(geometry, name, interpolation):
    projector = pyronn.Projector(geometry, interpolation, threads=2)
    x = operand(geometry, name, 1)
    expected = getattr(projector, name)(x.numpy())
    x_cuda = x.cuda()
    out = torch.full(expected.shape, float("nan"), device="cuda")
    pointer, input_pointer = out.data_ptr(), x_cuda.data_ptr()
    assert getattr(projector, name)(x_cuda, out=out) is out and out.data_ptr() == pointer
    assert x_cuda.data_ptr() == input_pointer
    torch.cuda.synchronize()
    # The texture units' forward and FBP backprojection interpolate with 8-bit weights, which the
    # host emulates to 1e-2 (tests/cuda/test_cuda_3d.cu); the other two are software arithmetic.
    relative = 1e-2 if interpolation == "texture" and name in ("forward", "backproject_fbp") else 1e-5
    assert_rounding_close(out, expected, relative)
    assert_rounding_close(getattr(projector, name)(x_cuda), expected, relative)  # a new tensor on x's device


# The host filters FBP's rows by FFT where FFTW is found, the extension's CUDA driver by the direct
# sum: both are float rounding of the same sum, but an FFT's rounding is spread over the whole row,
# hence a bound of 1e-4 of the largest value for everything that filters.
FILTERED = 1e-4


@pytest.mark.parametrize("filter", ["ram_lak", "hann"])
def test_fbp_on_cuda_equals_host(geometry, filter):
    fbp = pyronn.FBP(geometry, filter, threads=2)
    y = torch.from_numpy(pyronn.Projector(geometry).forward(phantom(geometry)))[None].repeat(2, *([1] * len(
        geometry.sinogram_shape)))
    expected, filtered = fbp(y.numpy()), fbp.filter(y.numpy())
    y_cuda = y.cuda()
    assert_rounding_close(fbp.filter(y_cuda), filtered, FILTERED)
    assert_rounding_close(fbp(y_cuda), expected, FILTERED)  # scratch from the stream-ordered allocator
    workspace = torch.empty(y.numel(), device="cuda")
    out = torch.empty(expected.shape, device="cuda")
    assert fbp.reconstruct(y_cuda, out=out, workspace=workspace) is out
    assert_rounding_close(out, expected, FILTERED)


def test_torch_ops_and_gradients_on_cuda_equal_host(geometry):
    x = random((2,) + geometry.volume_shape, 3)
    y = random((2,) + geometry.sinogram_shape, 4)
    for op in (pt.forward, pt.backproject_fbp_transpose):
        x_host, x_cuda = x.clone().requires_grad_(), x.cuda().requires_grad_()
        out_host, out_cuda = op(x_host, geometry, threads=2), op(x_cuda, geometry)
        assert out_cuda.device == x_cuda.device
        assert_rounding_close(out_cuda, out_host)
        (grad_host,) = torch.autograd.grad((out_host * y).sum(), x_host)
        (grad_cuda,) = torch.autograd.grad((out_cuda * y.cuda()).sum(), x_cuda)
        assert_rounding_close(grad_cuda, grad_host)


def test_trainable_fbp_on_cuda_equals_host(geometry):
    y = torch.from_numpy(pyronn.Projector(geometry).forward(phantom(geometry)))[None]
    trainable = ("taps", "redundancy", "cosine") if len(geometry.sinogram_shape) == 3 else ("taps", "redundancy")
    layer = pt.FBP(geometry, "hann", threads=2, trainable=trainable)
    layer_cuda = pt.FBP(geometry, "hann", trainable=trainable).cuda()
    target = random((1,) + geometry.volume_shape, 5)
    loss_host = ((layer(y) - target) ** 2).sum()
    loss_cuda = ((layer_cuda(y.cuda()) - target.cuda()) ** 2).sum()
    np.testing.assert_allclose(loss_cuda.item(), loss_host.item(), rtol=FILTERED)
    loss_host.backward()
    loss_cuda.backward()
    for name, parameter in layer.named_parameters():
        assert_rounding_close(dict(layer_cuda.named_parameters())[name].grad, parameter.grad, FILTERED)
    assert_rounding_close(pt.fbp(y.cuda(), geometry, "hann"), pyronn.FBP(geometry, "hann")(y.numpy()), FILTERED)


@pytest.mark.parametrize("make", [fan_2d, cone_3d])
def test_weights_on_cuda_equal_host(make):
    g = make()
    w = torch.from_numpy(pyronn.parker_weights(g)).requires_grad_()
    y = random((2,) + g.sinogram_shape, 6).requires_grad_()
    out_host = pt.apply_weights(y, w, g)
    w_cuda, y_cuda = w.detach().cuda().requires_grad_(), y.detach().cuda().requires_grad_()
    out_cuda = pt.apply_weights(y_cuda, w_cuda, g)
    assert_rounding_close(out_cuda, out_host)
    grads_host = torch.autograd.grad(out_host.square().sum(), (y, w))
    grads_cuda = torch.autograd.grad(out_cuda.square().sum(), (y_cuda, w_cuda))
    for a, b in zip(grads_cuda, grads_host):
        assert_rounding_close(a, b)


def test_calls_run_on_the_given_stream_without_waiting():
    """On a side stream (PyTorch's are non-blocking: the legacy default stream does not wait for
    them), a long sleep, then a fill of x, then the projection. Run on that stream, the projection
    sees the filled x; run anywhere else, it would read x before the fill. The call returns while
    the sleep is still running: nothing waits for the device."""
    g = fan_2d()
    projector = pyronn.Projector(g)
    x = torch.zeros(g.volume_shape, device="cuda")
    out = torch.empty(g.sinogram_shape, device="cuda")
    expected = projector.forward(np.full(g.volume_shape, 3.0, np.float32))
    side = torch.cuda.Stream()
    projector.forward(x, out=out, stream=side)  # the first call uploads the geometry (and waits, once)
    torch.cuda.synchronize()
    with torch.cuda.stream(side):
        torch.cuda._sleep(2_000_000_000)  # about a second of GPU clock cycles
        x.fill_(3.0)
    projector.forward(x, out=out, stream=side)
    assert not side.query(), "the call waited for the stream"
    side.synchronize()
    assert_rounding_close(out, expected)
    # pyronn.torch: PyTorch's current stream.
    x.zero_()
    torch.cuda.synchronize()
    with torch.cuda.stream(side):
        torch.cuda._sleep(2_000_000_000)
        x.fill_(3.0)
        y = pt.forward(x, g)
        assert not side.query()
    side.synchronize()
    assert_rounding_close(y, expected)


def test_mixed_devices_are_refused_naming_the_parameter():
    g = fan_2d()
    projector = pyronn.Projector(g)
    x = torch.zeros(g.volume_shape, device="cuda")
    with pytest.raises(pyronn.InvalidArgumentError) as e:
        projector.forward(x, out=torch.empty(g.sinogram_shape))
    assert e.value.parameter == "out"
    with pytest.raises(pyronn.InvalidArgumentError) as e:
        projector.forward(x.cpu(), out=torch.empty(g.sinogram_shape, device="cuda"))
    assert e.value.parameter == "out"
    redundancy, cosine, taps = pt.fbp_filter_parts(g)
    with pytest.raises(pyronn.InvalidArgumentError) as e:
        pt.filter_rows(torch.zeros(g.sinogram_shape, device="cuda"), redundancy, cosine, taps)
    assert e.value.parameter == "redundancy"
    with pytest.raises(pyronn.InvalidArgumentError) as e:
        pt.filter_rows(torch.zeros(g.sinogram_shape, device="cuda"), redundancy.cuda(), cosine.cuda(), taps)
    assert e.value.parameter == "taps"
    with pytest.raises(pyronn.InvalidArgumentError) as e:
        pyronn.FBP(g).reconstruct(torch.zeros(g.sinogram_shape, device="cuda"), workspace=torch.empty(10 ** 5))
    assert e.value.parameter == "workspace"


def test_jax_on_gpu_equals_host(geometry):
    jax = pytest.importorskip("jax")
    if not any(d.platform == "gpu" for d in jax.devices()):
        pytest.skip("JAX has no GPU device (a CPU-only jaxlib)")
    import pyronn.jax as pj
    x = operand(geometry, "forward", 7).numpy()
    y = jax.jit(lambda x: pj.forward(x, geometry))(jax.device_put(x, jax.devices("gpu")[0]))
    assert_rounding_close(np.asarray(y), pyronn.Projector(geometry).forward(x))
    aty = jax.jit(lambda y: pj.adjoint(y, geometry))(y)
    assert_rounding_close(np.asarray(aty), pyronn.Projector(geometry).adjoint(np.asarray(y)))
