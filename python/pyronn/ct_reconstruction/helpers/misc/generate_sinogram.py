"""PYRO-NN's generate_sinogram helpers: the projection layer's output, a tf.Tensor, as in PYRO-NN.

generate_sinogram(phantom, layer, geometry) calls ``layer(phantom, geometry)`` (any of the
projection functions); the per-geometry forms name the layer themselves. PYRO-NN ran them inside a
tf.Session; in TensorFlow 2 they run eagerly (or inside tf.function). ``.numpy()`` of the result
gives the array.
"""

from ...layers.projection_2d import fan_projection2d, parallel_projection2d
from ...layers.projection_3d import cone_projection3d, parallel_projection3d


def generate_sinogram(phantom, layer, geometry):
    """``layer(phantom, geometry)``: the sinogram (projections) of ``phantom`` as a tf.Tensor."""
    return layer(phantom, geometry)


def generate_sinogram_parallel_2d(phantom, geometry):
    return parallel_projection2d(phantom, geometry)


def generate_sinogram_fan_2d(phantom, geometry):
    return fan_projection2d(phantom, geometry)


def generate_sinogram_cone_3d(phantom, geometry):
    return cone_projection3d(phantom, geometry)


def generate_sinogram_parallel_3d(phantom, geometry):
    return parallel_projection3d(phantom, geometry)
