"""The gradient check of PYRO-NN's layers, in TensorFlow 2: tf.test.compute_gradient's numerical
Jacobian (central differences) against the layers' registered gradients (pyronn's exact adjoint /
FBP-backprojection transpose), for every layer on a small geometry.

  python examples/tensorflow/example_gradient_check.py

Prints the largest difference of the two Jacobians relative to the largest Jacobian entry for each
layer; exits 1 if any exceeds 2e-3. The layers are linear in their input, so central differences
are exact but for float32 rounding: about 1e-7 of the output's size over the step 2e-2.
"""

import sys

import numpy as np
import tensorflow as tf

from pyronn.ct_reconstruction.geometry.geometry_cone_3d import GeometryCone3D
from pyronn.ct_reconstruction.geometry.geometry_fan_2d import GeometryFan2D
from pyronn.ct_reconstruction.geometry.geometry_parallel_2d import GeometryParallel2D
from pyronn.ct_reconstruction.geometry.geometry_parallel_3d import GeometryParallel3D
from pyronn.ct_reconstruction.helpers.trajectories import circular_trajectory
from pyronn.ct_reconstruction.layers import backprojection_2d, backprojection_3d, projection_2d, projection_3d


def geometries():
    parallel_2d = GeometryParallel2D([6, 6], [1, 1], 9, 1, 5, np.pi)
    parallel_2d.set_trajectory(circular_trajectory.circular_trajectory_2d(parallel_2d))
    fan_2d = GeometryFan2D([6, 6], [1, 1], 9, 1.5, 5, 2 * np.pi, 40, 20)
    fan_2d.set_trajectory(circular_trajectory.circular_trajectory_2d(fan_2d))
    cone_3d = GeometryCone3D([4, 4, 4], [1, 1, 1], [5, 6], [1.5, 1.5], 4, 2 * np.pi, 40, 20)
    cone_3d.set_trajectory(circular_trajectory.circular_trajectory_3d(cone_3d))
    parallel_3d = GeometryParallel3D([4, 4, 4], [1, 1, 1], [5, 6], [1, 1], 4, np.pi)
    parallel_3d.set_trajectory(circular_trajectory.circular_trajectory_3d(parallel_3d))
    return parallel_2d, fan_2d, cone_3d, parallel_3d


def main():
    parallel_2d, fan_2d, cone_3d, parallel_3d = geometries()
    layers = [
        ("parallel_projection2d", projection_2d.parallel_projection2d, parallel_2d, True),
        ("parallel_backprojection2d", backprojection_2d.parallel_backprojection2d, parallel_2d, False),
        ("fan_projection2d", projection_2d.fan_projection2d, fan_2d, True),
        ("fan_backprojection2d", backprojection_2d.fan_backprojection2d, fan_2d, False),
        ("cone_projection3d", projection_3d.cone_projection3d, cone_3d, True),
        ("cone_backprojection3d", backprojection_3d.cone_backprojection3d, cone_3d, False),
        ("parallel_projection3d", projection_3d.parallel_projection3d, parallel_3d, True),
        ("parallel_backprojection3d", backprojection_3d.parallel_backprojection3d, parallel_3d, False),
    ]
    rng = np.random.default_rng(0)
    worst = 0.0
    for name, layer, geometry, from_volume in layers:
        shape = geometry.volume_shape if from_volume else geometry.sinogram_shape
        x = tf.constant(rng.random((1, *shape), dtype=np.float32))
        theoretical, numerical = tf.test.compute_gradient(lambda v: layer(v, geometry), [x], delta=1e-2)
        difference = np.abs(theoretical[0] - numerical[0]).max() / np.abs(theoretical[0]).max()
        worst = max(worst, difference)
        print(f"{name:28s} Jacobian {theoretical[0].shape}: max |analytic - numerical| / max |analytic| = {difference:.2e}")
    ok = worst <= 2e-3
    print("gradient check:", "ok" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
