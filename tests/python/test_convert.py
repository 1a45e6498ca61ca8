"""Vector geometries and conversions (pyronn.convert): a vector geometry made from a circular one
gives bitwise its results; conversions to ASTRA's and tomosipo's descriptions and back give the
geometry back; where ASTRA or scikit-image is installed, their projections of the same phantom
through the converted geometry agree with pyronn's."""

import math

import numpy as np
import pytest

import pyronn
from cases import GEOMETRIES, dot_mismatch, phantom


def results(geometry, x, y):
    p = pyronn.Projector(geometry)
    return [p.forward(x), p.adjoint(y), p.backproject_fbp(y), p.backproject_fbp_transpose(x)]


def test_vector_geometry_of_a_circular_one_is_bitwise_the_same(geometry):
    vec = pyronn.to_vector_geometry(geometry)
    assert type(vec).__name__ == type(geometry).__name__ + "Vec"
    assert vec.sinogram_shape == geometry.sinogram_shape
    rng = np.random.default_rng(1)
    x = rng.random(geometry.volume_shape, dtype=np.float32)
    y = rng.random(geometry.sinogram_shape, dtype=np.float32)
    for a, b in zip(results(geometry, x, y), results(vec, x, y)):
        assert np.array_equal(a, b)


def perturbed(vec, seed, scale_mm=2.0):
    """Every view's source (or ray), detector and axes moved at random: rows are (source or ray,
    detector, u[, v]), 2 or 3 numbers each."""
    rows = vec.views
    d = rows.shape[1] // (3 if rows.shape[1] == 6 else 4)
    rng = np.random.default_rng(seed)
    parallel = isinstance(vec, (pyronn.GeometryParallel2DVec, pyronn.GeometryParallel3DVec))
    rows[:, :d] += rng.uniform(-1, 1, (len(rows), d)) * (0.05 * np.linalg.norm(rows[:, :d], axis=1, keepdims=True)
                                                          if parallel else scale_mm)
    rows[:, d:2 * d] += rng.uniform(-scale_mm, scale_mm, (len(rows), d))
    rows[:, 2 * d:] *= 1 + rng.uniform(-0.02, 0.02, (len(rows), 1))
    out = type(vec)(vec.volume_shape, vec.volume_spacing, vec.detector_shape, rows)
    out.set_volume_origin(vec.volume_origin)
    return out


@pytest.mark.parametrize("name", sorted(GEOMETRIES))
def test_perturbed_vector_geometries_keep_exact_adjoints(name):
    g = perturbed(pyronn.to_vector_geometry(GEOMETRIES[name]()), 3)
    rng = np.random.default_rng(2)
    x = rng.random(g.volume_shape, dtype=np.float32)
    y = rng.random(g.sinogram_shape, dtype=np.float32)
    for interpolation in ("software", "texture"):
        p = pyronn.Projector(g, interpolation=interpolation)
        assert dot_mismatch(p.forward(x), y, x, p.adjoint(y)) <= 1e-6


def test_fbp_takes_circular_like_vector_geometries_and_refuses_the_rest():
    g = pyronn.GeometryFan2D((48, 48), (1.0, 1.0), 96, 1.0, 60, 2 * math.pi, 500.0, 300.0)
    sino = pyronn.Projector(g).forward(phantom(g))
    vec = pyronn.to_vector_geometry(g)
    np.testing.assert_allclose(pyronn.FBP(vec)(sino), pyronn.FBP(g)(sino), rtol=0, atol=1e-6)
    back = pyronn.to_circular_geometry(vec)
    assert back.source_isocenter_distance == pytest.approx(300.0)
    rows = vec.views
    rows[7, 2:4] += 0.5 * rows[7, 4:6]  # view 7's detector shifted by half a bin
    vec.set_vectors(rows)
    with pytest.raises(pyronn.InvalidArgumentError) as info:
        pyronn.FBP(vec)(sino)
    assert info.value.parameter == "vectors[7].detector"


def test_bad_vector_geometries_are_refused_with_the_parameter_named():
    vec = pyronn.to_vector_geometry(pyronn.GeometryFan2D((32, 32), (1.0, 1.0), 64, 1.0, 8, 2 * math.pi, 400, 200))
    rows = vec.views
    cases = {"vectors[2].u": (2, slice(4, 6), 0.0), "vectors[1].source": (1, 0, np.nan),
             "vectors[5].source": (5, slice(0, 2), 1.0)}  # zero axis, non-finite, source inside the image
    for parameter, (view, where, value) in cases.items():
        bad = rows.copy()
        bad[view, where] = value
        with pytest.raises(pyronn.InvalidArgumentError) as info:
            pyronn.GeometryFan2DVec((32, 32), (1.0, 1.0), 64, bad)
        assert info.value.parameter == parameter, str(info.value)
    with pytest.raises(pyronn.InvalidArgumentError) as info:
        vec.set_vectors(rows[:5])
    assert info.value.parameter == "vectors"
    cone = pyronn.to_vector_geometry(GEOMETRIES["cone_3d"]())
    bad = cone.views
    bad[3, 9:12] = 2.0 * bad[3, 6:9]  # v parallel to u
    with pytest.raises(pyronn.InvalidArgumentError) as info:
        pyronn.GeometryCone3DVec(cone.volume_shape, cone.volume_spacing, cone.detector_shape, bad)
    assert info.value.parameter == "vectors[3].v"


def circular_cone():
    return pyronn.GeometryCone3D((12, 14, 16), (1.5, 1.5, 1.5), (18, 24), (2, 2), 24, 2 * math.pi, 500, 300)


ROUND_TRIPS = {
    "parallel": lambda: GEOMETRIES["parallel_2d"](),
    "fanflat": lambda: pyronn.GeometryFan2D((40, 48), (1.0, 1.0), 72, 1.2, 45, -1.5 * math.pi, 600.0, 350.0),
    "parallel_vec": lambda: pyronn.to_vector_geometry(GEOMETRIES["parallel_2d"]()),
    "fanflat_vec": lambda: perturbed(pyronn.to_vector_geometry(GEOMETRIES["fan_2d"]()), 4),
    "parallel3d": lambda: GEOMETRIES["parallel_3d"](),
    "cone": circular_cone,
    "parallel3d_vec": lambda: perturbed(pyronn.to_vector_geometry(GEOMETRIES["parallel_3d"]()), 5),
    "cone_vec": lambda: perturbed(pyronn.to_vector_geometry(GEOMETRIES["cone_3d"]()), 6),
}


@pytest.mark.parametrize("kind", sorted(ROUND_TRIPS))
def test_astra_round_trips_give_the_geometry_back(kind):
    g = ROUND_TRIPS[kind]()
    vol_geom, proj_geom = pyronn.to_astra(g, kind)
    assert proj_geom["type"] == kind
    back = pyronn.from_astra(vol_geom, proj_geom)
    assert type(back) is type(g)
    np.testing.assert_allclose(back.params, g.params, rtol=1e-12, atol=1e-10)
    # The views, as vectors, to double rounding (circular trajectories come back explicit).
    np.testing.assert_allclose(pyronn.to_vector_geometry(back).views, pyronn.to_vector_geometry(g).views, rtol=0,
                               atol=1e-9)


def test_tomosipo_round_trip_and_axis_order():
    g = pyronn.to_vector_geometry(circular_cone())
    volume, projection = pyronn.to_tomosipo(g)
    assert volume["shape"] == g.volume_shape
    # tomosipo lists (z, y, x): the first source, at -sid along x, has z = y = 0.
    np.testing.assert_allclose(projection["src_pos"][0], [0.0, 0.0, -300.0], atol=1e-9)
    np.testing.assert_allclose(projection["det_v"][0], [2.0, 0.0, 0.0], atol=1e-12)
    back = pyronn.from_tomosipo(volume, projection)
    np.testing.assert_allclose(back.params, g.params, rtol=1e-12, atol=1e-10)
    np.testing.assert_allclose(back.views, g.views, rtol=0, atol=1e-9)


def smooth_image(n):
    """Two wide Gaussians: smooth enough that Joseph's and Siddon's models agree closely."""
    y, x = np.mgrid[0:n, 0:n] - (n - 1) / 2
    s = n / 6.4
    return (np.exp(-((x - n / 12) ** 2 + (y + n / 25) ** 2) / (2 * s ** 2))
            + 0.5 * np.exp(-((x + n / 6) ** 2 + (y - n / 8) ** 2) / (2 * (0.6 * s) ** 2))).astype(np.float32)


def astra_sinogram(astra, geometry, image, projector):
    vol_geom, proj_geom = pyronn.to_astra(geometry)
    pid = astra.create_projector(projector, proj_geom, vol_geom)
    sid, sinogram = astra.create_sino(image, pid)
    astra.data2d.delete(sid)
    astra.projector.delete(pid)
    return sinogram


def relative(a, b):
    return float(np.linalg.norm(a - b) / np.linalg.norm(b))


def test_astra_projections_agree_through_converted_geometries():
    astra = pytest.importorskip("astra")
    n = 128
    g = pyronn.GeometryParallel2D((n, n), (1.0, 1.0), 180, 1.0, 90, math.pi)
    g.set_volume_origin((-70.0, -60.0))
    image = pyronn.rasterize_2d(pyronn.shepp_logan_2d(50.0), g)
    ours = pyronn.Projector(g).forward(image)
    # ASTRA's CPU 'linear' projector is Joseph's method, as pyronn's.
    assert relative(ours, astra_sinogram(astra, g, image, "linear")) <= 1e-3
    assert relative(ours, astra_sinogram(astra, pyronn.to_vector_geometry(g), image, "linear")) <= 1e-3
    # ASTRA's CPU fan-beam projector is Siddon's ('line_fanflat'; it has no Joseph fan projector):
    # on a smooth image the two models agree to well below the 1e-1 a wrong mapping gives.
    n = 256
    image = smooth_image(n)
    fan = pyronn.GeometryFan2D((n, n), (1.0, 1.0), 440, 1.2, 60, 2 * math.pi, 500.0, 300.0)
    assert relative(pyronn.Projector(fan).forward(image), astra_sinogram(astra, fan, image, "line_fanflat")) <= 1e-3
    wobbly = perturbed(pyronn.to_vector_geometry(fan), 7, scale_mm=5.0)
    assert relative(pyronn.Projector(wobbly).forward(image),
                    astra_sinogram(astra, wobbly, image, "line_fanflat")) <= 1e-3


def test_scikit_image_radon_matches_its_geometry():
    transform = pytest.importorskip("skimage.transform")
    errors = []
    for n in (64, 128):
        g = pyronn.radon_geometry(n)
        image = pyronn.rasterize_2d(pyronn.shepp_logan_2d(0.35 * n), g)
        radon = transform.radon(image.astype(np.float64))
        ours = pyronn.Projector(g).forward(image)
        errors.append(relative(ours, radon.T))
        # The mirrored angle convention is far off: the mapping is what makes them agree.
        mirrored = pyronn.GeometryParallel2D((n, n), (1.0, 1.0), n, 1.0, 180, math.pi)
        mirrored.set_volume_origin(g.volume_origin)
        mirrored.set_detector_origin(g.detector_origin)
        assert relative(pyronn.Projector(mirrored).forward(image), radon.T) > 10 * errors[-1]
    # The two interpolate differently (scikit-image rotates the image bilinearly): the difference
    # is small and falls as pixels shrink.
    assert errors[1] <= 1e-2
    assert errors[1] < errors[0]
