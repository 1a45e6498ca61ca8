"""Devices without a GPU: arrays that say (through DLPack) they are on CUDA reach the extension's
device checks. A build without the CUDA driver refuses them naming the parameter; a build with it
refuses arrays of one call on different devices, naming the one that differs, and sends CUDA
arrays to the CUDA driver, which fails cleanly (pyronn.CudaError without a GPU; with one, the
driver refuses the fake array's host memory)."""

import numpy as np
import pytest

import pyronn
from cases import cone_3d, fan_2d, parallel_2d
from fake_cuda import FakeCudaArray

needs_cuda_driver = pytest.mark.skipif(not pyronn.has_cuda, reason="this pyronn was built without the CUDA driver")


def host(shape):
    return np.zeros(shape, np.float32)


def refused(parameter, call, *args, **kwargs):
    with pytest.raises(pyronn.InvalidArgumentError) as info:
        call(*args, **kwargs)
    assert info.value.parameter == parameter, str(info.value)
    return str(info.value)


@pytest.mark.skipif(pyronn.has_cuda, reason="this build has the CUDA driver")
def test_cuda_arrays_without_the_cuda_driver_name_the_parameter():
    g = parallel_2d()
    message = refused("image", pyronn.Projector(g).forward, FakeCudaArray(g.volume_shape), out=host(g.sinogram_shape))
    assert "only the host" in message
    refused("out", pyronn.Projector(g).forward, host(g.volume_shape), out=FakeCudaArray(g.sinogram_shape))


@needs_cuda_driver
@pytest.mark.parametrize("name", ["forward", "adjoint", "backproject_fbp", "backproject_fbp_transpose"])
def test_mixed_devices_are_refused_naming_out(name):
    g = cone_3d()
    from_volume = name in ("forward", "backproject_fbp_transpose")
    in_shape, out_shape = (g.volume_shape, g.sinogram_shape) if from_volume else (g.sinogram_shape, g.volume_shape)
    operator = getattr(pyronn.Projector(g), name)
    assert "CUDA device 0" in refused("out", operator, FakeCudaArray(in_shape), out=host(out_shape))
    refused("out", operator, host(in_shape), out=FakeCudaArray(out_shape))
    refused("out", operator, FakeCudaArray(in_shape, device=0), out=FakeCudaArray(out_shape, device=1))


@needs_cuda_driver
def test_fbp_workspace_and_filter_parameters_must_be_on_the_data_device():
    g = fan_2d()
    y = FakeCudaArray(g.sinogram_shape)
    refused("workspace", pyronn.FBP(g).reconstruct, y, out=FakeCudaArray(g.volume_shape),
            workspace=host(np.prod(g.sinogram_shape)))
    redundancy, taps = host((g.sinogram_shape[0], g.sinogram_shape[1])), host(2 * g.sinogram_shape[1] - 1)
    refused("redundancy", pyronn._core.filter_rows, y, FakeCudaArray(g.sinogram_shape), redundancy, host(0), taps, 1)
    refused("taps", pyronn._core.filter_rows, y, FakeCudaArray(g.sinogram_shape),
            FakeCudaArray(redundancy.shape), host(0), taps, 1)
    refused("weights", pyronn.apply_weights, y, pyronn.parker_weights(g), g, out=FakeCudaArray(g.sinogram_shape))


@needs_cuda_driver
def test_cuda_arrays_reach_the_cuda_driver_and_fail_cleanly():
    g = parallel_2d()
    x, out = FakeCudaArray(g.volume_shape), FakeCudaArray(g.sinogram_shape)
    with pytest.raises((pyronn.CudaError, pyronn.InvalidArgumentError)):
        pyronn.Projector(g).forward(x, out=out)
    # Outputs on a device come from the input's framework; pyronn allocates none.
    refused("out", pyronn.Projector(g).forward, x)
