"""The NumPy-level operators: exact adjoints, batches, out= in place."""

import numpy as np
import pytest

import pyronn
from cases import dot_mismatch


def random(shape, seed):
    return np.random.default_rng(seed).standard_normal(shape).astype(np.float32)


@pytest.mark.parametrize("interpolation", ["software", "texture"])
def test_adjoint_dot_product(geometry, interpolation):
    projector = pyronn.Projector(geometry, interpolation, threads=2)
    x = random((2,) + geometry.volume_shape, 1)
    y = random((2,) + geometry.sinogram_shape, 2)
    error = dot_mismatch(projector.forward(x), y, x, projector.adjoint(y))
    print(f"[figure] numpy dot test {type(geometry).__name__} {interpolation}: {error:.2e}")
    assert error <= 1e-5


@pytest.mark.parametrize("interpolation", ["software", "texture"])
def test_backproject_fbp_transpose_dot_product(geometry, interpolation):
    projector = pyronn.Projector(geometry, interpolation, threads=2)
    x = random((2,) + geometry.volume_shape, 5)
    y = random((2,) + geometry.sinogram_shape, 6)
    error = dot_mismatch(projector.backproject_fbp(y), x, y, projector.backproject_fbp_transpose(x))
    print(f"[figure] numpy FBP-transpose dot test {type(geometry).__name__} {interpolation}: {error:.2e}")
    assert error <= 1e-6


def test_batch_equals_single_calls(geometry):
    projector = pyronn.Projector(geometry, threads=2)
    x = random((2, 3) + geometry.volume_shape, 3)
    batched = projector.forward(x)
    assert batched.shape == (2, 3) + geometry.sinogram_shape
    for i in range(2):
        for j in range(3):
            np.testing.assert_array_equal(batched[i, j], projector.forward(x[i, j]))


def test_out_is_written_in_place(geometry):
    projector = pyronn.Projector(geometry, threads=2)
    x = random(geometry.volume_shape, 4)
    out = np.full(geometry.sinogram_shape, np.nan, dtype=np.float32)
    result = projector.forward(x, out=out)
    assert result is out
    np.testing.assert_array_equal(out, projector.forward(x))


def test_empty_batch(geometry):
    projector = pyronn.Projector(geometry)
    assert projector.adjoint(np.empty((0,) + geometry.sinogram_shape, np.float32)).shape == (0,) + geometry.volume_shape


def test_projection_matches_analytic_line_integrals():
    g = pyronn.GeometryFan2D((128, 128), (0.5, 0.5), 160, 0.6, 60, 2 * np.pi, 800.0, 500.0)
    ellipses = pyronn.shepp_logan_2d(28.0)
    computed = pyronn.Projector(g).forward(pyronn.rasterize_2d(ellipses, g))
    exact = pyronn.analytic_sinogram_2d(ellipses, g, 4)
    error = np.abs(computed - exact).mean() / np.abs(exact).mean()
    print(f"[figure] fan 2D projection vs analytic, mean relative error: {error:.3f}")
    assert error < 0.05


def test_fdk_reconstructs_the_phantom():
    g = pyronn.GeometryCone3D((32, 32, 32), (1, 1, 1), (48, 64), (1.2, 1.2), 90, 2 * np.pi, 800, 500)
    ellipsoids = pyronn.shepp_logan_3d(14.0)
    volume = pyronn.FDK(g, "hann")(pyronn.analytic_projections_3d(ellipsoids, g))
    truth = pyronn.rasterize_3d(ellipsoids, g)
    centre = (slice(8, 24),) * 3
    error = np.abs(volume[centre] - truth[centre]).mean()
    print(f"[figure] FDK mean absolute error in the central 16^3: {error:.3f}")
    assert error < 0.05


def test_geometry_setters_round_trip():
    g = pyronn.GeometryCone3D((8, 8, 8), (1, 1, 1), (10, 12), (2, 2), 6, np.pi, 500, 300)
    circle = pyronn.circular_trajectory_3d(g)
    np.testing.assert_array_equal(g.projection_matrices, circle)
    helix = pyronn.helical_trajectory_3d(g, 10.0)
    g.set_projection_matrices(helix)
    np.testing.assert_array_equal(g.projection_matrices, helix)
    g.set_volume_origin((-1.0, -2.0, -3.0))
    g.set_detector_origin((-4.0, -5.0))
    assert g.volume_origin == (-1.0, -2.0, -3.0) and g.detector_origin == (-4.0, -5.0)
    p = pyronn.GeometryParallel3D((8, 8, 8), (1, 1, 1), (10, 12), (2, 2), 2, np.pi)
    p.set_ray_vectors([[2.0, 0.0, 0.5], [0.0, 3.0, 0.0]])
    np.testing.assert_allclose(np.linalg.norm(p.ray_vectors, axis=1), 1.0)


def test_random_ellipses_are_reproducible_training_phantoms():
    a = pyronn.random_ellipses(np.random.default_rng(7), 20.0)
    b = pyronn.random_ellipses(np.random.default_rng(7), 20.0)
    np.testing.assert_array_equal(a, b)
    assert a.shape[1] == 6 and 5 <= a.shape[0] <= 10
    # every ellipse lies inside the body's circumscribed radius
    reach = np.hypot(a[1:, 0], a[1:, 1]) + np.maximum(a[1:, 2], a[1:, 3])
    assert np.all(reach <= 0.55 * 20.0 + 0.25 * 20.0)
