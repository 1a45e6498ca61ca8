"""The NumPy-level API's CUDA path without PyTorch: device memory from the CUDA runtime by ctypes
(cuda_runtime.py). Every operator on device arrays equals the host result to float rounding and
writes the caller's `out`; FBP with and without a workspace; the weights and the row filter; a
call on a stream of the caller's; mixed devices refused. Needs a GPU, libcudart and a pyronn
built with the CUDA driver; skipped otherwise, saying which is missing."""

import numpy as np
import pytest

import pyronn
from cases import cone_3d, fan_2d, phantom
from cuda_runtime import CudaArray, Runtime

if not pyronn.has_cuda:
    pytest.skip("this pyronn was built without the CUDA driver (no nvcc at build time)", allow_module_level=True)
RUNTIME = Runtime()
if RUNTIME.library is None:
    pytest.skip(RUNTIME.reason, allow_module_level=True)

OPERATORS = ("forward", "adjoint", "backproject_fbp", "backproject_fbp_transpose")
FROM_VOLUME = ("forward", "backproject_fbp_transpose")
FILTERED = 1e-4  # the host filters by FFT where FFTW is found, the CUDA driver by the direct sum


def random(shape, seed):
    return np.random.default_rng(seed).standard_normal(shape).astype(np.float32)


def device(array):
    return CudaArray.from_numpy(RUNTIME, array)


def assert_close(actual, expected, relative=1e-5):
    actual = actual.numpy() if isinstance(actual, CudaArray) else np.asarray(actual)
    np.testing.assert_allclose(actual, expected, rtol=0, atol=relative * max(np.abs(expected).max(), 1e-30))


@pytest.mark.parametrize("interpolation", ["software", "texture"])
@pytest.mark.parametrize("name", OPERATORS)
def test_operators_on_device_memory_equal_host(geometry, name, interpolation):
    projector = pyronn.Projector(geometry, interpolation, threads=2)
    in_shape, out_shape = ((geometry.volume_shape, geometry.sinogram_shape) if name in FROM_VOLUME
                           else (geometry.sinogram_shape, geometry.volume_shape))
    x = random((2,) + in_shape, 1)
    expected = getattr(projector, name)(x)
    out = CudaArray(RUNTIME, (2,) + out_shape)
    assert getattr(projector, name)(device(x), out=out) is out
    # Texture units interpolate with 8-bit weights, which the host emulates to 1e-2.
    relative = 1e-2 if interpolation == "texture" and name in ("forward", "backproject_fbp") else 1e-5
    assert_close(out, expected, relative)


def test_fbp_with_and_without_workspace(geometry):
    fbp = pyronn.FBP(geometry, "hann", threads=2)
    y = np.stack([pyronn.Projector(geometry).forward(phantom(geometry))] * 2)
    expected = fbp(y)
    filtered = CudaArray(RUNTIME, y.shape)
    fbp.filter(device(y), out=filtered)
    assert_close(filtered, fbp.filter(y), FILTERED)
    out = CudaArray(RUNTIME, expected.shape)
    fbp.reconstruct(device(y), out=out)  # scratch from the stream-ordered allocator
    assert_close(out, expected, FILTERED)
    out = CudaArray(RUNTIME, expected.shape)
    fbp.reconstruct(device(y), out=out, workspace=CudaArray(RUNTIME, (y.size,)))
    assert_close(out, expected, FILTERED)


@pytest.mark.parametrize("make", [fan_2d, cone_3d])
def test_weights_and_row_filter_on_device_memory(make):
    g = make()
    w = pyronn.parker_weights(g)
    y, grad = random((2,) + g.sinogram_shape, 2), random((2,) + g.sinogram_shape, 3)
    out = CudaArray(RUNTIME, y.shape)
    pyronn.apply_weights(device(y), device(w), g, out=out)
    assert_close(out, y * w)
    gradient = CudaArray(RUNTIME, w.shape)
    pyronn.weight_gradient(device(grad), device(y), w.shape, g, out=gradient)
    assert_close(gradient, pyronn.weight_gradient(grad, y, w.shape, g))
    pytest.importorskip("torch")
    import pyronn.torch as pt
    redundancy, cosine, taps = (t.numpy() for t in pt.fbp_filter_parts(g, "hann"))
    cosine_device = device(cosine) if cosine.size else cosine  # empty in 2D: no cosine weights
    for op in ("filter_rows", "filter_rows_adjoint"):
        host_out = np.empty_like(y)
        getattr(pyronn._core, op)(y, host_out, redundancy, cosine, taps, 2)
        out = CudaArray(RUNTIME, y.shape)
        getattr(pyronn._core, op)(device(y), out, device(redundancy), cosine_device, device(taps), 0)
        assert_close(out, host_out, FILTERED)
    host_taps = np.empty_like(taps)
    pyronn._core.filter_rows_taps_gradient(y, grad, host_taps, redundancy, cosine, taps, 2)
    out = CudaArray(RUNTIME, taps.shape)
    pyronn._core.filter_rows_taps_gradient(device(y), device(grad), out, device(redundancy), cosine_device,
                                           device(taps), 0)
    assert_close(out, host_taps, FILTERED)


def test_a_call_on_the_callers_stream():
    g = cone_3d()
    projector = pyronn.Projector(g)
    x = random((3,) + g.volume_shape, 4)
    stream = RUNTIME.stream()
    try:
        x_device, out = device(x), CudaArray(RUNTIME, (3,) + g.sinogram_shape)
        projector.forward(x_device, out=out, stream=stream)
        RUNTIME.stream_synchronize(stream)
        assert_close(out, projector.forward(x))
    finally:
        RUNTIME.stream_destroy(stream)


def test_mixed_devices_are_refused():
    g = fan_2d()
    x = device(random(g.volume_shape, 5))
    with pytest.raises(pyronn.InvalidArgumentError) as e:
        pyronn.Projector(g).forward(x, out=np.empty(g.sinogram_shape, np.float32))
    assert e.value.parameter == "out"
    with pytest.raises(pyronn.InvalidArgumentError) as e:
        pyronn.apply_weights(device(random(g.sinogram_shape, 6)), pyronn.parker_weights(g), g,
                             out=CudaArray(RUNTIME, g.sinogram_shape))
    assert e.value.parameter == "weights"
