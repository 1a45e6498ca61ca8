"""Is RTK's Joseph backprojection the exact transpose of its Joseph forward projection, and where
does it differ from pyronn's exact adjoint? (docs/performance.md, "Against the CPU peers")

  .venv-peers/bin/python benchmarks/peers/rtk_transpose_check.py   (after benchmarks/peers/run.sh)

A 32^3 cone case: a random volume that is zero within 3 voxels of its faces and random
projections. Prints the dot-product test of RTK's pair and of pyronn's, and the relative
difference of the two backprojections without 0, 1, 2 and 3 layers of voxels at the faces.
"""

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import pyronn  # noqa: E402
from peers_3d import Rtk3D, from_rtk, set_itk_threads  # noqa: E402


def dot_error(forward_x, y, x, back_y):
    lhs = np.dot(forward_x.ravel().astype(np.float64), y.ravel())
    rhs = np.dot(x.ravel().astype(np.float64), back_y.ravel())
    return abs(lhs - rhs) / (np.linalg.norm(forward_x) * np.linalg.norm(y))


def main():
    set_itk_threads(1)
    n, margin = 32, 3
    geometry = pyronn.GeometryCone3D((n, n, n), (1, 1, 1), (32, 48), (1.5, 1.5), 40, 2 * np.pi, 500.0, 250.0)
    rng = np.random.default_rng(1)
    x = np.zeros(geometry.volume_shape, np.float32)
    inner = (slice(margin, n - margin),) * 3
    x[inner] = rng.random((n - 2 * margin,) * 3, dtype=np.float32)
    y = rng.random(geometry.sinogram_shape, dtype=np.float32)
    rtk = Rtk3D(geometry, x, y)
    rtk_forward, rtk_back = rtk.run(rtk.forward_filter), from_rtk(rtk.run(rtk.back_filter))
    projector = pyronn.Projector(geometry)
    forward, adjoint = projector.forward(x), projector.adjoint(y)
    print(f"dot-product test, |<Ax, y> - <x, A^T y>| / (|Ax| |y|): RTK {dot_error(rtk_forward, y, x, rtk_back):.2e}, "
          f"pyronn {dot_error(forward, y, x, adjoint):.2e}")
    print(f"forward projections, RTK vs pyronn, relative L2: "
          f"{np.linalg.norm(rtk_forward - forward) / np.linalg.norm(forward):.2e}")
    for layers in range(4):
        keep = (slice(layers, n - layers),) * 3
        difference = np.linalg.norm((rtk_back - adjoint)[keep]) / np.linalg.norm(adjoint[keep])
        print(f"backprojections, RTK vs pyronn, relative L2 without {layers} face layer(s): {difference:.2e}")


if __name__ == "__main__":
    main()
