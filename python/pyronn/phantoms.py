"""Phantoms as arrays of ellipses [n][6] = (cx, cy, ax, ay, angle, density) and ellipsoids
[n][16] = (centre xyz, semi-axes xyz, rotation 3 x 3 row-major, density), in mm and radians;
their rasters on a geometry's grid and their exact analytic projections (line integrals)."""

import numpy as np

from . import _core
from .operators import _check_geometry


def _flat(shapes, width):
    return np.ascontiguousarray(np.asarray(shapes, dtype=np.float64).reshape(-1, width)).ravel()


def shepp_logan_2d(radius, contrast="modified"):
    """The Shepp-Logan ellipses scaled to ``radius`` mm; contrast "modified" (Toft) or "original"."""
    return _core.shepp_logan_2d(float(radius), contrast)


def shepp_logan_3d(radius, contrast="modified"):
    """The 3D Shepp-Logan ellipsoids scaled to ``radius`` mm."""
    return _core.shepp_logan_3d(float(radius), contrast)


def random_ellipses(rng, radius):
    """Training phantoms: a body (ellipse of semi-axes 0.8 and 0.9 radius, density 0.5) holding 4 to
    9 ellipses of either sign inside 0.55 radius, from ``rng`` (a numpy.random.Generator). Rows as
    shepp_logan_2d's: (cx, cy, ax, ay, angle, density)."""
    rows = [[0.0, 0.0, 0.8 * radius, 0.9 * radius, 0.0, 0.5]]
    for _ in range(rng.integers(4, 10)):
        r, a = 0.55 * radius * np.sqrt(rng.random()), 2 * np.pi * rng.random()
        rows.append([r * np.cos(a), r * np.sin(a), radius * (0.05 + 0.2 * rng.random()),
                     radius * (0.05 + 0.2 * rng.random()), np.pi * rng.random(), rng.uniform(-0.3, 0.5)])
    return np.array(rows)


def ellipsoid(centre, semi_axes, density, phi=0.0, theta=0.0, psi=0.0):
    """One ellipsoid [16], turned by the z-x-z Euler angles phi, theta, psi (radians)."""
    return _core.ellipsoid(list(centre), list(semi_axes), float(density), float(phi), float(theta), float(psi))[0]


def rasterize_2d(ellipses, geometry, supersampling=4):
    """The ellipses on the geometry's image grid [Y][X], each pixel averaged over supersampling^2 points."""
    _check_geometry(geometry)
    return _core.rasterize_2d(_flat(ellipses, 6), geometry.params, geometry._vectors, int(supersampling))


def rasterize_3d(ellipsoids, geometry, supersampling=2, threads=0):
    """The ellipsoids on the geometry's volume grid [Z][Y][X]."""
    _check_geometry(geometry)
    return _core.rasterize_3d(_flat(ellipsoids, 16), geometry.params, geometry._vectors, int(supersampling),
                              int(threads))


def analytic_sinogram_2d(ellipses, geometry, detector_supersampling=1):
    """The exact line integrals of the ellipses along the geometry's rays, [views][U]."""
    _check_geometry(geometry)
    return _core.analytic_sinogram_2d(_flat(ellipses, 6), geometry.params, geometry._vectors,
                                      int(detector_supersampling))


def analytic_projections_3d(ellipsoids, geometry, detector_supersampling=1, threads=0):
    """The exact line integrals of the ellipsoids, [views][V][U]."""
    _check_geometry(geometry)
    return _core.analytic_projections_3d(_flat(ellipsoids, 16), geometry.params, geometry._vectors,
                                         int(detector_supersampling), int(threads))
