"""Bad input raises a pyronn.Error subclass that names the parameter; nothing crashes."""

import numpy as np
import pytest

import pyronn
from cases import cone_3d, fan_2d, parallel_2d


@pytest.fixture
def projector():
    return pyronn.Projector(parallel_2d())


def image(g=None):
    g = g or parallel_2d()
    return np.zeros(g.volume_shape, np.float32)


def raises(error, parameter, call, *args, **kwargs):
    with pytest.raises(error) as info:
        call(*args, **kwargs)
    assert isinstance(info.value, pyronn.Error)
    assert info.value.parameter == parameter, str(info.value)
    assert parameter in str(info.value)


def test_wrong_dtype_is_a_type_error(projector):
    raises(TypeError, "image", projector.forward, image().astype(np.float64))


def test_wrong_output_dtype(projector):
    raises(TypeError, "out", projector.forward, image(), out=np.zeros((36, 64), np.float64))


def test_not_an_array(projector):
    raises(TypeError, "image", projector.forward, [[0.0]])


def test_non_contiguous_input(projector):
    raises(ValueError, "image", projector.forward, np.zeros((40, 96), np.float32)[:, ::2])


def test_wrong_trailing_shape(projector):
    raises(ValueError, "sinogram", projector.adjoint, np.zeros((36, 63), np.float32))


def test_too_few_dimensions(projector):
    raises(ValueError, "image", projector.forward, np.zeros(48, np.float32))


def test_wrong_output_shape(projector):
    raises(ValueError, "out", projector.forward, image(), out=np.zeros((36, 65), np.float32))


def test_batch_mismatch_between_input_and_output(projector):
    raises(ValueError, "out", projector.forward, np.zeros((2, 40, 48), np.float32),
           out=np.zeros((3, 36, 64), np.float32))


def test_output_overlapping_input(projector):
    buffer = np.zeros(40 * 48 + 36 * 64, np.float32)
    raises(ValueError, "out", projector.backproject_fbp, buffer[: 36 * 64].reshape(36, 64),
           out=buffer[100: 100 + 40 * 48].reshape(40, 48))


def test_read_only_output(projector):
    out = np.zeros((36, 64), np.float32)
    out.flags.writeable = False
    raises(ValueError, "out", projector.forward, image(), out=out)


def test_cuda_array_without_cuda_driver(projector):
    torch = pytest.importorskip("torch")
    if not torch.cuda.is_available():
        pytest.skip("needs a CUDA device to make a CUDA array")
    if pyronn.has_cuda:
        pytest.skip("this build has the CUDA driver")
    raises(ValueError, "image", projector.forward, torch.zeros((40, 48), device="cuda"))


def test_bad_stream_and_workspace(projector):
    raises(TypeError, "stream", projector.forward, image(), stream="default")
    raises(TypeError, "stream", projector.forward, image(), stream=-1)
    g = parallel_2d()
    y = np.zeros(g.sinogram_shape, np.float32)
    # Scratch is for the CUDA driver's FBP; the host FBP takes none.
    raises(ValueError, "workspace", pyronn.FBP(g).reconstruct, y, workspace=np.zeros(y.size, np.float32))


def test_bad_geometry_value_names_the_parameter():
    raises(ValueError, "source_detector_distance", pyronn.GeometryFan2D, (64, 64), (1, 1), 96, 1.5, 60, 6.28,
           300, 500)
    raises(ValueError, "volume_spacing[0]", pyronn.GeometryParallel2D, (64, 64), (0, 1), 96, 1.5, 60, 6.28)
    raises(ValueError, "volume_shape", pyronn.GeometryParallel2D, (64, 64.5), (1, 1), 96, 1.5, 60, 6.28)


def test_bad_setters():
    g = fan_2d()
    raises(ValueError, "central_ray_vectors", g.set_central_ray_vectors, np.zeros((45, 2)))
    raises(ValueError, "central_ray_vectors", g.set_central_ray_vectors, np.ones((44, 2)))
    raises(ValueError, "volume_origin[0]", g.set_volume_origin, (np.inf, 0.0))
    raises(ValueError, "volume_origin", g.set_volume_origin, (0.0, 0.0, 0.0))
    cone = pyronn.GeometryCone3D((8, 8, 8), (1, 1, 1), (10, 12), (2, 2), 6, np.pi, 500, 300)
    raises(ValueError, "projection_matrices[0]", cone.set_projection_matrices, np.zeros((6, 3, 4)))
    raises(ValueError, "projection_matrices", cone.set_projection_matrices, np.zeros((6, 4, 3)))
    raises(TypeError, "geometry", pyronn.helical_trajectory_3d, fan_2d(), 1.0)


def test_bad_options():
    g = parallel_2d()
    raises(ValueError, "interpolation", pyronn.Projector, g, "cubic")
    raises(ValueError, "model", pyronn.Projector, g, model="siddon")
    cone = cone_3d()
    raises(ValueError, "step_size", pyronn.Projector(cone, model="ray_march", step_size=0.0).forward,
           np.zeros(cone.volume_shape, np.float32))
    raises(ValueError, "filter", pyronn.FBP, g, "triangle")
    raises(ValueError, "threads", pyronn.Projector(g, threads=-1).forward, image())
    raises(ValueError, "contrast", pyronn.shepp_logan_2d, 10.0, "high")
    raises(TypeError, "geometry", pyronn.Projector, "parallel")
    raises(TypeError, "geometry", pyronn.FDK, g)
