"""PYRO-NN's example_cone_3d in TensorFlow 2: a full circular cone-beam scan (2 pi) of the 3D
Shepp-Logan phantom and its FDK reconstruction the PYRO-NN way: the cosine weight, ram_lak_3D in
the Fourier domain (NumPy's FFT here, as in PYRO-NN's example), then the backprojection layer.
PYRO-NN's example left out the cosine weight; FDK needs it.

  python examples/tensorflow/example_cone_3d.py [--size 128] [--out demo_output/tensorflow]

Writes cone_3d.png (central slices); exits 1 unless the integral of the central slab is within
1 % of the phantom's and its flat-region mean absolute error within 1 % of the phantom's maximum.
"""

import os
import sys

import numpy as np

from common import arguments, flat_mask, judge, save_images
from pyronn.ct_reconstruction.geometry.geometry_cone_3d import GeometryCone3D
from pyronn.ct_reconstruction.helpers.filters import weights
from pyronn.ct_reconstruction.helpers.filters.filters import ram_lak_3D
from pyronn.ct_reconstruction.helpers.phantoms import shepp_logan
from pyronn.ct_reconstruction.helpers.trajectories import circular_trajectory
from pyronn.ct_reconstruction.layers.backprojection_3d import cone_backprojection3d
from pyronn.ct_reconstruction.layers.projection_3d import cone_projection3d


def judge_central_slab(name, reco, phantom, mae_limit):
    """judge() on the middle z slices: FDK is exact only in the plane of the source's circle, and
    its cone artefacts grow with the distance from it. The flat region is the phantom's, in 3D."""
    reco, phantom = np.squeeze(np.asarray(reco)), np.squeeze(np.asarray(phantom))
    middle, half = phantom.shape[0] // 2, max(1, phantom.shape[0] // 32)
    slab = slice(middle - half, middle + half + 1)
    return judge(name, reco[slab], phantom[slab], mae_limit, mask=flat_mask(phantom)[slab])


def main():
    args = arguments(__doc__, size=128)

    volume_size = args.size
    volume_shape = [volume_size, volume_size, volume_size]
    volume_spacing = [128 / volume_size] * 3  # a 128 mm cube whatever the size
    detector_shape = [2 * volume_size, 2 * volume_size]
    detector_spacing = [1.6 * 128 / volume_size] * 2  # the voxel size at the isocentre (sdd / sid = 1.6)
    number_of_projections = 2 * volume_size
    angular_range = 2 * np.pi
    source_detector_distance = 1200
    source_isocenter_distance = 750

    geometry = GeometryCone3D(volume_shape, volume_spacing, detector_shape, detector_spacing,
                              number_of_projections, angular_range, source_detector_distance,
                              source_isocenter_distance)
    geometry.set_projection_matrices(circular_trajectory.circular_trajectory_3d(geometry))

    phantom = np.expand_dims(shepp_logan.shepp_logan_3d(volume_shape), axis=0)

    projections = cone_projection3d(phantom, geometry)
    weighted = np.asarray(projections) * weights.cosine_weights_3d(geometry)
    filtered = np.real(np.fft.ifft(np.fft.fft(weighted, axis=-1) * ram_lak_3D(geometry), axis=-1))
    reco = cone_backprojection3d(filtered.astype(np.float32), geometry)

    middle = volume_size // 2
    save_images(os.path.join(args.out, "cone_3d.png"),
                [np.squeeze(phantom)[middle], np.squeeze(projections)[0], np.squeeze(reco)[middle]],
                ["phantom (z slice)", "projection 0", "FDK (z slice)"], vmin=None)
    ok = judge_central_slab("cone 3D FDK, central slab", reco, phantom, mae_limit=0.01)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
