"""The geometries the Python tests share, the same numbers as reference_driver.cpp's."""

import math

import numpy as np

import pyronn


def parallel_2d():
    return pyronn.GeometryParallel2D((40, 48), (1.0, 0.8), 64, 1.0, 36, math.pi)


def fan_2d():
    g = pyronn.GeometryFan2D((40, 48), (1.0, 1.0), 72, 1.2, 45, 2 * math.pi, 600.0, 350.0)
    g.set_volume_origin((-20.0, -23.0))
    g.set_detector_origin(-40.0)
    a = 0.1 * np.arange(45) ** 2 / 7.0
    g.set_central_ray_vectors(np.stack([2.0 * np.cos(a), 2.0 * np.sin(a)], axis=1))
    return g


def parallel_3d():
    return pyronn.GeometryParallel3D((12, 14, 16), (1, 1, 1), (16, 20), (1.2, 1.2), 20, math.pi)


def cone_3d():
    g = pyronn.GeometryCone3D((12, 14, 16), (1.5, 1.5, 1.5), (18, 24), (2, 2), 24, 2 * math.pi, 500, 300)
    g.set_projection_matrices(pyronn.helical_trajectory_3d(g, 8.0, -4.0))
    return g


GEOMETRIES = {"parallel_2d": parallel_2d, "fan_2d": fan_2d, "parallel_3d": parallel_3d, "cone_3d": cone_3d}


def phantom(geometry):
    if len(geometry.volume_shape) == 2:
        return pyronn.rasterize_2d(pyronn.shepp_logan_2d(18.0), geometry)
    return pyronn.rasterize_3d(pyronn.shepp_logan_3d(9.0), geometry, 2, 2)


def dot_mismatch(ax, y, x, aty):
    """|<Ax, y> - <x, A^T y>| / (|Ax| |y|) in double, for NumPy arrays or (detached) tensors."""
    ax, y, x, aty = (np.asarray(v, dtype=np.float64).ravel() for v in (ax, y, x, aty))
    return abs(np.dot(ax, y) - np.dot(x, aty)) / (np.linalg.norm(ax) * np.linalg.norm(y))
