"""PYRO-NN 0.1.0's helpers on pyronn (pyronn.ct_reconstruction.helpers.phantoms / filters and
pyronn.ct_reconstruction.layers.fbp_layers): each value is compared with PYRO-NN's formula,
transcribed here on its own from 0.1.0's definitions and the papers they cite, or with a closed
form; the documented corrections (docs/pyronn_compat.md) each have a test of the corrected value.
Geometries are stand-ins carrying PYRO-NN's attribute names. TensorFlow is needed only by the
layer tests, which are skipped without it."""

import subprocess
import sys
from types import SimpleNamespace

import numpy as np
import pytest

import pyronn
from pyronn.ct_reconstruction.helpers.filters import filters, weights
from pyronn.ct_reconstruction.helpers.phantoms import primitives_2d, primitives_3d, shepp_logan

# ------------------------------------------------------------------------------------------------
# Stand-in geometries (PYRO-NN 0.1.0's GeometryBase attributes)
# ------------------------------------------------------------------------------------------------


def fan_geometry(width=64, spacing=1.5, views=90, angular_range=None, sdd=1200.0, sid=750.0):
    detector_shape, detector_spacing = np.array([width]), np.array([spacing], dtype=np.float32)
    fan_angle = np.arctan((width - 1) / 2.0 * spacing / sdd)
    return SimpleNamespace(
        volume_shape=np.array([64, 64]), volume_spacing=np.array([1.0, 1.0], dtype=np.float32),
        detector_shape=detector_shape, detector_spacing=detector_spacing,
        detector_origin=-(detector_shape - 1) / 2.0 * detector_spacing, number_of_projections=views,
        angular_range=np.pi + 2 * fan_angle if angular_range is None else angular_range,
        source_detector_distance=sdd, source_isocenter_distance=sid, fan_angle=fan_angle)


def cone_geometry(shape=(24, 40), spacing=(1.0, 1.25), views=60, angular_range=2 * np.pi, sdd=1200.0, sid=750.0):
    detector_shape, detector_spacing = np.array(shape), np.array(spacing, dtype=np.float32)
    return SimpleNamespace(
        volume_shape=np.array([32, 32, 32]), volume_spacing=np.array([1.0, 1.0, 1.0], dtype=np.float32),
        detector_shape=detector_shape, detector_spacing=detector_spacing,
        detector_origin=-(detector_shape - 1) / 2.0 * detector_spacing, number_of_projections=views,
        angular_range=angular_range, source_detector_distance=sdd, source_isocenter_distance=sid,
        fan_angle=np.arctan((shape[1] - 1) / 2.0 * spacing[1] / sdd),
        cone_angle=np.arctan((shape[0] - 1) / 2.0 * spacing[0] / sdd))


# ------------------------------------------------------------------------------------------------
# Phantoms
# ------------------------------------------------------------------------------------------------

# The published table (Shepp & Logan 1974; Toft's contrast): x, y, a, b, phi (degrees), densities.
SHEPP_LOGAN_TABLE = [
    (0, 0, 0.69, 0.92, 0, 2, 1), (0, -0.0184, 0.6624, 0.874, 0, -0.98, -0.8),
    (0.22, 0, 0.11, 0.31, -18, -0.02, -0.2), (-0.22, 0, 0.16, 0.41, 18, -0.02, -0.2),
    (0, 0.35, 0.21, 0.25, 0, 0.01, 0.1), (0, 0.1, 0.046, 0.046, 0, 0.01, 0.1),
    (0, -0.1, 0.046, 0.046, 0, 0.01, 0.1), (-0.08, -0.605, 0.046, 0.023, 0, 0.01, 0.1),
    (0, -0.605, 0.023, 0.023, 0, 0.01, 0.1), (0.06, -0.605, 0.023, 0.046, 0, 0.01, 0.1)]


def pyronn010_shepp_logan(shape, column):
    """0.1.0's rasterisation: pixel centres on [-1, 1] per axis, one point each, rows flipped."""
    rows, cols = np.mgrid[:shape[0], :shape[1]]
    x = (cols - (shape[1] - 1) / 2) / ((shape[1] - 1) / 2)
    y = (rows - (shape[0] - 1) / 2) / ((shape[0] - 1) / 2)
    image = np.zeros(shape)
    for e in SHEPP_LOGAN_TABLE:
        phi = np.radians(e[4])
        xc, yc = x - e[0], y - e[1]
        xr, yr = xc * np.cos(phi) + yc * np.sin(phi), yc * np.cos(phi) - xc * np.sin(phi)
        image += (xr ** 2 / e[2] ** 2 + yr ** 2 / e[3] ** 2 <= 1) * e[column]
    return image[::-1]


@pytest.mark.parametrize("shape", [(64, 64), (65, 80), (128, 128), (33, 47), (2, 3)])
def test_shepp_logan_is_pyronn010s(shape):
    for ours, column in ((shepp_logan.shepp_logan(shape), 5), (shepp_logan.shepp_logan_enhanced(list(shape)), 6)):
        assert ours.dtype == np.float32 and ours.shape == shape
        np.testing.assert_allclose(ours, pyronn010_shepp_logan(shape, column), rtol=0, atol=1e-6)


def test_shepp_logan_is_upright():
    image = shepp_logan.shepp_logan_enhanced((201, 201))
    # Row r is the published y = 1 - r / 100: ellipse e (centre y = 0.35) lies in the upper half.
    assert image[65, 100] == pytest.approx(0.3) and image[135, 100] == pytest.approx(0.2)


# PYRO-NN 0.1.0's 3D table (CONRAD's): x, y, z, a, b, c, phi (about z), density.
SHEPP_LOGAN_3D_TABLE = [
    (0, 0, 0, 0.69, 0.92, 0.81, 0, 1), (0, -0.0184, 0, 0.6624, 0.874, 0.78, 0, -0.8),
    (0.22, 0, 0, 0.11, 0.31, 0.22, -np.pi / 10, -0.2), (-0.22, 0, 0, 0.16, 0.41, 0.28, np.pi / 10, -0.2),
    (0, 0.35, -0.15, 0.21, 0.25, 0.41, 0, 0.1), (0, 0.1, 0.25, 0.046, 0.046, 0.05, 0, 0.1),
    (0, -0.1, 0.25, 0.046, 0.046, 0.05, 0, 0.1), (-0.08, -0.605, 0, 0.046, 0.023, 0.05, 0, 0.1),
    (0, -0.605, 0, 0.023, 0.023, 0.02, 0, 0.1), (0.06, -0.605, 0, 0.023, 0.046, 0.02, 0, 0.1)]


@pytest.mark.parametrize("shape", [(20, 24, 28), (33, 33, 33)])
def test_shepp_logan_3d_is_pyronn010s(shape):
    z, y, x = (np.mgrid[:shape[0], :shape[1], :shape[2]] - (np.array(shape) - 1)[:, None, None, None] / 2) / \
        ((np.array(shape) - 1)[:, None, None, None] / 2)
    expected = np.zeros(shape)
    for e in SHEPP_LOGAN_3D_TABLE:
        xc, yc, zc = x - e[0], y - e[1], z - e[2]
        c, s = np.cos(e[6]), np.sin(e[6])
        xr, yr = c * xc + s * yc, -s * xc + c * yc
        expected += (xr ** 2 / e[3] ** 2 + yr ** 2 / e[4] ** 2 + zc ** 2 / e[5] ** 2 <= 1) * e[7]
    ours = shepp_logan.shepp_logan_3d(shape)
    assert ours.dtype == np.float32 and ours.shape == shape
    np.testing.assert_allclose(ours, expected, rtol=0, atol=1e-6)


def test_rect_and_cube_are_pyronn010s():
    expected = np.zeros((12, 15))
    expected[3:3 + 4, 5:5 + 20] = 2.5
    np.testing.assert_array_equal(primitives_2d.rect((12, 15), (3, 5), (4, 20), 2.5), expected)
    expected = np.zeros((6, 7, 8))
    expected[1:4, 2:7, 0:3] = -1.0
    ours = primitives_3d.cube((6, 7, 8), (1, 2, 0), (3, 5, 3), -1.0)
    assert ours.dtype == np.float32
    np.testing.assert_array_equal(ours, expected)


def pyronn010_ellipsoid(shape, pos, half_axes, value, angles):
    """0.1.0's ellipsoid: R = Rz(phi) Ry(theta) Rz(psi), point in its frame R^T (p - pos)."""
    def rz(t):
        return np.array([[np.cos(t), -np.sin(t), 0], [np.sin(t), np.cos(t), 0], [0, 0, 1]])
    ry = np.array([[np.cos(angles[1]), 0, np.sin(angles[1])], [0, 1, 0], [-np.sin(angles[1]), 0, np.cos(angles[1])]])
    r = (rz(angles[0]) @ ry @ rz(angles[2])).T
    zz, yy, xx = np.mgrid[:shape[0], :shape[1], :shape[2]]
    xc, yc, zc = xx - pos[2], yy - pos[1], zz - pos[0]
    q = [xc * r[i, 0] + yc * r[i, 1] + zc * r[i, 2] for i in range(3)]
    return (q[0] ** 2 / half_axes[2] ** 2 + q[1] ** 2 / half_axes[1] ** 2 + q[2] ** 2 / half_axes[0] ** 2 <= 1) * value


@pytest.mark.parametrize("angles", [(0.0, 0.0, 0.0), (0.3, 0.5, -0.2), (np.pi / 2, 0.0, 0.0)])
def test_ellipsoid_is_pyronn010s(angles):
    shape, pos, half_axes = (16, 18, 20), (7, 9, 10), (3, 5, 8)
    ours = primitives_3d.ellipsoid(shape, pos, half_axes, 0.5, angles)
    assert ours.dtype == np.float32 and ours.sum() > 0
    np.testing.assert_array_equal(ours, pyronn010_ellipsoid(shape, pos, half_axes, 0.5, angles))


def pyronn010_circle(shape, pos, radius, value):
    """0.1.0's circle: its first mgrid axis (the rows) against pos[1]."""
    xx, yy = np.mgrid[:shape[0], :shape[1]].astype(np.float32)
    return ((xx - pos[1]) ** 2 + (yy - pos[0]) ** 2 <= radius ** 2) * np.float32(value)


def pyronn010_ellipse(shape, pos, half_axes, value, phi):
    xx, yy = np.mgrid[:shape[0], :shape[1]].astype(np.float64)
    xc, yc = xx - pos[1], yy - pos[0]
    xr, yr = xc * np.cos(phi) + yc * np.sin(phi), yc * np.cos(phi) - xc * np.sin(phi)
    return (xr ** 2 / half_axes[1] ** 2 + yr ** 2 / half_axes[0] ** 2 <= 1) * value


def test_circle_and_ellipse_take_pos_as_documented_y_x():
    # Correction: 0.1.0 drew them transposed (pos read as [X, Y]); ours put the centre at [Y, X].
    ours = primitives_2d.circle((24, 24), (5, 12), 5, 3.0)
    assert ours.dtype == np.float32 and ours[5, 12] == 3.0 and ours[12, 5] == 0.0
    rows, cols = np.indices((24, 24))
    np.testing.assert_array_equal(ours, ((rows - 5) ** 2 + (cols - 12) ** 2 <= 25) * 3.0)  # 3-4-5 points inside
    np.testing.assert_array_equal(ours, pyronn010_circle((24, 24), (5, 12), 5, 3.0).T)
    for phi in (0.0, 0.4, -1.1):
        ours = primitives_2d.ellipse((30, 30), (8, 14), (3, 7), 2.0, phi)
        np.testing.assert_array_equal(ours, pyronn010_ellipse((30, 30), (8, 14), (3, 7), 2.0, phi).T)
    ours = primitives_2d.ellipse((20, 30), (8, 14), (3, 7), 1.0)
    assert ours[8, 14 + 7] == 1 and ours[8, 14 + 8] == 0 and ours[8 + 3, 14] == 1 and ours[8 + 4, 14] == 0


def test_sphere_takes_pos_as_documented_z_y_x():
    ours = primitives_3d.sphere((10, 12, 14), (2, 5, 9), 2, 1.5)
    z, y, x = np.indices((10, 12, 14))
    np.testing.assert_array_equal(ours, ((z - 2) ** 2 + (y - 5) ** 2 + (x - 9) ** 2 <= 4) * 1.5)
    # 0.1.0's sphere read pos as [X, Y, Z] (its first mgrid axis against pos[2]): the same ball
    # with the axes reversed.
    xx, yy, zz = np.mgrid[:12, :12, :12]
    old = ((xx - 9) ** 2 + (yy - 5) ** 2 + (zz - 2) ** 2 <= 4) * 1.5
    np.testing.assert_array_equal(primitives_3d.sphere((12, 12, 12), (2, 5, 9), 2, 1.5).transpose(2, 1, 0), old)


def test_phantom_bad_input_raises():
    with pytest.raises(ValueError, match="shape"):
        shepp_logan.shepp_logan((1, 64))
    with pytest.raises(ValueError, match="shape"):
        shepp_logan.shepp_logan_3d((8, 8))
    with pytest.raises(ValueError, match="pos"):
        primitives_2d.circle((8, 8), (1, 2, 3), 2)
    with pytest.raises(ValueError, match="half_axes"):
        primitives_3d.ellipsoid((8, 8, 8), (4, 4, 4), (0, 1, 1))
    with pytest.raises(ValueError, match="pos"):
        primitives_2d.rect((8, 8), (-1, 2), (2, 2))


# ------------------------------------------------------------------------------------------------
# Filters
# ------------------------------------------------------------------------------------------------

def pyronn010_ramp(width):
    out = np.zeros(width)
    step = 0.5 / (width / 2.0)
    for i in range(width):
        out[i] = i * step if i <= width / 2.0 else 0.5 - (i - width / 2.0) * step
    return out.astype(np.float32)


def pyronn010_ram_lak(width, spacing):
    kernel = np.zeros(width)
    kernel[0] = 0.25 / spacing ** 2
    for i in range(1, width):
        lag = i if i < width / 2 else width - i
        if lag % 2 == 1:
            kernel[i] = -1.0 / (np.pi ** 2 * spacing ** 2 * lag ** 2)
    return np.real(np.fft.fft(kernel)).astype(np.float32)


@pytest.mark.parametrize("width", [1, 2, 7, 8, 64, 255])
def test_ramp_is_pyronn010s(width):
    ours = filters.ramp(width)
    assert ours.dtype == np.float32 and ours.shape == (width,)
    np.testing.assert_allclose(ours, pyronn010_ramp(width), rtol=1e-7, atol=0)


@pytest.mark.parametrize("width", [1, 2, 5, 8, 64, 257])
@pytest.mark.parametrize("spacing", [1.0, 0.37, 2.5])
def test_ram_lak_is_pyronn010s(width, spacing):
    ours, expected = filters.ram_lak(width, spacing), pyronn010_ram_lak(width, spacing)
    assert ours.dtype == np.float32 and ours.shape == (width,)
    # pyronn's taps are float32: the sum of w of them carries ~1e-7 of the peak, float32's rounding.
    np.testing.assert_allclose(ours, expected, rtol=0, atol=1e-6 * np.abs(expected).max())


def test_ram_lak_approaches_the_ramp_over_the_spacing():
    # Closed form: the DFT of the Ram-Lak kernel is |f| / tau (f in cycles per mm, so |k| / (U tau^2))
    # up to the kernel's truncated tail, 2 / (pi^2 tau^2) sum over odd n > U / 2 of 1 / n^2 < 1 / (pi^2 tau^2 U / 2).
    width, tau = 512, 0.8
    expected = np.abs(np.fft.fftfreq(width)) / tau ** 2
    assert np.abs(filters.ram_lak(width, tau) - expected).max() <= 2 / (np.pi ** 2 * tau ** 2 * (width / 2 - 1))


def test_filters_per_view():
    fan, cone = fan_geometry(width=20, spacing=0.7, views=6), cone_geometry(shape=(4, 9), spacing=(2.0, 0.6), views=5)
    for make, g, shape, row in ((filters.ram_lak_2D, fan, (6, 20), filters.ram_lak(20, np.float32(0.7))),
                                (filters.ramp_2D, fan, (6, 20), filters.ramp(20)),
                                (filters.ram_lak_3D, cone, (5, 1, 9), filters.ram_lak(9, np.float32(0.6))),
                                (filters.ramp_3D, cone, (5, 1, 9), filters.ramp(9))):
        out = make(g)
        assert out.shape == shape and out.dtype == np.float32
        np.testing.assert_array_equal(out.reshape(-1, shape[-1]), np.broadcast_to(row, (shape[0], shape[-1])))


def test_filter_bad_input_raises():
    with pytest.raises(ValueError, match="detector_width"):
        filters.ramp(0)
    with pytest.raises(ValueError, match="detector_spacing"):
        filters.ram_lak(8, -1.0)
    with pytest.raises(TypeError, match="number_of_projections"):
        filters.ram_lak_2D(SimpleNamespace(detector_shape=[8], detector_spacing=[1.0]))


# ------------------------------------------------------------------------------------------------
# Weights
# ------------------------------------------------------------------------------------------------

def test_cosine_weights_3d_are_the_cosines_of_the_rays():
    # Correction: 0.1.0 placed the detector's centre at +(n - 1) / 2 * spacing past its last
    # pixel (v * dv + cv instead of v * dv - cv) and built a [U][V] array indexed [v][u].
    g = cone_geometry(shape=(24, 40), spacing=(1.0, 1.25))
    ours = weights.cosine_weights_3d(g)
    t = g.detector_origin[0] + np.arange(24)[:, None] * g.detector_spacing[0]
    s = g.detector_origin[1] + np.arange(40)[None, :] * g.detector_spacing[1]
    expected = 1200.0 / np.sqrt(1200.0 ** 2 + s ** 2 + t ** 2)
    assert ours.shape == (24, 40) and ours.dtype == np.float32
    np.testing.assert_allclose(ours, expected, rtol=1e-6)
    np.testing.assert_allclose(ours, ours[::-1, ::-1], rtol=1e-6)  # symmetric about the centre


def test_cosine_weights_of_pyronn010_were_off_centre():
    g = cone_geometry(shape=(16, 16), spacing=(1.0, 1.0), sdd=100.0, sid=60.0)
    cu = cv = 7.5
    old = np.zeros((16, 16))
    for v in range(16):
        for u in range(16):
            old[v, u] = 100.0 / np.sqrt(100.0 ** 2 + (v + cv) ** 2 + (u + cu) ** 2)
    old = np.flip(old)
    ours = weights.cosine_weights_3d(g)
    assert ours.max() == pytest.approx(ours[7:9, 7:9].max()) and old.argmax() == old.size - 1
    assert np.abs(ours - old).max() > 0.03  # 4 % at the corner farthest from the true centre


def pyronn010_parker(g):
    """0.1.0's loop without its final scale factor."""
    n, width = g.number_of_projections, g.detector_shape[-1]
    out = np.ones((n, width))
    beta, delta = ((np.pi + 2 * g.fan_angle) - g.angular_range) / 2.0, g.fan_angle
    for i in range(n):
        for u in range(width):
            gamma = np.arctan((u * g.detector_spacing[-1] + g.detector_origin[-1]) / g.source_detector_distance)
            with np.errstate(divide="ignore", invalid="ignore"):
                if 0 <= beta <= 2 * (delta - gamma):
                    val = np.sin(np.pi / 4 * beta / (delta - gamma)) ** 2
                    out[i, u] = out[i, u] if np.isnan(val) else val
                elif 2 * (delta - gamma) < beta < np.pi - 2 * gamma:
                    out[i, u] = 1.0
                elif np.pi - 2 * gamma <= beta <= np.pi + 2 * delta:
                    val = np.sin(np.pi / 4 * (np.pi + 2 * delta - beta) / (gamma + delta)) ** 2
                    out[i, u] = out[i, u] if np.isnan(val) else val
                else:
                    out[i, u] = 0.0
        beta += g.angular_range / n
    return out


@pytest.mark.parametrize("extra", [0.0, 0.3, -0.05])  # shortest scan, over-scan, too short
def test_parker_weights_2d_are_pyronn010s_up_to_its_scale(extra):
    g = fan_geometry(width=48, views=75)
    g.angular_range = np.pi + 2 * g.fan_angle + extra
    ours = weights.parker_weights_2d(g)
    assert ours.shape == (75, 48) and ours.dtype == np.float32
    np.testing.assert_allclose(ours, pyronn010_parker(g) * g.angular_range / np.pi, rtol=0, atol=1e-6)


def test_parker_weights_count_each_line_once():
    # Correction: 0.1.0 scaled by (range + range / views) / pi. Each column's weights over the
    # scan, times the backprojection's pi / views, must integrate Parker's weight, pi in all
    # (its two measurements of every line sum to 1), not pi (1 + 1 / views). The two edge columns
    # are left out: their transitions are too steep for 400 views to integrate them to 1e-3.
    g = fan_geometry(width=32, views=400)
    ours = weights.parker_weights_2d(g).astype(np.float64)[:, 2:-2]
    np.testing.assert_allclose(ours.sum(axis=0) * np.pi / 400, np.pi, rtol=5e-4)
    old = (pyronn010_parker(g) * (g.angular_range + g.angular_range / 400) / np.pi)[:, 2:-2]
    assert np.abs(old.sum(axis=0) * np.pi / 400 / np.pi - 1).min() > 2e-3


def projection_matrices(g, clockwise_u):
    """Circular-scan matrices with the source at +sid (cos a, sin a); u along (-sin a, cos a) as in
    PYRO-NN's circular_trajectory_3d (clockwise from the ray), or the opposite."""
    out = []
    for a in np.arange(g.number_of_projections) * g.angular_range / g.number_of_projections:
        source = g.source_isocenter_distance * np.array([np.cos(a), np.sin(a), 0.0])
        ray, u_axis = -source / g.source_isocenter_distance, np.array([-np.sin(a), np.cos(a), 0.0])
        u_axis = u_axis if clockwise_u else -u_axis
        focal = g.source_detector_distance / g.detector_spacing
        centre = -g.detector_origin / g.detector_spacing  # the principal point (v, u), in pixels
        k = np.array([[focal[1], 0, centre[1]], [0, focal[0], centre[0]], [0, 0, 1]])
        rotation = np.stack([u_axis, np.array([0.0, 0.0, 1.0]), ray])
        out.append(k @ np.hstack([rotation, -(rotation @ source)[:, None]]))
    return np.array(out)


def test_parker_weights_3d_mirror_the_rows_for_pyronn010s_hand():
    g = cone_geometry(shape=(8, 40), views=50)
    g.angular_range = np.pi + 2 * g.fan_angle
    flat = weights.parker_weights_2d(g)
    ours = weights.parker_weights_3d(g)  # no matrices: PYRO-NN's circular_trajectory_3d's hand
    assert ours.shape == (50, 1, 40) and ours.dtype == np.float32
    np.testing.assert_array_equal(ours[:, 0], flat[:, ::-1])
    g.projection_matrices = projection_matrices(g, clockwise_u=True)
    np.testing.assert_array_equal(weights.parker_weights_3d(g)[:, 0], flat[:, ::-1])
    g.projection_matrices = projection_matrices(g, clockwise_u=False)
    np.testing.assert_array_equal(weights.parker_weights_3d(g)[:, 0], flat)
    g.projection_matrices = -projection_matrices(g, clockwise_u=False)  # the same matrices, negated
    np.testing.assert_array_equal(weights.parker_weights_3d(g)[:, 0], flat)


def pyronn010_riess(beta, gamma, angular_range):
    """0.1.0's riess_weights_2d at one (beta, gamma), unscaled."""
    x = angular_range - np.pi
    with np.errstate(divide="ignore", invalid="ignore"):
        eta = np.sin(np.pi / 2 * (np.pi + x - beta) / (x - 2 * gamma)) ** 2
        zeta = np.sin(np.pi / 2 * beta / (x + 2 * gamma)) ** 2
    w = 1.0
    if np.pi + 2 * gamma <= beta <= np.pi + x and not np.isnan(eta):
        w = eta
    if np.pi + 2 * (x - gamma) <= beta <= np.pi + x and not np.isnan(eta):
        w = 2 - eta
    if 0 <= beta <= 2 * gamma + x and not np.isnan(zeta):
        w = zeta
    if 0 <= beta <= -x - 2 * gamma and not np.isnan(zeta):
        w = 2 - zeta
    return w


@pytest.mark.parametrize("extra", [0.0, 0.4, -0.06])
def test_riess_weights_are_pyronn010s_with_gamma_measured_clockwise(extra):
    g = fan_geometry(width=40, views=60)
    g.angular_range = np.pi + 2 * g.fan_angle + extra
    gamma = np.arctan((g.detector_origin[-1] + np.arange(40) * g.detector_spacing[-1]) / g.source_detector_distance)
    beta = np.arange(60) * g.angular_range / 60
    expected = np.array([[pyronn010_riess(b, -c, g.angular_range) for c in gamma] for b in beta])
    ours = weights.riess_weights_2d(g)
    assert ours.shape == (60, 40) and ours.dtype == np.float32
    np.testing.assert_allclose(ours, expected * g.angular_range / np.pi, rtol=0, atol=1e-6)


def test_riess_weights_need_the_clockwise_gamma_to_count_each_line_once():
    # Correction: in the fan geometry (u-axis counter-clockwise from the central ray) the two
    # measurements of a line are (beta, gamma) and (beta + pi + 2 gamma, -gamma): with 0.1.0's sign
    # their weights do not sum to 1; with the clockwise one (ours) they do.
    rng = np.random.default_rng(3)
    fan, angular_range = 0.2, np.pi + 0.5
    errors = {+1: [], -1: []}
    for _ in range(2000):
        beta, gamma = rng.uniform(0, angular_range), rng.uniform(-fan, fan)
        partner = beta + np.pi + 2 * gamma
        if partner > angular_range:
            partner = beta - np.pi + 2 * gamma
        if 0 <= partner <= angular_range:
            for sign in errors:
                errors[sign].append(pyronn010_riess(beta, sign * gamma, angular_range) +
                                    pyronn010_riess(partner, -sign * gamma, angular_range) - 1)
    assert np.abs(errors[-1]).max() < 1e-12 and np.abs(errors[+1]).max() > 0.5


def test_weight_bad_input_raises():
    g = fan_geometry()
    del g.fan_angle
    with pytest.raises(TypeError, match="fan_angle"):
        weights.parker_weights_2d(g)
    g = cone_geometry()
    g.source_detector_distance = -5.0
    with pytest.raises(ValueError, match="source_detector_distance"):
        weights.cosine_weights_3d(g)
    g = cone_geometry()
    g.source_isocenter_distance = None  # as in a parallel-beam geometry
    with pytest.raises(ValueError, match="source_isocenter_distance"):
        weights.cosine_weights_3d(g)


def test_numpy_helpers_do_not_import_tensorflow():
    code = ("import sys, pyronn.ct_reconstruction.helpers.phantoms.shepp_logan, "
            "pyronn.ct_reconstruction.helpers.filters.filters, pyronn.ct_reconstruction.helpers.filters.weights; "
            "sys.exit('tensorflow' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


# ------------------------------------------------------------------------------------------------
# Trainable layers (TensorFlow)
# ------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tf():
    return pytest.importorskip("tensorflow")


@pytest.fixture(scope="module")
def fbp_layers(tf):
    from pyronn.ct_reconstruction.layers import fbp_layers
    return fbp_layers


def test_initial_filter_layer_is_numpy_fft_filtering(tf, fbp_layers):
    rng = np.random.default_rng(0)
    for g, x in ((fan_geometry(width=48, views=7), rng.random((3, 7, 48), dtype=np.float32)),
                 (cone_geometry(shape=(5, 24), views=4), rng.random((2, 4, 5, 24), dtype=np.float32))):
        reco_filter = filters.ram_lak_2D(g) if x.ndim == 3 else filters.ram_lak_3D(g)
        layer = fbp_layers.FourierFilter(reco_filter)
        expected = np.real(np.fft.ifft(np.fft.fft(x.astype(np.float64)) * reco_filter))
        np.testing.assert_allclose(layer(x).numpy(), expected, rtol=0, atol=1e-5 * np.abs(expected).max())
        np.testing.assert_array_equal(tf.function(layer)(tf.constant(x)).numpy(), layer(x).numpy())


def test_filter_layer_gradients(tf, fbp_layers):
    rng = np.random.default_rng(1)
    g = fan_geometry(width=8, views=3)
    layer = fbp_layers.FourierFilter(filters.ram_lak_2D(g))
    x = rng.standard_normal((2, 3, 8)).astype(np.float32)
    # With respect to the input: TensorFlow's Jacobian against finite differences (float32, the
    # layer is linear in x, so only rounding separates them).
    theoretical, numerical = tf.test.compute_gradient(lambda t: layer(t), [tf.constant(x)], delta=1e-2)
    np.testing.assert_allclose(theoretical[0], numerical[0], rtol=0, atol=2e-3 * np.abs(theoretical[0]).max())
    # With respect to the filter: d/dF sum(layer(x) r) in random directions D against central
    # differences of the layer itself (linear in F: exact up to float32 rounding, tolerance 1e-3).
    r = tf.constant(rng.standard_normal((2, 3, 8)).astype(np.float32))
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(layer(x) * r)
    grad = tape.gradient(loss, layer.filter).numpy()
    start = layer.filter.numpy()
    for _ in range(3):
        d = rng.standard_normal(start.shape).astype(np.float32)
        values = []
        for h in (0.05, -0.05):
            layer.filter.assign(start + h * d)
            values.append(float(tf.reduce_sum(layer(x) * r)))
        layer.filter.assign(start)
        assert (values[0] - values[1]) / 0.1 == pytest.approx(float(np.sum(grad * d)), rel=1e-3, abs=1e-4)
    # Closed form: y = real(ifft(X F)) with F real gives dL/dF = real(X ifft(r)) summed over the batch.
    closed = np.sum(np.real(np.fft.fft(x) * np.fft.ifft(r.numpy())), axis=0)
    np.testing.assert_allclose(grad, closed, rtol=0, atol=1e-4 * np.abs(closed).max())


def test_weight_layer_and_its_gradients(tf, fbp_layers):
    rng = np.random.default_rng(2)
    g = fan_geometry(width=12, views=5)
    w = weights.parker_weights_2d(g)
    layer = fbp_layers.ProjectionWeights(w)
    x = rng.standard_normal((3, 5, 12)).astype(np.float32)
    np.testing.assert_array_equal(layer(x).numpy(), x * w)
    r = rng.standard_normal(x.shape).astype(np.float32)
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(layer(x) * r)
    np.testing.assert_allclose(tape.gradient(loss, layer.projection_weights).numpy(), np.sum(x * r, axis=0),
                               rtol=1e-5, atol=1e-5)
    theoretical, numerical = tf.test.compute_gradient(lambda t: layer(t), [tf.constant(x)], delta=1e-2)
    np.testing.assert_allclose(theoretical[0], numerical[0], rtol=0, atol=2e-3)
    # [V][U] cosine weights broadcast over views of cone projections.
    cone = cone_geometry(shape=(4, 6), views=3)
    cosine = fbp_layers.ProjectionWeights(weights.cosine_weights_3d(cone), trainable=False)
    p = rng.random((2, 3, 4, 6), dtype=np.float32)
    np.testing.assert_array_equal(cosine(p).numpy(), p * weights.cosine_weights_3d(cone))
    assert cosine.trainable_weights == []


def test_layers_in_a_keras_model_train(tf, fbp_layers):
    g = fan_geometry(width=16, views=4)
    model = tf.keras.Sequential([tf.keras.Input((4, 16)), fbp_layers.ProjectionWeights(np.ones((4, 16))),
                                 fbp_layers.FourierFilter(filters.ram_lak_2D(g))])
    rng = np.random.default_rng(4)
    x = rng.random((8, 4, 16), dtype=np.float32)
    target = np.real(np.fft.ifft(np.fft.fft(x) * filters.ramp_2D(g))).astype(np.float32)
    model.compile(optimizer=tf.keras.optimizers.Adam(1e-2), loss="mse")
    before = model.evaluate(x, target, verbose=0)
    model.fit(x, target, epochs=20, verbose=0)
    assert model.evaluate(x, target, verbose=0) < 0.5 * before


def test_layer_bad_input_raises(tf, fbp_layers):
    layer = fbp_layers.FourierFilter(np.ones((4, 16), dtype=np.float32))
    with pytest.raises(TypeError, match="float32"):
        layer(np.ones((2, 4, 16), dtype=np.int32))
    with pytest.raises(ValueError, match="inputs"):
        layer(np.ones((2, 4, 15), dtype=np.float32))
    with pytest.raises(ValueError, match="inputs"):
        layer(np.ones((16,), dtype=np.float32))
    with pytest.raises(ValueError, match="filter_values"):
        fbp_layers.FourierFilter(np.array([1.0, np.nan]))
    with pytest.raises(ValueError, match="inputs"):
        fbp_layers.ProjectionWeights(np.ones((4, 16)))(np.ones((2, 3, 16), dtype=np.float32))


# ------------------------------------------------------------------------------------------------
# End to end on pyronn's operators: a short scan weighted by these helpers reconstructs what a
# full scan does (PYRO-NN's flow: weights, ram_lak_2D/3D on the rows' FFT, FBP backprojection at
# PYRO-NN's scale of pi / views per view)
# ------------------------------------------------------------------------------------------------

def pyronn010_flow(projector, stand_in, sinogram, w, ram_lak):
    """PYRO-NN's FBP flow on pyronn's backproject_fbp, brought to PYRO-NN's pi / views per view."""
    filtered = np.real(np.fft.ifft(np.fft.fft(sinogram * w) * ram_lak)).astype(np.float32)
    scale = np.pi / abs(stand_in.angular_range) * float(stand_in.detector_spacing[-1]) * \
        stand_in.source_detector_distance / stand_in.source_isocenter_distance
    return projector.backproject_fbp(filtered) * scale


def fan_scan(width, views, angular_range):
    g = pyronn.GeometryFan2D((96, 96), (1.0, 1.0), width, 1.0, views, angular_range, 1200.0, 750.0)
    stand_in = fan_geometry(width=width, spacing=1.0, views=views, angular_range=angular_range)
    return g, stand_in


def test_short_scan_weights_reconstruct_the_full_scans_image():
    width = 256
    fan_angle = np.arctan((width - 1) / 2.0 / 1200.0)
    image = pyronn.rasterize_2d(pyronn.shepp_logan_2d(40.0), pyronn.GeometryFan2D((96, 96), (1.0, 1.0), width, 1.0, 1,
                                                                                    2 * np.pi, 1200.0, 750.0))
    s = -(width - 1) / 2.0 + np.arange(width)
    cosine = 1200.0 / np.sqrt(1200.0 ** 2 + s ** 2)  # the flat detector's cosine weight (2D)
    g, stand_in = fan_scan(width, 360, 2 * np.pi)
    full = pyronn010_flow(pyronn.Projector(g), stand_in, pyronn.Projector(g).forward(image), cosine,
                          filters.ram_lak_2D(stand_in))
    g, stand_in = fan_scan(width, 200, np.pi + 2 * fan_angle)
    projector = pyronn.Projector(g)
    sinogram = projector.forward(image)
    results = {}
    parker = weights.parker_weights_2d(stand_in)
    riess = weights.riess_weights_2d(stand_in)
    for name, w in (("parker", parker), ("riess", riess), ("mirrored", parker[:, ::-1]),
                    ("0.1.0 scale", parker * (1 + 1 / 200))):
        reco = pyronn010_flow(projector, stand_in, sinogram, w * cosine, filters.ram_lak_2D(stand_in))
        results[name] = (np.linalg.norm(reco - full) / np.linalg.norm(full), reco.sum() / full.sum())
    print("[figure] short vs full scan (relative L2, integral ratio):",
          {k: tuple(round(float(x), 4) for x in v) for k, v in results.items()})
    for name in ("parker", "riess"):
        assert results[name][0] < 0.05 and abs(results[name][1] - 1) < 1e-3
    assert results["mirrored"][0] > 2 * results["parker"][0]
    assert abs(results["0.1.0 scale"][1] - 1) > 4e-3  # 1 / views too much


@pytest.mark.parametrize("clockwise_u", [True, False])
def test_cone_short_scan_parker_weights_follow_the_trajectorys_hand(clockwise_u):
    shape, spacing = (16, 96), (1.0, 1.5)
    image = None
    recos = {}
    for kind, views in (("full", 240), ("short", 130)):
        stand_in = cone_geometry(shape=shape, spacing=spacing, views=views)
        if kind == "short":
            stand_in.angular_range = np.pi + 2 * stand_in.fan_angle
        stand_in.projection_matrices = projection_matrices(stand_in, clockwise_u)
        g = pyronn.GeometryCone3D((24, 40, 40), (1.0, 1.0, 1.0), shape, spacing, views, stand_in.angular_range,
                                  1200.0, 750.0)
        g.set_projection_matrices(stand_in.projection_matrices)
        if image is None:
            image = pyronn.rasterize_3d(pyronn.shepp_logan_3d(18.0), g)
        projector = pyronn.Projector(g)
        p = projector.forward(image) * weights.cosine_weights_3d(stand_in)
        ram_lak = filters.ram_lak_3D(stand_in)
        if kind == "full":
            recos["full"] = pyronn010_flow(projector, stand_in, p, 1.0, ram_lak)
        else:
            w = weights.parker_weights_3d(stand_in)
            recos["ours"] = pyronn010_flow(projector, stand_in, p, w, ram_lak)
            recos["other"] = pyronn010_flow(projector, stand_in, p, w[:, :, ::-1], ram_lak)
    middle = slice(8, 16)  # the central slab, where FDK is all but exact
    error = {k: np.linalg.norm((recos[k] - recos["full"])[middle]) / np.linalg.norm(recos["full"][middle])
             for k in ("ours", "other")}
    print(f"[figure] cone short vs full scan, u-axis {'clockwise' if clockwise_u else 'counter-clockwise'}: "
          f"relative L2 ours {error['ours']:.4f}, other mirror {error['other']:.4f}")
    assert error["ours"] < 0.05 and error["other"] > 2 * error["ours"]


def test_layer_gradients_are_their_transposes(tf, fbp_layers):
    # Dot-product test through tf.GradientTape: <A x, y> = <x, A^T y>, A^T y being the gradient of
    # <A x, y> with respect to x, to 1e-5 of |A x| |y| (float32 FFTs round at about 1e-7).
    rng = np.random.default_rng(5)
    cone = cone_geometry(shape=(6, 32), views=5)
    for layer, shape in ((fbp_layers.FourierFilter(filters.ram_lak_3D(cone)), (2, 5, 6, 32)),
                         (fbp_layers.FourierFilter(filters.ramp(32)), (3, 32)),
                         (fbp_layers.ProjectionWeights(weights.cosine_weights_3d(cone)), (2, 5, 6, 32))):
        x = tf.constant(rng.random(shape, dtype=np.float32))
        y = tf.constant(rng.random(shape, dtype=np.float32))
        with tf.GradientTape() as tape:
            tape.watch(x)
            ax = layer(x)
            inner = tf.reduce_sum(tf.cast(ax, tf.float64) * tf.cast(y, tf.float64))
        aty = tape.gradient(inner, x)
        other = np.sum(x.numpy().astype(np.float64) * aty.numpy())
        assert abs(float(inner) - other) <= 1e-5 * np.linalg.norm(ax.numpy()) * np.linalg.norm(y.numpy())
