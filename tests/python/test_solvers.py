"""The iterative solvers through the binding: the C++ solvers' numbers on PYRO-NN's iterative
example (30 views over 200 degrees), reports, and refused input."""

import math

import numpy as np
import pytest

import pyronn


@pytest.fixture(scope="module")
def scene():
    n = 64
    g = pyronn.GeometryParallel2D((n, n), (1.0, 1.0), 92, 1.0, 30, 200 * math.pi / 180)
    phantom = pyronn.rasterize_2d(pyronn.shepp_logan_2d(n / 2.0), g)
    projector = pyronn.Projector(g, threads=2)
    return g, projector, phantom, projector.forward(phantom)


def error(x, phantom):
    return float(np.linalg.norm(x - phantom) / np.linalg.norm(phantom))


def test_cgls_residual_falls_and_beats_fbp(scene):
    g, projector, phantom, b = scene
    x, report = pyronn.cgls(projector, b, iterations=20)
    assert report["iterations"] == 20 and len(report["residual_norms"]) == 21
    assert all(later <= earlier * (1 + 1e-6) for earlier, later in zip(report["residual_norms"], report["residual_norms"][1:]))
    fbp_error = error(pyronn.FBP(g)(b), phantom)
    print(f"[figure] python CGLS (20 it.) vs FBP relative error, 64^2 30 views / 200 deg: {error(x, phantom):.3f} / "
          f"{fbp_error:.3f}")
    assert error(x, phantom) < fbp_error


def test_sirt_and_tv_run_and_improve(scene):
    _, projector, phantom, b = scene
    x_sirt, report_sirt = pyronn.sirt(projector, b, iterations=30, nonnegative=True)
    assert report_sirt["residual_norms"][-1] < report_sirt["residual_norms"][0]
    assert x_sirt.min() >= 0
    x_tv, report_tv = pyronn.tv_gradient_descent(projector, b, iterations=60, lam=0.5, nonnegative=True)
    assert report_tv["objectives"][-1] < report_tv["objectives"][0] and report_tv["step_size"] > 0
    print(f"[figure] python SIRT (30 it.) / TV (60 it.) relative error: {error(x_sirt, phantom):.3f} / "
          f"{error(x_tv, phantom):.3f}")
    assert error(x_tv, phantom) < 1.0 and error(x_sirt, phantom) < 1.0


def test_initial_guess_is_not_modified_and_result_continues_it(scene):
    _, projector, _, b = scene
    x10, _ = pyronn.cgls(projector, b, iterations=10)
    x0 = x10.copy()
    x_more, report = pyronn.cgls(projector, b, iterations=5, x0=x10)
    np.testing.assert_array_equal(x10, x0)
    assert report["residual_norms"][0] == pytest.approx(float(np.linalg.norm(b - projector.forward(x10))), rel=1e-4)


def test_bad_solver_input(scene):
    g, projector, _, b = scene
    with pytest.raises(pyronn.InvalidArgumentError) as info:
        pyronn.cgls(projector, b[None], iterations=5)
    assert info.value.parameter == "b"
    bad = b.copy()
    bad[0, 0] = np.nan
    with pytest.raises(pyronn.InvalidArgumentError) as info:
        pyronn.sirt(projector, bad)
    assert info.value.parameter == "b"
    with pytest.raises(pyronn.InvalidArgumentError) as info:
        pyronn.sirt(projector, b, relaxation=3.0)
    assert info.value.parameter == "relaxation"
    with pytest.raises(pyronn.ArgumentTypeError):
        pyronn.cgls(g, b)
