"""PYRO-NN's example_parallel_2d in TensorFlow 2: a parallel-beam scan of the Shepp-Logan phantom
and its filtered backprojection, PYRO-NN's way (ram_lak_2D applied in the Fourier domain, then
the backprojection layer).

  python examples/tensorflow/example_parallel_2d.py [--size 256] [--out demo_output/tensorflow]

Writes parallel_2d.png (phantom, sinogram, reconstruction); exits 1 unless the reconstruction's
integral is within 1 % of the phantom's and its flat-region mean absolute error within 1 % of the
phantom's maximum.
"""

import os
import sys

import numpy as np

from common import arguments, fourier_filter, judge, save_images
from pyronn.ct_reconstruction.geometry.geometry_parallel_2d import GeometryParallel2D
from pyronn.ct_reconstruction.helpers.filters import filters
from pyronn.ct_reconstruction.helpers.phantoms import shepp_logan
from pyronn.ct_reconstruction.helpers.trajectories import circular_trajectory
from pyronn.ct_reconstruction.layers.backprojection_2d import parallel_backprojection2d
from pyronn.ct_reconstruction.layers.projection_2d import parallel_projection2d


def main():
    args = arguments(__doc__, size=256)

    # Volume, detector and trajectory parameters, as PYRO-NN's example (scaled by --size).
    volume_size = args.size
    volume_shape = [volume_size, volume_size]
    volume_spacing = [0.5, 0.5]
    detector_shape = 2 * volume_size
    detector_spacing = 0.5
    number_of_projections = 2 * volume_size
    angular_range = np.pi

    geometry = GeometryParallel2D(volume_shape, volume_spacing, detector_shape, detector_spacing,
                                  number_of_projections, angular_range)
    geometry.set_trajectory(circular_trajectory.circular_trajectory_2d(geometry))

    phantom = shepp_logan.shepp_logan_enhanced(volume_shape)
    phantom = np.expand_dims(phantom, axis=0)  # PYRO-NN's layers take a batch

    sinogram = parallel_projection2d(phantom, geometry)
    filtered = fourier_filter(sinogram, filters.ram_lak_2D(geometry))
    reco = parallel_backprojection2d(filtered, geometry)

    save_images(os.path.join(args.out, "parallel_2d.png"), [phantom, sinogram, reco],
                ["phantom", "sinogram", "FBP reconstruction"])
    return 0 if judge("parallel 2D FBP", reco, phantom, mae_limit=0.01) else 1


if __name__ == "__main__":
    sys.exit(main())
