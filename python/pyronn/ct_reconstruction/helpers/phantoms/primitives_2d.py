"""PYRO-NN 0.1.0's 2D shapes on a [Y][X] pixel grid, positions in pixels from the upper left
pixel's centre, float32.

The shapes are tested point by point in double on the integer pixel grid, with squared distances
divided by squared axes as PYRO-NN wrote them, rather than through pyronn.rasterize_2d: with
integer positions and radii, pixels lie exactly on the boundary (a 3-4-5 triangle), and only the
same arithmetic puts them on the same side ("<= 1" counts them in).

0.1.0's circle and ellipse read ``pos`` (and the ellipse ``half_axes``) as [X, Y], against their
own documentation and rect, i.e. returned the transpose of the documented shape; here they
follow the documentation: every position is [Y, X] (docs/pyronn_compat.md).
"""

import numpy as np

from ._shapes import array_shape, numbers_of


def _grid(shape):
    y, x = np.indices(shape, dtype=np.float64)
    return y, x


def circle(shape, pos, radius, value=1.0):
    """A disc of ``radius`` pixels centred at ``pos`` = [Y, X], filled with ``value``."""
    shape = array_shape(shape, 2)
    cy, cx = numbers_of(pos, 2, "pos")
    y, x = _grid(shape)
    inside = (y - cy) ** 2 + (x - cx) ** 2 <= float(radius) ** 2
    return inside * np.float32(value)


def ellipse(shape, pos, half_axes, value=1.0, phi=0.0):
    """An ellipse centred at ``pos`` = [Y, X] with half axes [b, a] (b along y, a along x before
    the rotation), turned by ``phi`` radians (from x towards y: clockwise as shown, rows growing
    downwards), filled with ``value``."""
    shape = array_shape(shape, 2)
    cy, cx = numbers_of(pos, 2, "pos")
    b, a = numbers_of(half_axes, 2, "half_axes")
    if a == 0 or b == 0:
        raise ValueError(f"half_axes must be non-zero, got {half_axes!r}")
    y, x = _grid(shape)
    xc, yc = x - cx, y - cy
    c, s = np.cos(phi), np.sin(phi)
    xr = xc * c + yc * s
    yr = yc * c - xc * s
    return (xr ** 2 / a ** 2 + yr ** 2 / b ** 2 <= 1) * np.float32(value)


def rect(shape, pos, size, value=1.0):
    """An axis-aligned rectangle from ``pos`` = [Y, X] (its upper left pixel) spanning ``size`` =
    [height, width] pixels (clipped at the array's edge), filled with ``value``."""
    shape = array_shape(shape, 2)
    (y0, x0), (h, w) = array_shape(pos, 2, 0, "pos"), array_shape(size, 2, 0, "size")
    out = np.zeros(shape, dtype=np.float32)
    out[y0:y0 + h, x0:x0 + w] = value
    return out
