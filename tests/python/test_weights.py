"""FBP's per-ray weights as operators: their values against FBP's, the operator against NumPy's
broadcast product, its gradients through PyTorch, and bad input."""

import math

import numpy as np
import pytest

import pyronn
from cases import cone_3d, fan_2d, parallel_2d


def weight_sets(geometry):
    return {"cosine": pyronn.cosine_weights(geometry), "parker": pyronn.parker_weights(geometry),
            "wesarg": pyronn.wesarg_weights(geometry, 0.5)}


def random(shape, seed):
    return np.random.default_rng(seed).standard_normal(shape).astype(np.float32)


@pytest.mark.parametrize("make", [fan_2d, cone_3d])
def test_shapes_broadcast_against_the_projections(make):
    g = make()
    views, u = g.sinogram_shape[0], g.sinogram_shape[-1]
    w = weight_sets(g)
    if len(g.sinogram_shape) == 2:
        assert w["cosine"].shape == (u,) and w["parker"].shape == (views, u) and w["wesarg"].shape == (views, u)
    else:
        v = g.sinogram_shape[1]
        assert w["cosine"].shape == (v, u) and w["parker"].shape == (views, 1, u) and w["wesarg"].shape == (views, 1, u)
    assert all(a.dtype == np.float32 for a in w.values())


@pytest.mark.parametrize("make", [fan_2d, cone_3d])
def test_cosine_times_parker_is_fbps_weighting(make):
    """recon/weight_operators.hpp: cosine x Parker is what FBP / FDK weight the rows with."""
    pytest.importorskip("torch")
    import pyronn.torch as pt
    g = make()
    redundancy, cosine, _ = (t.numpy() for t in pt.fbp_filter_parts(g))
    w = weight_sets(g)
    expected = redundancy[:, None, :] * cosine if cosine.size else redundancy
    actual = w["parker"] * w["cosine"]
    np.testing.assert_allclose(actual, expected, rtol=1e-6, atol=0)


@pytest.mark.parametrize("sense", [1.0, -1.0])
def test_cone_redundancy_weights_follow_the_detectors_hand(sense):
    """Matrices whose detector is turned by pi in its plane (PYRO-NN's circular ones: u clockwise
    from the central ray) see the same rays with the columns reversed: the same short-scan
    weights, mirrored along u (docs/conventions.md section 19)."""
    def cone(angular_range):
        return pyronn.GeometryCone3D((12, 14, 16), (1.5, 1.5, 1.5), (18, 24), (2, 2), 40, angular_range, 500, 300)
    short = sense * (math.pi + 2 * cone(2 * math.pi).fan_angle + 0.05)
    g, turned = cone(short), cone(short)
    cv, cu = -np.asarray(g.detector_origin) / np.asarray(g.detector_spacing)
    turn = np.array([[-1.0, 0.0, 2 * cu], [0.0, -1.0, 2 * cv], [0.0, 0.0, 1.0]])
    turned.set_projection_matrices(turn @ np.asarray(pyronn.circular_trajectory_3d(g)).reshape(-1, 3, 4))
    for kind in ("parker", "wesarg"):
        ours, theirs = weight_sets(g)[kind], weight_sets(turned)[kind]
        assert np.ptp(ours) > 0.5  # a short scan: the weights vary
        np.testing.assert_allclose(theirs, ours[..., ::-1], atol=1e-6)


@pytest.mark.parametrize("make", [fan_2d, cone_3d])
@pytest.mark.parametrize("kind", ["cosine", "parker", "full"])
def test_apply_weights_is_the_broadcast_product(make, kind):
    g = make()
    w = random(g.sinogram_shape, 1) if kind == "full" else weight_sets(g)[kind]
    y = random((2, 3) + g.sinogram_shape, 2)
    np.testing.assert_array_equal(pyronn.apply_weights(y, w, g, threads=2), y * w)
    out = np.full_like(y, np.nan)
    assert pyronn.apply_weights(y, w, g, out=out) is out
    np.testing.assert_array_equal(out, y * w)
    in_place = y.copy()
    pyronn.apply_weights(in_place, w, g, out=in_place)  # diagonal: in place is allowed
    np.testing.assert_array_equal(in_place, y * w)


@pytest.mark.parametrize("make", [fan_2d, cone_3d])
@pytest.mark.parametrize("kind", ["cosine", "parker", "full"])
def test_weight_gradient_sums_what_broadcast_repeats(make, kind):
    g = make()
    w = random(g.sinogram_shape, 1) if kind == "full" else weight_sets(g)[kind]
    y, grad = random((3,) + g.sinogram_shape, 3), random((3,) + g.sinogram_shape, 4)
    product = grad.astype(np.float64) * y
    # Sum over the batch and over every axis along which w has size 1 or is absent.
    expected = product.sum(0)
    for axis in range(expected.ndim - w.ndim):
        expected = expected.sum(0)
    expected = expected.sum(axis=tuple(i for i, n in enumerate(w.shape) if n == 1), keepdims=True)
    actual = pyronn.weight_gradient(grad, y, w.shape, g, threads=2)
    assert actual.shape == w.shape
    np.testing.assert_allclose(actual, expected, rtol=1e-5, atol=1e-5 * np.abs(expected).max())


def test_empty_batch_gradient_is_zero():
    g = fan_2d()
    w = pyronn.parker_weights(g)
    y = np.zeros((0,) + g.sinogram_shape, np.float32)
    out = np.full(w.shape, np.nan, np.float32)
    np.testing.assert_array_equal(pyronn.weight_gradient(y, y, w.shape, g, out=out), 0)


def test_torch_gradients_are_the_weight_and_the_data():
    torch = pytest.importorskip("torch")
    import pyronn.torch as pt
    g = cone_3d()
    w = torch.from_numpy(pyronn.parker_weights(g)).requires_grad_()
    y = torch.from_numpy(random((2,) + g.sinogram_shape, 5)).requires_grad_()
    target = torch.from_numpy(random((2,) + g.sinogram_shape, 6))
    loss = (pt.apply_weights(y, w, g, threads=2) * target).sum()
    grad_y, grad_w = torch.autograd.grad(loss, (y, w))
    reference_y, reference_w = torch.autograd.grad(((y * w) * target).sum(), (y, w))
    torch.testing.assert_close(grad_y, reference_y, rtol=0, atol=0)
    torch.testing.assert_close(grad_w, reference_w, rtol=1e-5, atol=1e-5)
    torch.library.opcheck(torch.ops.pyronn.apply_weights.default, (y, w, list(g.sinogram_shape), 2))


def test_torch_weights_under_vmap():
    torch = pytest.importorskip("torch")
    import pyronn.torch as pt
    g = cone_3d()
    w = torch.from_numpy(pyronn.cosine_weights(g))
    ys = torch.from_numpy(random((2, 3) + g.sinogram_shape, 9))
    mapped = torch.func.vmap(lambda y: pt.apply_weights(y, w, g), in_dims=1)(ys)
    torch.testing.assert_close(mapped, ys.movedim(1, 0) * w, rtol=0, atol=0)
    ws = torch.stack([w, 2 * w])
    per_entry = torch.func.vmap(lambda w: pt.apply_weights(ys[0], w, g))(ws)
    torch.testing.assert_close(per_entry, ys[0] * ws[:, None, None], rtol=0, atol=0)


def test_torch_weights_compile_fullgraph():
    torch = pytest.importorskip("torch")
    import pyronn.torch as pt
    g = fan_2d()
    w = torch.from_numpy(pyronn.cosine_weights(g))
    y = torch.from_numpy(random((2,) + g.sinogram_shape, 7))
    compiled = torch.compile(lambda y: pt.apply_weights(y, w, g, threads=2), fullgraph=True, backend="aot_eager")
    torch.testing.assert_close(compiled(y), y * w, rtol=0, atol=0)


def test_bad_input_names_the_parameter():
    g = cone_3d()
    y = random(g.sinogram_shape, 8)
    with pytest.raises(pyronn.InvalidArgumentError) as e:
        pyronn.apply_weights(y, np.ones((g.sinogram_shape[0], g.sinogram_shape[2]), np.float32), g)
    assert e.value.parameter == "weights"
    with pytest.raises(pyronn.InvalidArgumentError) as e:
        pyronn.parker_weights(parallel_2d())
    assert e.value.parameter == "geometry"
    with pytest.raises(pyronn.InvalidArgumentError) as e:
        pyronn.wesarg_weights(fan_2d(), 1.5)
    assert e.value.parameter == "q"
    with pytest.raises(pyronn.ArgumentTypeError) as e:
        pyronn.apply_weights(y.astype(np.float64), pyronn.cosine_weights(g), g)
    assert e.value.parameter == "input"
