"""PYRO-NN's example_fdk in TensorFlow 2: FDK of a short cone-beam scan as a Keras model: the
cosine weight, Parker's redundancy weights and ram_lak_3D as (non-trainable) layers in front of
the cone backprojection layer.

  python examples/tensorflow/example_fdk.py [--size 128] [--out demo_output/tensorflow]

Writes fdk.png (central slices); exits 1 unless the central slab's integral is within 1 % of the
phantom's and its flat-region mean absolute error within 2 % of the phantom's maximum.
"""

import os
import sys

import numpy as np
import tensorflow as tf

from common import arguments, fourier_filter, save_images
from example_cone_3d import judge_central_slab
from pyronn.ct_reconstruction.geometry.geometry_cone_3d import GeometryCone3D
from pyronn.ct_reconstruction.helpers.filters import weights as ct_weights
from pyronn.ct_reconstruction.helpers.filters.filters import ram_lak_3D
from pyronn.ct_reconstruction.helpers.misc import generate_sinogram
from pyronn.ct_reconstruction.helpers.phantoms import shepp_logan
from pyronn.ct_reconstruction.helpers.trajectories import circular_trajectory
from pyronn.ct_reconstruction.layers.backprojection_3d import cone_backprojection3d
from pyronn.ct_reconstruction.layers.projection_3d import cone_projection3d


class FDK(tf.keras.Model):
    """PYRO-NN's nn_model: weights, filter and backprojection, with the weights and the filter as
    the model's (here frozen) variables."""

    def __init__(self, geometry):
        super().__init__()
        self.geometry = geometry
        self.cosine_weight = tf.Variable(ct_weights.cosine_weights_3d(geometry), trainable=False, name="cosine_weight")
        self.redundancy_weight = tf.Variable(ct_weights.parker_weights_3d(geometry), trainable=False,
                                             name="redundancy_weight")
        self.reco_filter = tf.Variable(ram_lak_3D(geometry), trainable=False, name="reco_filter")

    def call(self, projections):
        weighted = projections * self.cosine_weight * self.redundancy_weight
        filtered = fourier_filter(weighted, self.reco_filter)
        return cone_backprojection3d(filtered, self.geometry, hardware_interp=True), weighted


def main():
    args = arguments(__doc__, size=128)

    volume_size = args.size
    volume_shape = [volume_size, volume_size, volume_size]
    volume_spacing = [128 / volume_size] * 3
    detector_shape = [2 * volume_size, 2 * volume_size]
    detector_spacing = [1.6 * 128 / volume_size] * 2  # the voxel size at the isocentre (sdd / sid = 1.6)
    number_of_projections = 2 * volume_size
    source_detector_distance = 1200
    source_isocenter_distance = 750

    geometry = GeometryCone3D(volume_shape, volume_spacing, detector_shape, detector_spacing,
                              number_of_projections, np.pi, source_detector_distance, source_isocenter_distance)
    geometry.angular_range = np.pi + 2 * geometry.fan_angle  # a short scan, as PYRO-NN's np.radians(200)
    geometry.set_projection_matrices(circular_trajectory.circular_trajectory_3d(geometry))

    phantom = np.expand_dims(shepp_logan.shepp_logan_3d(volume_shape), axis=0)
    projections = generate_sinogram.generate_sinogram(phantom, cone_projection3d, geometry)

    reco, weighted = FDK(geometry)(projections)

    middle = volume_size // 2
    save_images(os.path.join(args.out, "fdk.png"),
                [np.squeeze(phantom)[middle], np.squeeze(weighted)[0], np.squeeze(reco)[middle]],
                ["phantom (z slice)", "weighted projection 0", "short-scan FDK (z slice)"])
    ok = judge_central_slab("cone 3D short-scan FDK, central slab", reco, phantom, mae_limit=0.02)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
