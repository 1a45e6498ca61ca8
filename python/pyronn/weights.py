"""FBP's per-ray weights as operators of their own (C++: recon/weight_operators.hpp).

cosine_weights, parker_weights and wesarg_weights give the weights of a fan or cone geometry as
float32 arrays shaped to broadcast against its projections: (U,) or (V, U) for the cosine weights
(one per detector column / pixel), (views, U) or (views, 1, U) for the redundancy weights (one per
view and column). apply_weights(y, w, geometry) is then y * w, computed where y lies (host or
CUDA), and weight_gradient its gradient with respect to w: the sum of grad_output * y over what
the broadcast repeats. The FBP of pyronn.FBP / FDK uses cosine x Parker (fbp_filter_parts in
pyronn.torch gives those exact products).
"""

import numpy as np

from . import _core, _errors
from .operators import _check_geometry, new_output, output_shape, sinogram_shape_of, stream_handle


def _ray_weights(geometry, kind, q=1.0):
    _check_geometry(geometry)
    return np.asarray(_core.ray_weights(geometry.params, geometry.vectors, kind, float(q)))


def cosine_weights(geometry):
    """sdd / sqrt(sdd^2 + s^2 (+ t^2)) per detector pixel of a GeometryFan2D (shape (U,)) or
    GeometryCone3D ((V, U)): the flat detector's cosine weights. The curved detectors' are the
    cosine of the pixel's ray to the central ray: cos(gamma) (GeometryFanArc2D) and
    cos(gamma) R / sqrt(R^2 + z^2) (GeometryConeCylindrical3D)."""
    return _ray_weights(geometry, "cosine")


def parker_weights(geometry):
    """Parker's redundancy weights for any scan of pi + fan angle or more (whole turns get 1/2 a
    turn), including each view's share of the arc: (views, U) for fan, (views, 1, U) for cone."""
    return _ray_weights(geometry, "parker")


def wesarg_weights(geometry, q):
    """Wesarg, Ebert and Bortfeld's redundancy weights with transition parameter q in (0, 1]
    (q = 1 is Parker's); shaped as parker_weights."""
    return _ray_weights(geometry, "wesarg", q)


def apply_weights(y, weights, geometry, out=None, threads=0, stream=0):
    """y * weights for projections y of shape (..., views, [V,] U) and weights of one of the shapes
    above (or (views, V, U): one per ray). out may be y itself. On CUDA arrays, queued on stream."""
    _check_geometry(geometry)
    trailing = sinogram_shape_of(geometry.params)
    if out is None:
        out = new_output(y, output_shape(y, "input", trailing, trailing))
    _core.apply_weights(y, weights, out, list(trailing), int(threads), stream_handle(stream))
    return out


def weight_gradient(grad_output, y, weights_shape, geometry, out=None, threads=0, stream=0):
    """The gradient of sum(grad_output * apply_weights(y, w)) with respect to w (of weights_shape):
    grad_output * y summed over the batch and over the dimensions w is broadcast along."""
    _check_geometry(geometry)
    if out is None:
        out = new_output(y, tuple(int(n) for n in weights_shape))
    elif tuple(out.shape) != tuple(weights_shape):
        raise _errors.InvalidArgumentError(
            f"pyronn: invalid argument 'out': must have shape {tuple(weights_shape)}, got {tuple(out.shape)}", "out")
    _core.weight_gradient(grad_output, y, out, list(sinogram_shape_of(geometry.params)), int(threads),
                          stream_handle(stream))
    return out
