"""PYRO-NN's TensorFlow API (pyronn.ct_reconstruction): geometry, trajectories, layers, helpers.

Every comparison with PYRO-NN computes PYRO-NN's formula here, independently of the code under
test. Sizes are small so that the file runs in seconds.
"""

import ctypes
import math
import subprocess
import sys

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")

import pyronn  # noqa: E402
from pyronn.ct_reconstruction.geometry.geometry_base import GeometryBase  # noqa: E402
from pyronn.ct_reconstruction.geometry.geometry_cone_3d import GeometryCone3D  # noqa: E402
from pyronn.ct_reconstruction.geometry.geometry_fan_2d import GeometryFan2D  # noqa: E402
from pyronn.ct_reconstruction.geometry.geometry_parallel_2d import GeometryParallel2D  # noqa: E402
from pyronn.ct_reconstruction.geometry.geometry_parallel_3d import GeometryParallel3D  # noqa: E402
from pyronn.ct_reconstruction.helpers.misc import generate_reco, generate_sinogram  # noqa: E402
from pyronn.ct_reconstruction.helpers.trajectories import circular_trajectory  # noqa: E402
from pyronn.ct_reconstruction.layers import keras_layers  # noqa: E402
from pyronn.ct_reconstruction.layers.backprojection_2d import (fan_backprojection2d,  # noqa: E402
                                                               parallel_backprojection2d)
from pyronn.ct_reconstruction.layers.backprojection_3d import (cone_backprojection3d,  # noqa: E402
                                                               parallel_backprojection3d)
from pyronn.ct_reconstruction.layers.projection_2d import fan_projection2d, parallel_projection2d  # noqa: E402
from pyronn.ct_reconstruction.layers.projection_3d import cone_projection3d, parallel_projection3d  # noqa: E402

from cases import dot_mismatch  # noqa: E402


# --- geometries, PYRO-NN style ----------------------------------------------------------------
def parallel_2d(shape=(20, 24), views=12):
    g = GeometryParallel2D(list(shape), [1.0, 0.8], 36, 1.0, views, math.pi)
    g.set_trajectory(circular_trajectory.circular_trajectory_2d(g))
    return g


def fan_2d(shape=(20, 24), views=15):
    g = GeometryFan2D(list(shape), [1.0, 1.0], 40, 1.2, views, 2 * math.pi, 500.0, 300.0)
    g.set_central_ray_vectors(circular_trajectory.circular_trajectory_2d(g))
    return g


def parallel_3d(shape=(8, 9, 10), views=6, detector=(10, 14)):
    g = GeometryParallel3D(list(shape), [1.0, 1.0, 1.0], list(detector), [1.2, 1.0], views, math.pi)
    g.set_ray_vectors(circular_trajectory.circular_trajectory_3d(g))
    return g


def cone_3d(shape=(8, 9, 10), views=8, detector=(12, 16)):
    g = GeometryCone3D(list(shape), [1.0, 1.0, 1.0], list(detector), [1.5, 1.5], views, 2 * math.pi, 500.0, 300.0)
    g.set_projection_matrices(circular_trajectory.circular_trajectory_3d(g))
    return g


# name: (geometry maker, layer function, whether it maps volumes to sinograms)
LAYERS = {
    "parallel_projection2d": (parallel_2d, parallel_projection2d, True),
    "parallel_backprojection2d": (parallel_2d, parallel_backprojection2d, False),
    "fan_projection2d": (fan_2d, fan_projection2d, True),
    "fan_backprojection2d": (fan_2d, fan_backprojection2d, False),
    "parallel_projection3d": (parallel_3d, parallel_projection3d, True),
    "parallel_backprojection3d": (parallel_3d, parallel_backprojection3d, False),
    "cone_projection3d": (cone_3d, cone_projection3d, True),
    "cone_backprojection3d": (cone_3d, cone_backprojection3d, False),
}


def shapes(geometry, from_volume):
    volume, sinogram = tuple(geometry.volume_shape), tuple(geometry.sinogram_shape)
    return (volume, sinogram) if from_volume else (sinogram, volume)


def random(shape, seed):
    return tf.constant(np.random.default_rng(seed).random(shape, dtype=np.float32))


@pytest.fixture(params=sorted(LAYERS))
def layer(request):
    make, function, from_volume = LAYERS[request.param]
    return make, function, from_volume


def ram_lak_pyronn(width, spacing):
    """PYRO-NN's ram_lak (helpers/filters/filters.py), written out here: the band-limited ramp's
    impulse response at the detector spacing, wrapped circularly, as its FFT (real part)."""
    lag = np.minimum(np.arange(width), width - np.arange(width))
    h = np.where(lag % 2 == 1, -1.0 / (np.pi ** 2 * spacing ** 2 * np.maximum(lag, 1) ** 2), 0.0)
    h[0] = 0.25 / spacing ** 2
    return np.real(np.fft.fft(h)).astype(np.float32)


def pyronn_style_shepp_logan(geometry):
    """Stand-in for helpers.phantoms.shepp_logan (written on another branch): PYRO-NN's
    shepp_logan_enhanced is Toft's Shepp-Logan on the unit square mapped to pixel centres
    0 .. n - 1, published +y on row 0; pyronn's shepp_logan_2d rasterised at one sample per pixel
    gives the same image (published +y is world -y, on row 0)."""
    n = geometry.volume_shape[-1]
    return pyronn.rasterize_2d(pyronn.shepp_logan_2d((n - 1) / 2.0 * geometry.volume_spacing[-1]),
                               geometry.to_pyronn(), 1)


# --- the seed README's usage example ------------------------------------------------------------
def test_readme_example():
    try:
        from pyronn.ct_reconstruction.helpers.phantoms import shepp_logan  # noqa: F401
    except ImportError:  # the phantom helpers come from another branch; until merged, a stand-in
        shepp_logan = type("shepp_logan", (), {"shepp_logan_enhanced": staticmethod(
            lambda shape: pyronn_style_shepp_logan(par_geometry))})

    # The README, verbatim but for its two typos (GeometryParallel -> GeometryParallel2D,
    # number_of_fan_projections -> number_of_par_projections) and the tf.Session lines
    # ("with tf.Session as sess:" dropped, result.eval() -> result.numpy()).
    from pyronn.ct_reconstruction.geometry.geometry_parallel_2d import GeometryParallel2D
    volume_size = 256
    volume_shape = [volume_size, volume_size]
    volume_spacing = [1, 1]
    # Detector Parameters:
    detector_shape = 512
    detector_spacing = 1
    # Trajectory Parameters:
    number_of_par_projections = 360
    angular_range = 2 * np.pi
    # create Geometry class
    par_geometry = GeometryParallel2D(volume_shape, volume_spacing, detector_shape, detector_spacing, number_of_par_projections, angular_range)

    from pyronn.ct_reconstruction.helpers.trajectories import circular_trajectory
    par_geometry.set_central_ray_vectors(circular_trajectory.circular_trajectory_2d(par_geometry))

    from pyronn.ct_reconstruction.layers.projection_2d import parallel_projection2d
    from pyronn.ct_reconstruction.layers.backprojection_2d import parallel_backprojection2d
    from pyronn.ct_reconstruction.helpers.misc import generate_sinogram as sino_helper
    from pyronn.ct_reconstruction.helpers.misc import generate_reco as reco_helper
    phantom = shepp_logan.shepp_logan_enhanced(par_geometry.volume_shape)
    sinogram = sino_helper.generate_sinogram(phantom, parallel_projection2d, par_geometry)
    reconstruction = reco_helper.generate_reco(sinogram, parallel_backprojection2d, par_geometry)

    result = parallel_projection2d(phantom, par_geometry)
    sinogram_direct = result.numpy()
    # --- end of the README's code

    assert sinogram.shape == (360, 512) and reconstruction.shape == (256, 256)
    np.testing.assert_array_equal(sinogram_direct, sinogram.numpy())
    exact = pyronn.analytic_sinogram_2d(pyronn.shepp_logan_2d(127.5), par_geometry.to_pyronn())
    error = np.linalg.norm(sinogram.numpy() - exact) / np.linalg.norm(exact)
    print(f"[figure] seed README example: sinogram vs exact line integrals, relative L2 {error:.4f}")
    assert error <= 2e-2
    # generate_reco returns the backprojection layer's output (unfiltered), as a NumPy array
    assert isinstance(reconstruction, np.ndarray)
    np.testing.assert_array_equal(reconstruction, parallel_backprojection2d(sinogram, par_geometry).numpy())


# --- geometry ---------------------------------------------------------------------------------
def test_geometry_attributes_are_pyronns():
    g = GeometryCone3D([6, 8, 10], [0.5, 1.0, 2.0], [12, 16], [1.5, 0.7], 9, 1.5 * np.pi, 1200, 750)
    shape, spacing = np.array([6, 8, 10]), np.array([0.5, 1.0, 2.0], dtype=np.float32)
    np.testing.assert_array_equal(g.volume_shape, shape)
    assert g.volume_shape.dtype.kind == "i" and g.volume_spacing.dtype == np.float32
    np.testing.assert_array_equal(g.volume_origin, -(shape - 1) / 2.0 * spacing)
    np.testing.assert_allclose(g.detector_origin, -(np.array([12, 16]) - 1) / 2.0 * np.float32([1.5, 0.7]))
    np.testing.assert_array_equal(g.sinogram_shape, [9, 12, 16])
    assert g.fan_angle == pytest.approx(np.arctan(7.5 * 0.7 / 1200), rel=1e-7)
    assert g.cone_angle == pytest.approx(np.arctan(5.5 * 1.5 / 1200), rel=1e-7)
    assert g.projection_multiplier == pytest.approx(750 * 1200 * 0.7 * np.pi / 9, rel=1e-7)
    assert g.step_size == 1.0 and g.np_dtype == np.float32
    assert (g.source_detector_distance, g.source_isocenter_distance) == (1200, 750)

    f = GeometryFan2D([20, 30], [1, 1], 50, 0.5, 10, np.pi, 600, 400)
    np.testing.assert_array_equal(f.detector_shape, [50])  # PYRO-NN keeps the 2D detector as [U]
    assert f.fan_angle == pytest.approx(np.arctan(24.5 * 0.5 / 600), rel=1e-7)
    p = GeometryParallel2D([20, 30], [1, 1], 50, 0.5, 10, np.pi)
    assert p.source_detector_distance is None and p.source_isocenter_distance is None
    np.testing.assert_array_equal(p.sinogram_shape, [10, 50])


def test_geometry_is_pyronns_geometry():
    g = fan_2d()
    mine = g.to_pyronn()
    assert isinstance(mine, pyronn.GeometryFan2D)
    # PYRO-NN keeps spacings as float32 (np_dtype), and so hands pyronn float32 numbers
    expected = pyronn.GeometryFan2D((20, 24), (1.0, 1.0), 40, float(np.float32(1.2)), 15, 2 * math.pi, 500.0, 300.0)
    assert mine.params == expected.params
    np.testing.assert_allclose(mine.central_ray_vectors, expected.central_ray_vectors, atol=1e-7)


def test_trajectory_setters_and_assignments_agree():
    rays = circular_trajectory.circular_trajectory_2d(parallel_2d())
    by_setter = {}
    for setter in ("set_trajectory", "set_ray_vectors", "set_central_ray_vectors"):
        g = GeometryParallel2D([20, 24], [1.0, 0.8], 36, 1.0, 12, math.pi)
        getattr(g, setter)(rays)
        by_setter[setter] = g
    g = GeometryParallel2D([20, 24], [1.0, 0.8], 36, 1.0, 12, math.pi)
    g.central_ray_vectors = rays  # PYRO-NN's scripts also assign the attribute
    for other in list(by_setter.values()) + [g]:
        np.testing.assert_array_equal(other.ray_vectors, rays.astype(np.float32))
        assert other.ray_vectors.dtype == np.float32
        assert other.to_pyronn().vectors == by_setter["set_trajectory"].to_pyronn().vectors
    # PYRO-NN's short-scan example: change the range, then set the trajectory
    f = GeometryFan2D([20, 24], [1, 1], 40, 1.2, 15, 2 * math.pi, 500.0, 300.0)
    f.angular_range = np.pi + 2 * f.fan_angle
    f.set_central_ray_vectors(circular_trajectory.circular_trajectory_2d(f))
    assert f.to_pyronn().angular_range == pytest.approx(np.pi + 2 * f.fan_angle)
    a = (np.pi + 2 * f.fan_angle) / 15 * 14
    np.testing.assert_allclose(f.central_ray_vectors[-1], [np.cos(a), np.sin(a)], atol=1e-7)
    # ... constructed with angular_range None, as that example does: no trajectory until it is set
    g = GeometryFan2D([20, 24], [1, 1], 40, 1.2, 15, None, 500.0, 300.0)
    assert g.angular_range is None and g.fan_angle == pytest.approx(f.fan_angle)
    for make_trajectory in (lambda: circular_trajectory.circular_trajectory_2d(g),
                            lambda: g.set_central_ray_vectors(f.central_ray_vectors)):
        with pytest.raises(ValueError, match="angular_range"):
            make_trajectory()
    g.angular_range = f.angular_range
    g.central_ray_vectors = circular_trajectory.circular_trajectory_2d(g)
    assert g.to_pyronn().vectors == f.to_pyronn().vectors


def test_geometry_refuses_bad_values_naming_them():
    cases = [
        (lambda: GeometryParallel2D([20, 24], [1, -1], 36, 1.0, 12, np.pi), ValueError, "volume_spacing"),
        (lambda: GeometryParallel2D([20, 24.5], [1, 1], 36, 1.0, 12, np.pi), ValueError, "volume_shape"),
        (lambda: GeometryParallel2D([20, 24, 3], [1, 1], 36, 1.0, 12, np.pi), ValueError, "volume_shape"),
        (lambda: GeometryParallel2D([20, 24], [1, 1], [36, 2], 1.0, 12, np.pi), ValueError, "detector_shape"),
        (lambda: GeometryParallel2D([20, 24], [1, 1], 36, 1.0, 0, np.pi), ValueError, "number_of_projections"),
        (lambda: GeometryParallel2D([20, 24], [1, 1], 36, 1.0, 12, "pi"), TypeError, "angular_range"),
        (lambda: GeometryFan2D([20, 24], [1, 1], 36, 1.0, 12, np.pi, 100, 200), ValueError,
         "source_detector_distance"),
        (lambda: GeometryCone3D([8, 8, 8], [1, 1, 1], [10], [1, 1], 4, np.pi, 500, 300), ValueError,
         "detector_shape"),
        (lambda: parallel_2d().set_trajectory(np.ones((11, 2))), ValueError, "central_ray_vectors"),
        (lambda: cone_3d().set_projection_matrices(np.ones((8, 3, 3))), ValueError, "projection_matrices"),
        (lambda: setattr(parallel_2d(), "angular_range", 0.0), ValueError, "angular_range"),
        (lambda: setattr(parallel_2d(), "volume_origin", [1.0]), ValueError, "volume_origin"),
        (lambda: GeometryBase([8, 8], [1, 1], 8, 1, 4, np.pi, None, None), TypeError, "geometry"),
    ]
    for make, kind, parameter in cases:
        with pytest.raises(kind) as caught:
            make()
        named = caught.value.parameter.split("[")[0]  # e.g. volume_spacing[1]
        assert isinstance(caught.value, pyronn.Error) and named == parameter, caught.value


# --- trajectories -------------------------------------------------------------------------------
def test_circular_trajectory_2d_is_pyronns_formula():
    g = GeometryFan2D([20, 24], [1, 1], 40, 1.2, 17, 1.3 * np.pi, 500.0, 300.0)
    expected = [[np.cos(i * 1.3 * np.pi / 17), np.sin(i * 1.3 * np.pi / 17)] for i in range(17)]
    np.testing.assert_allclose(circular_trajectory.circular_trajectory_2d(g), expected, rtol=0, atol=1e-15)


def pyronn_cone_matrices(views, angular_range, sdd, sid, detector_shape, detector_spacing, principal_point):
    """PYRO-NN 0.1.0's circular_trajectory_3d (adapted from CONRAD), rewritten: intrinsics
    K = [[sdd / du, 0, cu], [0, sdd / dv, cv], [0, 0, 1]] and extrinsics that turn the world into
    the camera frame of a source at distance sid, turned by -angle about the rotation axis z.
    PYRO-NN's principal point is (cu, cv) = detector_shape * 0.5 (reversed to u, v)."""
    (dv, du), (cu, cv) = detector_spacing, principal_point
    k = np.array([[sdd / du, 0, cu], [0, sdd / dv, cv], [0, 0, 1.0]])
    to_plane = np.array([[0, 0, 1.0], [0, 1.0, 0], [-1.0, 0, 0]])  # rows z, z x x, -x
    align = np.array([[0, 1.0, 0], [-1.0, 0, 0], [0, 0, 1.0]])  # rows u = y, v = -x, u x v = z
    matrices = []
    for i in range(views):
        a = -i * angular_range / views
        turn = np.array([[1.0, 0, 0], [0, np.cos(a), -np.sin(a)], [0, np.sin(a), np.cos(a)]])
        rotation = align @ turn @ to_plane
        translation = np.array([0, 0, sid])
        matrices.append(k @ np.hstack([rotation, translation[:, None]]))
    return np.array(matrices)


def test_circular_trajectory_3d_is_pyronns_with_the_principal_point_corrected():
    g = GeometryCone3D([8, 9, 10], [1, 1, 1], [12, 16], [1.5, 0.75], 7, 2 * np.pi, 1200.0, 750.0)
    ours = circular_trajectory.circular_trajectory_3d(g)
    centred = pyronn_cone_matrices(7, 2 * np.pi, 1200.0, 750.0, (12, 16), (1.5, 0.75), (7.5, 5.5))
    np.testing.assert_allclose(ours, centred, rtol=1e-12, atol=1e-9)
    # PYRO-NN's own principal point, detector_shape * 0.5, is half a pixel off the detector's middle:
    # the isocentre lands on (8, 6) there, on (7.5, 5.5) = (shape - 1) / 2 here.
    original = pyronn_cone_matrices(7, 2 * np.pi, 1200.0, 750.0, (12, 16), (1.5, 0.75), (8.0, 6.0))
    for matrices, expected in ((ours, (7.5, 5.5)), (original, (8.0, 6.0))):
        image = matrices @ np.array([0, 0, 0, 1.0])
        np.testing.assert_allclose(image[:, :2] / image[:, 2:], np.tile(expected, (7, 1)), atol=1e-12)
    # a moved detector moves the principal point with it (pyronn's convention: -origin / spacing)
    g.detector_origin = [-3.0, -6.0]
    image = circular_trajectory.circular_trajectory_3d(g) @ np.array([0, 0, 0, 1.0])
    np.testing.assert_allclose(image[:, :2] / image[:, 2:], np.tile((8.0, 2.0), (7, 1)), atol=1e-12)


def test_circular_trajectory_3d_parallel_gives_ray_vectors():
    g = GeometryParallel3D([8, 8, 8], [1, 1, 1], [8, 8], [1, 1], 5, np.pi)
    a = np.arange(5) * np.pi / 5
    np.testing.assert_allclose(circular_trajectory.circular_trajectory_3d(g),
                               np.stack([np.cos(a), np.sin(a), 0 * a], axis=1), atol=1e-15)


# --- the layers: numbers ------------------------------------------------------------------------
@pytest.mark.parametrize("hardware_interp", [None, False, True])
def test_layers_are_pyronns_operators(layer, hardware_interp):
    """Projections are pyronn's forward projection (3D: the ray march, step 1 voxel), backprojections
    its backproject_fbp times fbp_scale; hardware_interp selects the texture interpolation (default:
    True in 3D, as in PYRO-NN, False in 2D)."""
    from pyronn.ct_reconstruction.layers._ops import fbp_scale

    make, function, from_volume = layer
    g = make()
    x = random((2,) + shapes(g, from_volume)[0], 1)
    three_d = len(g.volume_shape) == 3
    texture = three_d if hardware_interp is None else hardware_interp
    projector = pyronn.Projector(g.to_pyronn(), model="ray_march" if three_d else "joseph", step_size=1.0,
                                 interpolation="texture" if texture else "software")
    if from_volume:
        expected = projector.forward(x.numpy())
    else:
        expected = fbp_scale(g.to_pyronn()) * projector.backproject_fbp(x.numpy())
    options = {} if hardware_interp is None else {"hardware_interp": hardware_interp}
    np.testing.assert_allclose(function(x, g, **options).numpy(), expected, rtol=1e-6,
                               atol=1e-6 * np.abs(expected).max())


def test_moved_origins_reach_the_layers():
    g = parallel_2d()
    g.volume_origin = [-7.0, -12.5]
    g.detector_origin = -20.0
    mine = pyronn.GeometryParallel2D((20, 24), (1.0, float(np.float32(0.8))), 36, 1.0, 12, math.pi)
    mine.set_volume_origin((-7.0, -12.5))
    mine.set_detector_origin(-20.0)
    mine.set_central_ray_vectors(g.ray_vectors)  # float32, as PYRO-NN stores them
    x = random((20, 24), 14)
    np.testing.assert_array_equal(g.volume_origin, [-7.0, -12.5])
    np.testing.assert_array_equal(g.detector_origin, [-20.0])
    np.testing.assert_allclose(parallel_projection2d(x, g).numpy(), pyronn.Projector(mine).forward(x.numpy()),
                               rtol=1e-6, atol=1e-6)


def flow_geometry(kind):
    if kind == "parallel":
        g = GeometryParallel2D([64, 64], [1.0, 1.0], 192, 0.75, 90, np.pi)
    elif kind == "fan":
        g = GeometryFan2D([64, 64], [1.0, 1.0], 160, 1.0, 120, 2 * np.pi, 800.0, 500.0)
    else:
        g = GeometryCone3D([32, 32, 32], [1.0, 1.0, 1.0], [48, 96], [1.5, 1.0], 90, 2 * np.pi, 800.0, 500.0)
    trajectories = circular_trajectory
    circle = trajectories.circular_trajectory_3d if kind == "cone" else trajectories.circular_trajectory_2d
    g.set_trajectory(circle(g))
    return g


@pytest.mark.parametrize("kind", ["parallel", "fan", "cone"])
def test_pyronn_fbp_flow_reconstructs_at_the_phantoms_scale(kind):
    """PYRO-NN's flow: ram_lak on the detector spacing, multiplied onto the FFT along the detector,
    then the backprojection layer (no weights for full scans, as in PYRO-NN's examples), gives
    pyronn's own FBP / FDK (linear convolution with pyronn's ram_lak, redundancy and cosine
    weights, backproject_fbp): the layers' scale is pyronn's. The fan and cone beams differ by the
    cosine weight, which PYRO-NN's full-scan examples leave out."""
    g = flow_geometry(kind)
    if kind == "cone":
        shapes_ = pyronn.shepp_logan_3d(14.0)
        truth = pyronn.rasterize_3d(shapes_, g.to_pyronn())
        sinogram = pyronn.analytic_projections_3d(shapes_, g.to_pyronn(), 2)
        backprojection = cone_backprojection3d
    else:
        shapes_ = pyronn.shepp_logan_2d(28.0)
        truth = pyronn.rasterize_2d(shapes_, g.to_pyronn())
        sinogram = pyronn.analytic_sinogram_2d(shapes_, g.to_pyronn(), 2)
        backprojection = parallel_backprojection2d if kind == "parallel" else fan_backprojection2d
    ramp = ram_lak_pyronn(int(g.detector_shape[-1]), float(g.detector_spacing[-1]))
    filtered = np.fft.ifft(np.fft.fft(sinogram, axis=-1) * ramp, axis=-1)  # complex, as in PYRO-NN
    reco = backprojection(filtered, g).numpy()
    reference = pyronn.FBP(g.to_pyronn(), "ram_lak")(sinogram)
    difference = np.linalg.norm(reco - reference) / np.linalg.norm(reference)
    inside = truth > 0
    if kind == "cone":  # FDK is exact only in the mid-plane: judge the central slabs
        inside[:12], inside[20:] = False, False
    ratio = reco[inside].sum() / truth[inside].sum()
    print(f"[figure] PYRO-NN FBP flow, {kind}: relative L2 to pyronn's FBP {difference:.1e}, "
          f"integral over the phantom {ratio:.4f} of the truth")
    assert difference <= (1e-4 if kind == "parallel" else 5e-3)
    assert abs(ratio - 1) < 0.03


# --- the layers: gradients ----------------------------------------------------------------------
def test_compute_gradient_matches_the_exact_gradient(layer):
    """tf.test.compute_gradient's Jacobians: the layer's gradient (theoretical) against central
    differences (numerical). The layers are linear, so the differences are exact up to float32
    rounding of the outputs: tolerance 2e-3 of the Jacobian's largest entry."""
    make, function, from_volume = layer
    small = {parallel_2d: dict(shape=(6, 7), views=4), fan_2d: dict(shape=(6, 7), views=4),
             parallel_3d: dict(shape=(3, 4, 5), views=2, detector=(4, 6)),
             cone_3d: dict(shape=(3, 4, 5), views=2, detector=(5, 6))}
    g = make(**small[make])
    x = random(shapes(g, from_volume)[0], 2)
    theoretical, numerical = tf.test.compute_gradient(lambda x: function(x, g), [x])
    theoretical, numerical = theoretical[0], numerical[0]
    assert np.abs(theoretical).max() > 0
    error = np.abs(theoretical - numerical).max() / np.abs(theoretical).max()
    print(f"[figure] tf.test.compute_gradient, {function.__name__}: largest difference {error:.1e} "
          "of the largest entry")
    assert error <= 2e-3


@pytest.mark.parametrize("hardware_interp", [False, True])
def test_dot_product_through_gradient_tape(layer, hardware_interp):
    """<A x, y> = <x, A^T y> with A^T y the gradient of <A x, y> by tf.GradientTape."""
    make, function, from_volume = layer
    g = make()
    in_shape, out_shape = shapes(g, from_volume)
    x, y = random((2,) + in_shape, 3), random((2,) + out_shape, 4)
    with tf.GradientTape() as tape:
        tape.watch(x)
        ax = function(x, g, hardware_interp=hardware_interp)
        inner = tf.reduce_sum(ax * y)
    aty = tape.gradient(inner, x)
    mismatch = dot_mismatch(ax.numpy(), y.numpy(), x.numpy(), aty.numpy())
    print(f"[figure] TF dot-product test, {function.__name__} (hardware_interp={hardware_interp}): {mismatch:.2e}")
    assert mismatch <= 1e-5


def test_second_order_gradient_is_the_operator_again():
    g = parallel_2d()
    x, y = random(tuple(g.volume_shape), 5), random(tuple(g.sinogram_shape), 6)
    with tf.GradientTape() as outer:
        outer.watch(y)
        with tf.GradientTape() as inner:
            inner.watch(x)
            value = tf.reduce_sum(parallel_projection2d(x, g) * y)
        aty = inner.gradient(value, x)  # A^T y
        second = tf.reduce_sum(aty * x)  # <A^T y, x>, whose gradient in y is A x
    np.testing.assert_allclose(outer.gradient(second, y).numpy(), parallel_projection2d(x, g).numpy(), rtol=1e-6,
                               atol=1e-6)


# --- the layers: graphs, batches, Keras ---------------------------------------------------------
def test_eager_equals_tf_function(layer):
    make, function, from_volume = layer
    g = make()
    in_shape, out_shape = shapes(g, from_volume)
    x = random((3,) + in_shape, 7)
    compiled = tf.function(lambda x: function(x, g))
    np.testing.assert_array_equal(compiled(x).numpy(), function(x, g).numpy())
    # static shapes survive the graph, with an unknown batch too
    concrete = compiled.get_concrete_function(tf.TensorSpec((None,) + in_shape, tf.float32))
    assert concrete.structured_outputs.shape.as_list() == [None, *out_shape]

    def loss_gradient(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            loss = tf.reduce_sum(function(x, g) ** 2)
        return tape.gradient(loss, x)

    np.testing.assert_array_equal(tf.function(loss_gradient)(x).numpy(), loss_gradient(x).numpy())


def test_batch_of_four_equals_four_single_calls(layer):
    make, function, from_volume = layer
    g = make()
    x = random((4,) + shapes(g, from_volume)[0], 8)
    batched = function(x, g).numpy()
    for i in range(4):
        np.testing.assert_array_equal(batched[i], function(x[i], g).numpy())  # unbatched input
        np.testing.assert_array_equal(batched[i], function(x[i:i + 1], g).numpy()[0])


def test_keras_layers_wrap_the_functions():
    g = parallel_2d()
    model = tf.keras.Sequential([tf.keras.Input(tuple(g.volume_shape)), keras_layers.ParallelProjection2D(g),
                                 keras_layers.ParallelBackprojection2D(g)])
    x = random((3,) + tuple(g.volume_shape), 9)
    np.testing.assert_array_equal(model(x).numpy(),
                                  parallel_backprojection2d(parallel_projection2d(x, g), g).numpy())
    c = cone_3d()
    layer_ = keras_layers.ConeProjection3D(c, hardware_interp=False, step_size=0.5)
    v = random((2,) + tuple(c.volume_shape), 10)
    np.testing.assert_array_equal(layer_(v).numpy(), cone_projection3d(v, c, hardware_interp=False,
                                                                      step_size=0.5).numpy())
    # a layer keeps the geometry it was made with
    before = layer_(v).numpy()
    c.set_projection_matrices(circular_trajectory.circular_trajectory_3d(c)[::-1].copy())
    np.testing.assert_array_equal(layer_(v).numpy(), before)
    with pytest.raises(TypeError):
        keras_layers.FanBackprojection2D(g)  # a parallel geometry for a fan layer


def test_keras_model_trains_through_a_layer():
    """model.fit (graph mode) through the projection layer: a scale learnt from its gradient."""
    g = parallel_2d()

    class Scale(tf.keras.layers.Layer):
        def build(self, input_shape):
            self.w = self.add_weight(shape=(), initializer="ones")

        def call(self, x):
            return x * self.w

    inputs = tf.keras.Input(tuple(g.volume_shape))
    scale = Scale()
    model = tf.keras.Model(inputs, keras_layers.ParallelProjection2D(g)(scale(inputs)))
    model.compile(optimizer=tf.keras.optimizers.Adam(0.05), loss="mse")
    x = np.random.default_rng(13).random((8,) + tuple(g.volume_shape)).astype(np.float32)
    model.fit(x, parallel_projection2d(2.0 * x, g).numpy(), batch_size=1, epochs=15, verbose=0)
    assert abs(float(scale.w.numpy()) - 2.0) < 0.05


def test_generate_helpers():
    g = fan_2d()
    phantom = np.random.default_rng(11).random(tuple(g.volume_shape)).astype(np.float32)
    sinogram = generate_sinogram.generate_sinogram(phantom, fan_projection2d, g)
    assert tf.is_tensor(sinogram)
    np.testing.assert_array_equal(generate_sinogram.generate_sinogram_fan_2d(phantom, g).numpy(), sinogram.numpy())
    reco = generate_reco.generate_reco(sinogram, fan_backprojection2d, g)
    assert isinstance(reco, np.ndarray)
    np.testing.assert_array_equal(generate_reco.generate_reco_fan_2d(sinogram, g), reco)
    np.testing.assert_array_equal(reco, fan_backprojection2d(sinogram, g).numpy())


def test_inputs_are_read_and_outputs_written_in_place(monkeypatch):
    """pyronn reads the input tensor's own memory and writes the output tensor's (DLPack views),
    eagerly and in a graph."""
    from pyronn.ct_reconstruction.layers._ops import host_view

    get_pointer = ctypes.pythonapi.PyCapsule_GetPointer
    get_pointer.restype, get_pointer.argtypes = ctypes.c_void_p, [ctypes.py_object, ctypes.c_char_p]

    def data(producer):  # DLManagedTensor's first member is its DLTensor, whose first is `data`
        return ctypes.c_void_p.from_address(get_pointer(producer.__dlpack__(), b"dltensor")).value

    seen = []
    original = pyronn.Projector.forward

    def spy(self, x, out=None):
        seen.append((data(x), data(out)))
        return original(self, x, out=out)

    g = parallel_2d()
    x = random((2,) + tuple(g.volume_shape), 12)
    expected = pyronn.Projector(g.to_pyronn()).forward(x.numpy())
    monkeypatch.setattr(pyronn.Projector, "forward", spy)
    eager = parallel_projection2d(x, g)
    graph = tf.function(lambda x: tf.identity(parallel_projection2d(x, g)))(x)
    assert [s[0] for s in seen] == [host_view(x).ctypes.data] * 2
    assert seen[0][1] == host_view(eager).ctypes.data
    np.testing.assert_array_equal(graph.numpy(), eager.numpy())
    np.testing.assert_array_equal(eager.numpy(), expected)


# --- bad input ----------------------------------------------------------------------------------
def test_bad_input_raises_clear_errors():
    p, f, c = parallel_2d(), fan_2d(), cone_3d()
    image = np.zeros(tuple(p.volume_shape), np.float32)
    volume = np.zeros(tuple(c.volume_shape), np.float32)
    cases = [
        (lambda: parallel_projection2d(image[None, None], p), ValueError, "volume"),  # rank 4
        (lambda: parallel_projection2d(image[0], p), ValueError, "volume"),  # rank 1
        (lambda: cone_projection3d(image, c), ValueError, "volume"),  # a 2D image for a 3D layer
        (lambda: parallel_projection2d(image[:, :-1], p), ValueError, "volume"),  # disagrees with the geometry
        (lambda: parallel_backprojection2d(np.zeros((12, 35)), p), ValueError, "sinogram"),
        (lambda: cone_backprojection3d(np.zeros((1, 8, 12, 15)), c), ValueError, "sinogram"),
        (lambda: parallel_projection2d(tf.zeros(tuple(p.volume_shape), tf.float64), p), TypeError, "volume"),
        (lambda: parallel_projection2d(tf.zeros(tuple(p.volume_shape), tf.int32), p), TypeError, "volume"),
        (lambda: parallel_projection2d(np.full(tuple(p.volume_shape), "a"), p), TypeError, "volume"),
        (lambda: parallel_projection2d(p, image), TypeError, "geometry"),  # arguments swapped
        (lambda: parallel_projection2d(image, f), TypeError, "geometry"),  # a fan geometry
        (lambda: fan_backprojection2d(np.zeros((15, 40)), p), TypeError, "geometry"),
        (lambda: cone_projection3d(volume, parallel_3d(shape=(8, 9, 10))), TypeError, "geometry"),
        (lambda: parallel_projection2d(image, p.to_pyronn()), TypeError, "geometry"),  # pyronn's own class
        (lambda: parallel_projection2d(image, None), TypeError, "geometry"),
        (lambda: parallel_projection2d(image, GeometryParallel2D([20, 24], [1.0, 0.8], 36, 1.0, 12, np.pi)),
         ValueError, "geometry"),  # no trajectory set
        (lambda: cone_projection3d(volume, c, hardware_interp="yes"), TypeError, "hardware_interp"),
        (lambda: cone_projection3d(volume, c, step_size=0.0), ValueError, "step_size"),
        (lambda: cone_backprojection3d(np.zeros((8, 12, 16)), c, step_size=-1.0), ValueError, "step_size"),
    ]
    for call, kind, parameter in cases:
        with pytest.raises(kind) as caught:
            call()
        assert isinstance(caught.value, pyronn.Error) and caught.value.parameter == parameter, caught.value
        assert parameter in str(caught.value)


def test_shapes_unknown_until_run_time_are_checked_when_it_runs():
    g = parallel_2d()
    compiled = tf.function(lambda x: parallel_projection2d(x, g),
                           input_signature=[tf.TensorSpec((None, None, None), tf.float32)])
    with pytest.raises(tf.errors.InvalidArgumentError, match="must have shape"):
        compiled(tf.zeros((1, 20, 25)))


# --- GPU tensors --------------------------------------------------------------------------------
def gpu_missing():
    """Why the GPU path cannot run here, or None."""
    if not pyronn.has_cuda:
        return "this pyronn was built without the CUDA driver (no nvcc at build time)"
    if not tf.config.list_physical_devices("GPU"):
        return "TensorFlow sees no GPU (tensorflow-cpu, or no GPU on this machine)"
    return None


needs_gpu = pytest.mark.skipif(gpu_missing() is not None, reason=str(gpu_missing()))


def test_gpu_tensors_are_computed_between_two_device_synchronisations(monkeypatch):
    """The GPU path's protocol, on the host: for a tensor on GPU k, the device is synchronised,
    then pyronn gets the input and a new output as DLPack producers on GPU k, then the device is
    synchronised again; host tensors are never synchronised."""
    from pyronn.ct_reconstruction.layers import _ops

    calls = []
    monkeypatch.setattr(_ops._core, "cuda_synchronize", lambda device: calls.append(("synchronise", device)),
                        raising=False)  # absent in a build without the CUDA driver

    def method(x, out):
        calls.append(("call", x.__dlpack_device__(), out.__dlpack_device__()))

    _ops._apply(method, tf.zeros((2, 3)), (2, 4), 1.0)
    assert calls == [("call", (1, 0), (1, 0))]  # kDLCPU

    class OnGpu3(_ops._TensorMemory):
        def __init__(self, tensor):
            super().__init__(tensor)
            self.gpu = 3

    calls.clear()
    monkeypatch.setattr(_ops, "_TensorMemory", OnGpu3)
    out = _ops._apply(method, tf.zeros((2, 3)), (2, 4), 1.0)
    assert calls == [("synchronise", 3), ("call", (2, 3), (2, 3)), ("synchronise", 3)]  # kDLCUDA
    assert out.shape == (2, 4) and out.dtype == tf.float32


@needs_gpu
@pytest.mark.parametrize("hardware_interp", [False, True])
def test_gpu_tensors_are_computed_on_the_gpu_and_equal_the_host(layer, hardware_interp, monkeypatch):
    """A tensor on a GPU reaches pyronn's CUDA driver where it lies (no host copy), and the result,
    a GPU tensor, equals the host layer's to float rounding; so does the gradient."""
    make, function, from_volume = layer
    g = make()
    in_shape, out_shape = shapes(g, from_volume)
    x, y = random((2,) + in_shape, 20), random((2,) + out_shape, 21)
    devices = []
    for name in ("forward", "adjoint", "backproject_fbp", "backproject_fbp_transpose"):
        original = getattr(pyronn.Projector, name)
        monkeypatch.setattr(pyronn.Projector, name, lambda self, v, out=None, original=original:
                            devices.append(v.__dlpack_device__()) or original(self, v, out=out))

    def value_and_gradient(device):
        with tf.device(device):
            x_here, y_here = tf.identity(x), tf.identity(y)
            with tf.GradientTape() as tape:
                tape.watch(x_here)
                ax = function(x_here, g, hardware_interp=hardware_interp)
                inner = tf.reduce_sum(ax * y_here)
            return ax, tape.gradient(inner, x_here)

    ax, aty = value_and_gradient("/GPU:0")
    assert "GPU" in ax.device and "GPU" in aty.device
    assert devices == [(2, 0), (2, 0)]  # kDLCUDA: the layer and its gradient read GPU memory
    assert dot_mismatch(ax.numpy(), y.numpy(), x.numpy(), aty.numpy()) <= 1e-5
    for gpu, host in zip((ax, aty), value_and_gradient("/CPU:0")):
        np.testing.assert_allclose(gpu.numpy(), host.numpy(), rtol=0, atol=1e-5 * np.abs(host.numpy()).max())


@needs_gpu
def test_gpu_layer_runs_in_order_with_tensorflows_kernels():
    """TensorFlow's kernels that write the input just before, and read the output just after, the
    layer see its work in order (the module's two device synchronisations), in a graph, repeatedly."""
    g = parallel_2d(shape=(256, 256), views=360)
    x = random((4, 256, 256), 22)

    def chain(x):
        scaled = x * 3.0 + 1.0  # TensorFlow writes the layer's input ...
        sinogram = parallel_projection2d(scaled, g)
        return tf.reduce_sum(sinogram * sinogram, axis=(1, 2))  # ... and reads its output

    with tf.device("/CPU:0"):
        expected = tf.function(chain)(x).numpy()
    with tf.device("/GPU:0"):
        x_gpu, on_gpu = tf.identity(x), tf.function(chain)
        for _ in range(5):
            np.testing.assert_allclose(on_gpu(x_gpu).numpy(), expected, rtol=1e-5)


# --- imports ------------------------------------------------------------------------------------
def test_pyronn_and_the_geometry_import_without_tensorflow():
    code = ("import sys; sys.modules['tensorflow'] = None\n"  # any 'import tensorflow' now fails
            "import pyronn\n"
            "from pyronn.ct_reconstruction.geometry.geometry_cone_3d import GeometryCone3D\n"
            "from pyronn.ct_reconstruction.helpers.trajectories import circular_trajectory\n"
            "g = GeometryCone3D([8, 8, 8], [1, 1, 1], [8, 8], [1, 1], 4, 6.28, 500, 300)\n"
            "g.set_trajectory(circular_trajectory.circular_trajectory_3d(g))\n"
            "try:\n"
            "    import pyronn.ct_reconstruction.layers.projection_2d\n"
            "except ImportError:\n"
            "    print('ok')\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
