"""PYRO-NN's example_fan_2d_shortscan in TensorFlow 2: a short fan-beam scan (pi plus the fan
angle) reconstructed with Parker's redundancy weights, the cosine weight, ram_lak_2D in the
Fourier domain and the backprojection layer.

  python examples/tensorflow/example_fan_2d_shortscan.py [--size 256] [--out demo_output/tensorflow]

Writes fan_2d_shortscan.png; exits 1 unless the integral is within 1 % of the phantom's and the
flat-region mean absolute error within 2 % of the phantom's maximum.
"""

import os
import sys

import numpy as np

from common import arguments, fourier_filter, judge, save_images
from pyronn.ct_reconstruction.geometry.geometry_fan_2d import GeometryFan2D
from pyronn.ct_reconstruction.helpers.filters import filters, weights
from pyronn.ct_reconstruction.helpers.phantoms.shepp_logan import shepp_logan_enhanced
from pyronn.ct_reconstruction.helpers.trajectories.circular_trajectory import circular_trajectory_2d
from pyronn.ct_reconstruction.layers.backprojection_2d import fan_backprojection2d
from pyronn.ct_reconstruction.layers.projection_2d import fan_projection2d


def main():
    args = arguments(__doc__, size=256)

    volume_size = args.size
    volume_shape = [volume_size, volume_size]
    volume_spacing = [0.5, 0.5]
    detector_shape = 2 * volume_size
    detector_spacing = 0.8  # 0.5 mm at the isocentre: the fan magnifies by sdd / sid = 1.6
    number_of_projections = 2 * volume_size
    angular_range = None  # set below to pi + 2 * fan_angle, as PYRO-NN's example does
    source_detector_distance = 1200
    source_isocenter_distance = 750

    geometry = GeometryFan2D(volume_shape, volume_spacing, detector_shape, detector_spacing,
                             number_of_projections, angular_range, source_detector_distance,
                             source_isocenter_distance)
    geometry.angular_range = np.pi + 2 * geometry.fan_angle
    geometry.central_ray_vectors = circular_trajectory_2d(geometry)

    phantom = np.expand_dims(shepp_logan_enhanced(volume_shape), axis=0)

    sinogram = fan_projection2d(phantom, geometry)
    weighted = sinogram * weights.parker_weights_2d(geometry) * weights.cosine_weights_2d(geometry)
    filtered = fourier_filter(weighted, filters.ram_lak_2D(geometry))
    reco = fan_backprojection2d(filtered, geometry)

    save_images(os.path.join(args.out, "fan_2d_shortscan.png"), [phantom, weighted, reco],
                ["phantom", "Parker-weighted sinogram", "short-scan FBP"])
    return 0 if judge("fan 2D short-scan FBP", reco, phantom, mae_limit=0.02) else 1


if __name__ == "__main__":
    sys.exit(main())
