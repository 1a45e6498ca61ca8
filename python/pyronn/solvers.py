"""Iterative reconstruction on the exact operator pairs (C++: recon/sirt.hpp, cgls.hpp,
tv_gradient_descent.hpp): SIRT, CGLS and TV-penalised gradient descent, for one sinogram at a
time, on a pyronn.Projector (its geometry, interpolation, threads and 3D ray model)."""

import numpy as np

from . import _core, _errors
from .operators import Projector


def _solve(method, projector, b, x0, iterations, **options):
    if not isinstance(projector, Projector):
        raise _errors.ArgumentTypeError(
            f"pyronn: invalid argument 'projector': must be a pyronn.Projector, got {type(projector).__name__}",
            "projector")
    shape = projector._volume
    x = np.zeros(shape, np.float32) if x0 is None else np.array(x0, dtype=np.float32, order="C", copy=True)
    g = projector.geometry
    defaults = dict(relaxation=1.0, tolerance=0.0, lambda_=1.0, epsilon=1e-2, step=0.0, nonnegative=False)
    defaults.update(options)
    report = _core.solve(method, g.params, g._vectors, b, x, int(iterations), projector.interpolation,
                         projector.threads, projector.model, projector.step_size, **defaults)
    return x, report


def sirt(projector, b, iterations=50, x0=None, relaxation=1.0, nonnegative=False):
    """SIRT from x0 (zeros): returns (x, report); report holds residual_norms, objectives (per
    iterate), iterations, converged, non_finite."""
    return _solve("sirt", projector, b, x0, iterations, relaxation=float(relaxation), nonnegative=bool(nonnegative))


def cgls(projector, b, iterations=20, x0=None, tolerance=0.0):
    """CGLS (conjugate gradients on A^T A x = A^T b) from x0 (zeros): returns (x, report); stops
    early once |A^T r| <= tolerance |A^T r_0|."""
    return _solve("cgls", projector, b, x0, iterations, tolerance=float(tolerance))


def tv_gradient_descent(projector, b, iterations=100, x0=None, lam=1.0, epsilon=1e-2, step=0.0, nonnegative=False):
    """Gradient descent on 0.5 |A x - b|^2 + lam TV_eps(x) from x0 (zeros): returns (x, report);
    step 0 chooses a safe step from the operator's norm (report["step_size"])."""
    return _solve("tv", projector, b, x0, iterations, lambda_=float(lam), epsilon=float(epsilon), step=float(step),
                  nonnegative=bool(nonnegative))
