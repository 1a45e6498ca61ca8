"""The curved detectors in the Python package: GeometryFanArc2D and GeometryConeCylindrical3D
through the NumPy operators (dot products, FBP / FDK scale), their plain-number form, and the
conversions that refuse them."""

import math

import numpy as np
import pytest

import pyronn
from cases import dot_mismatch


def arc():
    g = pyronn.GeometryFanArc2D((40, 48), (1.0, 1.0), 72, 1.2, 45, -1.5 * math.pi, 600.0, 350.0)
    g.set_detector_origin(-40.0)
    return g


def cylinder():
    return pyronn.GeometryConeCylindrical3D((12, 14, 16), (1.5, 1.5, 1.5), (18, 24), (2, 2), 24, 2 * math.pi, 500, 300)


CURVED = {"arc": arc, "cylinder": cylinder}


def random(shape, seed):
    return np.random.default_rng(seed).standard_normal(shape).astype(np.float32)


@pytest.mark.parametrize("name", sorted(CURVED))
@pytest.mark.parametrize("interpolation", ["software", "texture"])
def test_curved_adjoint_and_fbp_transpose(name, interpolation):
    g = CURVED[name]()
    projector = pyronn.Projector(g, interpolation, threads=2)
    x = random((2,) + g.volume_shape, 1)
    y = random((2,) + g.sinogram_shape, 2)
    adjoint = dot_mismatch(projector.forward(x), y, x, projector.adjoint(y))
    fbp = dot_mismatch(projector.backproject_fbp(y), x, y, projector.backproject_fbp_transpose(x))
    print(f"[figure] curved {name} {interpolation}: adjoint {adjoint:.2e}, FBP transpose {fbp:.2e}")
    assert adjoint <= 1e-6
    assert fbp <= 1e-6


def test_curved_geometry_numbers():
    g = arc()
    assert g.params[0] == 8 and len(g.params) == 1 + 10 + 3
    assert g.detector_origin == -40.0
    assert g.angular_spacing == pytest.approx(1.2 / 600.0)
    assert g.fan_angle == pytest.approx((-40.6 + 72 * 1.2) / 600.0)  # to the farther end bin's outer edge
    c = cylinder()
    assert c.params[0] == 9 and c.sinogram_shape == (24, 18, 24)
    assert np.allclose(np.linalg.norm(c.source_positions, axis=1), 300)
    with pytest.raises(pyronn.InvalidArgumentError, match="source_detector_distance"):
        pyronn.GeometryFanArc2D((40, 48), (1.0, 1.0), 72, 1.2, 45, math.pi, 300.0, 350.0)


def test_curved_conversions_are_refused():
    for g in (arc(), cylinder()):
        with pytest.raises(pyronn.InvalidArgumentError, match="curved"):
            pyronn.to_vector_geometry(g)
        with pytest.raises(pyronn.InvalidArgumentError, match="curved"):
            pyronn.to_astra(g)
    with pytest.raises(pyronn.InvalidArgumentError, match="curved"):
        pyronn.to_tomosipo(cylinder())


def test_arc_fbp_reconstructs_the_phantom_scale():
    g = pyronn.GeometryFanArc2D((128, 128), (1.0, 1.0), 256, 1.5, 180, 2 * math.pi, 800.0, 500.0)
    ellipses = pyronn.shepp_logan_2d(60.0)
    sinogram = pyronn.analytic_sinogram_2d(ellipses, g, 4)
    image = pyronn.FBP(g).reconstruct(sinogram)
    phantom = pyronn.rasterize_2d(ellipses, g, 4)
    ratio = image.sum() / phantom.sum()
    print(f"[figure] arc FBP integral ratio: {ratio:.4f}")
    assert abs(ratio - 1) <= 0.01


def test_cylindrical_fdk_takes_the_curved_geometry():
    g = cylinder()
    fdk = pyronn.FDK(g)
    projections = pyronn.analytic_projections_3d(pyronn.shepp_logan_3d(9.0), g, 2)
    volume = fdk.reconstruct(projections)
    assert volume.shape == g.volume_shape and np.isfinite(volume).all()


@pytest.mark.parametrize("name", sorted(CURVED))
def test_curved_torch_gradient_is_the_adjoint(name):
    torch = pytest.importorskip("torch")
    import pyronn.torch as pt

    g = CURVED[name]()
    x = torch.randn((2,) + g.volume_shape, generator=torch.Generator().manual_seed(1)).requires_grad_()
    y = torch.randn((2,) + g.sinogram_shape, generator=torch.Generator().manual_seed(2))
    ax = pt.forward(x, g, "software", threads=2)
    (grad,) = torch.autograd.grad((ax * y).sum(), x)
    error = dot_mismatch(ax.detach(), y, x.detach(), grad)
    print(f"[figure] torch curved {name}: {error:.2e}")
    assert error <= 1e-6


def test_curved_weights_are_the_fbp_weights():
    g = arc()
    cosine = np.asarray(pyronn.cosine_weights(g)).reshape(-1)
    angles = (g.detector_origin + np.arange(g.detector_shape) * g.detector_spacing) / g.source_detector_distance
    np.testing.assert_allclose(cosine, np.cos(angles), rtol=1e-6)
    c = cylinder()
    assert np.asarray(pyronn.cosine_weights(c)).size == c.detector_shape[0] * c.detector_shape[1]
