"""Keras layers around the eight operators, for tf.keras models.

Each takes its geometry (a pyronn.ct_reconstruction geometry) and the options of the layer
function of the same name (hardware_interp; step_size and model for the 3D projections), checks
them when it is made, and keeps a snapshot of the geometry: changing the geometry later does not
change the layer. None has weights (the trainable FBP filter and weights are layers of their
own). Their gradients are the functions': exact transposes.

    model = tf.keras.Sequential([ParallelProjection2D(geometry), ParallelBackprojection2D(geometry)])
"""

import tensorflow as tf

from ..geometry.geometry_cone_3d import GeometryCone3D
from ..geometry.geometry_fan_2d import GeometryFan2D
from ..geometry.geometry_parallel_2d import GeometryParallel2D
from ..geometry.geometry_parallel_3d import GeometryParallel3D
from . import backprojection_2d, backprojection_3d, projection_2d, projection_3d


class _OperatorLayer(tf.keras.layers.Layer):
    # Set by each subclass: the pair maker of its module and the geometry class it needs.
    _make_pair = None
    _geometry_class = None
    _function_name = None

    def __init__(self, geometry, name=None, **options):
        super().__init__(name=name, trainable=False)
        self._operator = type(self)._make_pair(geometry, self._geometry_class, self._function_name, **options)
        self.geometry = geometry
        self.options = options

    def call(self, inputs):
        return self._operator(inputs)


def _layer(class_name, make_pair, geometry_class, function_name, doc):
    return type(class_name, (_OperatorLayer,), {
        "_make_pair": staticmethod(make_pair), "_geometry_class": geometry_class,
        "_function_name": function_name, "__doc__": doc, "__module__": __name__})


ParallelProjection2D = _layer("ParallelProjection2D", projection_2d.projection_pair, GeometryParallel2D,
                              "parallel_projection2d", "Keras form of projection_2d.parallel_projection2d.")
FanProjection2D = _layer("FanProjection2D", projection_2d.projection_pair, GeometryFan2D, "fan_projection2d",
                         "Keras form of projection_2d.fan_projection2d.")
ParallelBackprojection2D = _layer("ParallelBackprojection2D", backprojection_2d.backprojection_pair,
                                  GeometryParallel2D, "parallel_backprojection2d",
                                  "Keras form of backprojection_2d.parallel_backprojection2d.")
FanBackprojection2D = _layer("FanBackprojection2D", backprojection_2d.backprojection_pair, GeometryFan2D,
                             "fan_backprojection2d", "Keras form of backprojection_2d.fan_backprojection2d.")
ConeProjection3D = _layer("ConeProjection3D", projection_3d.projection_pair, GeometryCone3D, "cone_projection3d",
                          "Keras form of projection_3d.cone_projection3d.")
ParallelProjection3D = _layer("ParallelProjection3D", projection_3d.projection_pair, GeometryParallel3D,
                              "parallel_projection3d", "Keras form of projection_3d.parallel_projection3d.")
ConeBackprojection3D = _layer("ConeBackprojection3D", backprojection_3d.backprojection_pair, GeometryCone3D,
                              "cone_backprojection3d", "Keras form of backprojection_3d.cone_backprojection3d.")
ParallelBackprojection3D = _layer("ParallelBackprojection3D", backprojection_3d.backprojection_pair,
                                  GeometryParallel3D, "parallel_backprojection3d",
                                  "Keras form of backprojection_3d.parallel_backprojection3d.")

__all__ = ["ParallelProjection2D", "FanProjection2D", "ParallelBackprojection2D", "FanBackprojection2D",
           "ConeProjection3D", "ParallelProjection3D", "ConeBackprojection3D", "ParallelBackprojection3D"]
