"""Trainable Keras layers for PYRO-NN's FBP / FDK pipeline: the Fourier-domain row filter and the
projection weights, before the backprojection layer.

    sinogram -> ProjectionWeights(cosine, Parker, ...) -> FourierFilter(ram_lak_2D(geometry)) -> backprojection

FourierFilter is what PYRO-NN's examples wrote out with tf.signal: the FFT of each detector row
(length U, no padding) times a real filter of the helpers' shape ([views][U], [views][1][U], or
any shape that broadcasts against the data's trailing axes), then the real part of the inverse
FFT. ProjectionWeights multiplies elementwise. Both are plain TensorFlow arithmetic, so their
gradients with respect to the data and to the (trainable) filter and weights are TensorFlow's
own; they run eagerly, in tf.function and in Keras models alike.

This module is the only one of the PYRO-NN helpers that imports TensorFlow.
"""

import numpy as np
import tensorflow as tf


def _initial_values(values, name):
    array = np.asarray(values)
    if array.dtype.kind not in "fiu" or array.ndim < 1 or array.size == 0:
        raise ValueError(f"{name} must be a non-empty real array, got {array.dtype} of shape {array.shape}")
    array = array.astype(np.float32)
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite")
    return array


def _check_broadcast(inputs, parameter_shape, parameter_name, layer_name, exact_last):
    """Raises a ValueError naming `inputs` unless the parameter broadcasts against the data's
    trailing axes (for the filter, the last axis, the FFT's, must match exactly)."""
    shape = inputs.shape
    if shape.rank is not None and shape.rank < len(parameter_shape):
        raise ValueError(f"{layer_name}: inputs must have at least {len(parameter_shape)} dimensions "
                         f"to meet the {parameter_name} of shape {tuple(parameter_shape)}, got shape {shape}")
    if shape.rank is None:
        return
    trailing = shape[shape.rank - len(parameter_shape):]
    for axis, (have, want) in enumerate(zip(trailing, parameter_shape)):
        last = axis == len(parameter_shape) - 1
        if have is None or have == want or (want == 1 and not (exact_last and last)):
            continue
        raise ValueError(f"{layer_name}: inputs of shape {shape} do not meet the {parameter_name} of shape "
                         f"{tuple(parameter_shape)} (trailing axes must equal it"
                         f"{', the last exactly' if exact_last else ''}, or it must be 1 there)")


def _checked_inputs(inputs, layer_name):
    x = tf.convert_to_tensor(inputs)
    if x.dtype != tf.float32:
        raise TypeError(f"{layer_name}: inputs must be float32, got {x.dtype.name}")
    return x


class FourierFilter(tf.keras.layers.Layer):
    """Filters each detector row in the Fourier domain: real(ifft(fft(x) * filter)).

    Args:
        filter_values: the initial filter, e.g. ram_lak_2D(geometry) ([views][U]) or
            ram_lak_3D(geometry) ([views][1][U]); its last axis is the detector's U.
        trainable: whether the filter is a trainable weight (default True).
    """

    def __init__(self, filter_values, trainable=True, **kwargs):
        super().__init__(trainable=trainable, **kwargs)
        values = _initial_values(filter_values, "filter_values")
        self.filter = self.add_weight(name="filter", shape=values.shape, dtype="float32",
                                      initializer=lambda shape, dtype=None: tf.constant(values),
                                      trainable=trainable)

    def call(self, inputs):
        x = _checked_inputs(inputs, "FourierFilter")
        _check_broadcast(x, self.filter.shape, "filter", "FourierFilter", exact_last=True)
        spectrum = tf.signal.fft(tf.cast(x, tf.complex64))
        return tf.math.real(tf.signal.ifft(spectrum * tf.cast(self.filter, tf.complex64)))

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config["filter_values"] = np.asarray(self.filter.numpy()).tolist()
        return config


class ProjectionWeights(tf.keras.layers.Layer):
    """Multiplies the projections elementwise by weights that broadcast against their trailing
    axes, e.g. cosine_weights_3d(geometry) ([V][U]) or parker_weights_2d(geometry) ([views][U]).

    Args:
        weights: the initial weights.
        trainable: whether they are a trainable weight (default True).
    """

    def __init__(self, weights, trainable=True, **kwargs):
        super().__init__(trainable=trainable, **kwargs)
        values = _initial_values(weights, "weights")
        self.projection_weights = self.add_weight(name="projection_weights", shape=values.shape, dtype="float32",
                                                  initializer=lambda shape, dtype=None: tf.constant(values),
                                                  trainable=trainable)

    def call(self, inputs):
        x = _checked_inputs(inputs, "ProjectionWeights")
        _check_broadcast(x, self.projection_weights.shape, "weights", "ProjectionWeights", exact_last=False)
        return x * self.projection_weights

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config["weights"] = np.asarray(self.projection_weights.numpy()).tolist()
        return config
