"""PYRO-NN's generate_reco helpers: the backprojection layer's output (an unfiltered
backprojection unless the sinogram was filtered), as a NumPy array, as PYRO-NN's evaluated it.

generate_reco(sinogram, layer, geometry) calls ``layer(sinogram, geometry)`` (any of the
backprojection functions); the per-geometry forms name the layer themselves. PYRO-NN opened a
tf.Session and returned ``result.eval()``; here the layer runs eagerly and the result is its
``.numpy()``. Inside tf.function (no eager values) the tensor itself is returned.
"""

import tensorflow as tf

from ...layers.backprojection_2d import fan_backprojection2d, parallel_backprojection2d
from ...layers.backprojection_3d import cone_backprojection3d, parallel_backprojection3d


def _evaluated(tensor):
    return tensor.numpy() if tf.executing_eagerly() else tensor


def generate_reco(sinogram, layer, geometry):
    """``layer(sinogram, geometry)`` evaluated: the backprojection of ``sinogram`` as a NumPy array."""
    return _evaluated(layer(sinogram, geometry))


def generate_reco_parallel_2d(sinogram, geometry):
    return _evaluated(parallel_backprojection2d(sinogram, geometry))


def generate_reco_fan_2d(sinogram, geometry):
    return _evaluated(fan_backprojection2d(sinogram, geometry))


def generate_reco_cone_3d(sinogram, geometry):
    return _evaluated(cone_backprojection3d(sinogram, geometry))


def generate_reco_parallel_3d(sinogram, geometry):
    return _evaluated(parallel_backprojection3d(sinogram, geometry))
