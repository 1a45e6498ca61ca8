"""The TensorFlow op behind every layer: one of pyronn's NumPy-level operators with its exact
transpose as its gradient.

Mechanism (design.md section 6: the compiled extension links no framework). An op is
``tf.py_function`` around pyronn.Projector's ``forward`` / ``adjoint`` / ``backproject_fbp`` /
``backproject_fbp_transpose`` (with ``out=``), inside ``tf.custom_gradient`` whose gradient is the
op of the transposed operator, itself differentiable the same way. It runs eagerly and inside
``tf.function`` and Keras models, and depends on no TensorFlow C++ ABI, so a TensorFlow release
cannot break it. What it gives up: XLA (``jit_compile=True`` cannot compile a Python callback)
and SavedModel export of the op (a saved graph holds a reference to a Python function, which a
fresh process does not have).

Memory: the callback receives the input tensor itself and hands pyronn its memory through DLPack
(``tf.experimental.dlpack.to_dlpack``): no copy, eagerly and in graphs (a test checks it;
``tf.numpy_function`` and ``Tensor.numpy()`` copy). The output is a new tensor of TensorFlow's
(``tf.raw_ops.Empty``: TensorFlow's allocator, on the op's device) that pyronn writes in place and
the callback returns. (Wrapping memory of pyronn's with ``tf.experimental.dlpack.from_dlpack``
instead is not done: TensorFlow's kernels abort the process on the misaligned tensors that can
make.)

Devices: TensorFlow places the op (it has CPU and GPU kernels), so a tensor on a GPU stays there
when pyronn has the CUDA driver (pyronn.has_cuda), and pyronn's CUDA driver computes on it. A
Python callback is given no handle of TensorFlow's CUDA stream, so the GPU path waits for the
whole device before the call (the input's producers and the last users of the output's memory
are done) and after it (TensorFlow's next kernels find the output written): two
cudaDeviceSynchronize a call, correct whatever streams TensorFlow uses. Without the CUDA driver
the op is placed on the host, and TensorFlow copies GPU tensors there.
"""

import contextlib
import math

import numpy as np
import tensorflow as tf

from ... import _core, _errors
from ... import geometry as _pyronn_geometry
from ...operators import Projector
from ..geometry.geometry_base import GeometryBase


class _TensorMemory:
    """A tensor's own memory as a DLPack producer (for pyronn's operators and np.from_dlpack),
    on the host or on a GPU. Each object hands out its capsule once."""

    def __init__(self, tensor):
        spec = tf.DeviceSpec.from_string(tensor.device)
        self.gpu = None  # or the GPU's ordinal
        if spec.device_type == "GPU":
            self.gpu = spec.device_index or 0
        self._capsule = tf.experimental.dlpack.to_dlpack(tensor)

    def __dlpack__(self, **unused):  # stream, max_version, ...: the caller orders the work (see the module's notes)
        return self._capsule

    def __dlpack_device__(self):
        return (1, 0) if self.gpu is None else (2, self.gpu)  # kDLCPU / kDLCUDA


def host_view(tensor):
    """A NumPy array that shares the host tensor's memory (read it only)."""
    return np.from_dlpack(_TensorMemory(tensor))


def _apply(method, tensor, out_shape, scale):
    """method(tensor) written into a new tensor of TensorFlow's on tensor's device, times scale."""
    shape = tf.constant(out_shape, tf.int32)  # on the host, where Empty reads it (and 60 us faster than a tuple)
    with tf.device(tensor.device):
        out = tf.raw_ops.Empty(shape=shape, dtype=tf.float32)  # not shared: Empty allocates
        source, target = _TensorMemory(tensor), _TensorMemory(out)
        if source.gpu is not None:
            _core.cuda_synchronize(source.gpu)  # TensorFlow's queued work is done
        method(source, out=target)  # on the legacy default stream for a GPU tensor
        if source.gpu is not None:
            _core.cuda_synchronize(source.gpu)  # and so is pyronn's, before TensorFlow reads out
        return out if scale == 1.0 else out * scale


def fbp_scale(geometry):
    """The factor that brings pyronn's backproject_fbp to the scale of PYRO-NN's backprojection
    layers, for a pyronn geometry.

    pyronn's backproject_fbp sums the views times delta = |angular_range| / N and expects rows
    filtered by pyronn's filters (taps that include the filter spacing tau, and a redundancy
    weight). PYRO-NN's flow filters with ram_lak_2D / ram_lak_3D, the impulse response sampled at
    the detector spacing d and multiplied in the Fourier domain (no factor tau), and its
    backprojections sum the views times pi / N (times sid * sdd * d for the cone:
    projection_multiplier). Both reconstruct the same image when the backprojection is scaled by
    pi / |angular_range| (the redundancy of a full scan, which PYRO-NN's pi / N holds) times
    d * sdd / sid (d^2 / tau, the filter's missing spacing; sdd / sid = 1 for parallel beams).
    PYRO-NN's 2D layers left out the factor d (right only for d = 1 mm); here every layer has it.
    """
    if isinstance(geometry, (_pyronn_geometry.GeometryParallel2D, _pyronn_geometry.GeometryFan2D)):
        spacing = geometry.detector_spacing
    else:
        spacing = geometry.detector_spacing[1]  # u, along the rows that are filtered
    magnification = 1.0
    if isinstance(geometry, (_pyronn_geometry.GeometryFan2D, _pyronn_geometry.GeometryCone3D)):
        magnification = geometry.source_detector_distance / geometry.source_isocenter_distance
    return np.pi / abs(geometry.angular_range) * spacing * magnification


class LinearPair:
    """A linear operator A of one geometry and its exact transpose A^T, as TensorFlow ops.

    ``forward_method`` / ``transpose_method``: pyronn.Projector's methods for A and A^T;
    ``from_volume``: whether A maps volumes to sinograms (projections) or the reverse
    (backprojections); ``scale``: None, or "fbp" for the constant factor fbp_scale of A (and so
    of A^T).
    """

    def __init__(self, geometry, geometry_class, forward_method, transpose_method, from_volume, name,
                 hardware_interp=False, model="joseph", step_size=0.5, scale=None):
        if not isinstance(geometry, geometry_class):
            raise _errors.ArgumentTypeError(
                f"pyronn: invalid argument 'geometry': {name} needs a {geometry_class.__name__}, got "
                f"{type(geometry).__name__}", "geometry")
        if not isinstance(hardware_interp, (bool, np.bool_)):
            raise _errors.ArgumentTypeError(
                f"pyronn: invalid argument 'hardware_interp': must be True or False, got {hardware_interp!r}",
                "hardware_interp")
        try:
            step_ok = math.isfinite(float(step_size)) and float(step_size) > 0
        except (TypeError, ValueError):
            step_ok = False
        if not step_ok:  # checked here too so that it raises now, not when the op first runs
            raise _errors.InvalidArgumentError(
                f"pyronn: invalid argument 'step_size': must be finite and > 0, got {step_size!r}", "step_size")
        pyronn_geometry = geometry.to_pyronn()  # a snapshot: later changes to geometry leave this op alone
        self._projector = Projector(pyronn_geometry, interpolation="texture" if hardware_interp else "software",
                                    model=model, step_size=step_size)
        self._scale = float(fbp_scale(pyronn_geometry) if scale == "fbp" else 1.0)
        self._methods = (forward_method, transpose_method)
        volume = tuple(int(n) for n in geometry.volume_shape)
        sinogram = tuple(int(n) for n in geometry.sinogram_shape)
        volume_name = "volume"
        sinogram_name = "sinogram"
        # (input trailing shape, its name, output trailing shape) of A and of A^T
        if from_volume:
            self._shapes = ((volume, volume_name, sinogram), (sinogram, sinogram_name, volume))
        else:
            self._shapes = ((sinogram, sinogram_name, volume), (volume, volume_name, sinogram))
        self._name = name

    def __call__(self, x):
        """A x, for x of shape [batch,] + the input shape (a tensor, or anything NumPy converts)."""
        return self._op(_input_tensor(x, self._shapes[0][1]), transposed=False)

    def transpose(self, y):
        """A^T y."""
        return self._op(_input_tensor(y, self._shapes[1][1]), transposed=True)

    def _op(self, x, transposed):
        @tf.custom_gradient
        def op(x):
            def gradient(dy):
                return self._op(dy, not transposed)  # A's gradient is A^T, and A^T's is A

            return self._run(x, transposed), gradient

        return op(x)

    def _run(self, x, transposed):
        in_shape, in_name, out_shape = self._shapes[transposed]
        lead = _leading_shape(x, in_shape, in_name)
        method = getattr(self._projector, self._methods[transposed])
        scale = self._scale

        @tf.autograph.experimental.do_not_convert  # plain Python: nothing to convert
        def compute(tensor):  # pyronn checks tensor's shape (which may have been unknown until now)
            shape = tuple(tensor.shape)
            return _apply(method, tensor, shape[:len(shape) - len(in_shape)] + out_shape, scale)

        op_name = f"pyronn_{self._name}" + ("_transpose" if transposed else "")
        with contextlib.nullcontext() if _core.has_cuda else tf.device("/device:CPU:0"):
            y = tf.py_function(compute, [x], tf.float32, name=op_name)
        if lead is not None:
            y.set_shape(lead + out_shape)  # py_function's output has no static shape of its own
        return y


def _input_tensor(x, name):
    """x as a float32 tensor. Tensors must be float32 already; NumPy arrays and lists of real
    numbers are converted, and complex ones give their real part, as TensorFlow 1 did for
    PYRO-NN's examples, which pass np.fft.ifft's complex output to the backprojection layers."""
    if isinstance(x, (tf.Tensor, tf.Variable)) or tf.is_tensor(x):
        if x.dtype != tf.float32:
            raise _errors.ArgumentTypeError(
                f"pyronn: invalid argument '{name}': must be float32, got a {x.dtype.name} tensor", name)
        return x
    if isinstance(x, GeometryBase):
        raise _errors.ArgumentTypeError(
            f"pyronn: invalid argument '{name}': got a geometry; the layers take (input, geometry)", name)
    try:
        array = np.asarray(x)
    except (TypeError, ValueError):
        array = None
    if array is None or array.dtype.kind not in "iufc":
        raise _errors.ArgumentTypeError(
            f"pyronn: invalid argument '{name}': must be a float32 tensor or an array of numbers, got "
            f"{type(x).__name__}" + ("" if array is None else f" of dtype {array.dtype}"), name)
    return tf.convert_to_tensor(np.real(array).astype(np.float32))


def _leading_shape(x, trailing, name):
    """The batch dimensions of x ((), (batch,) or (None,)), or None when x's rank is unknown;
    refuses ranks and known sizes that disagree with the geometry."""
    shape = x.shape
    if shape.rank is None:
        return None  # pyronn checks the actual shape when the op runs
    if shape.rank not in (len(trailing), len(trailing) + 1):
        raise _errors.InvalidArgumentError(
            f"pyronn: invalid argument '{name}': must have shape [batch, {', '.join(map(str, trailing))}] or "
            f"[{', '.join(map(str, trailing))}] (rank {len(trailing) + 1} or {len(trailing)}), got rank "
            f"{shape.rank}, shape {shape}", name)
    lead = shape.rank - len(trailing)
    given = tuple(shape)[lead:]
    if any(g is not None and g != t for g, t in zip(given, trailing)):
        raise _errors.InvalidArgumentError(
            f"pyronn: invalid argument '{name}': its shape {shape} disagrees with the geometry, which expects "
            f"[batch,] {list(trailing)}", name)
    return tuple(shape)[:lead]
