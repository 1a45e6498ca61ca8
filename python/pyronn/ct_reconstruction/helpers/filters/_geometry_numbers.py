"""The numbers the filter and weight helpers read from a PYRO-NN-style geometry object (any
object with PYRO-NN 0.1.0's attribute names), checked, with errors that name the attribute."""

import numpy as np


def attribute(geometry, name):
    try:
        return getattr(geometry, name)
    except AttributeError:
        raise TypeError(f"geometry must carry PYRO-NN's attribute '{name}' "
                        f"(got a {type(geometry).__name__})") from None


def last(geometry, name):
    """The detector's last (u, the row) entry of a per-axis attribute; 2D geometries hold one."""
    values = np.atleast_1d(np.asarray(attribute(geometry, name), dtype=np.float64))
    if values.size == 0 or values.ndim != 1:
        raise ValueError(f"geometry.{name} must hold one number per detector axis, got {values!r}")
    return float(values[-1])


def count(geometry, name, value=None):
    """A positive integer attribute (or the given value of one)."""
    v = attribute(geometry, name) if value is None else value
    if float(v) != int(v) or int(v) < 1:
        raise ValueError(f"geometry.{name} must be a positive integer, got {v!r}")
    return int(v)


def _number(geometry, name):
    value = attribute(geometry, name)
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValueError(f"geometry.{name} must be a number, got {value!r}") from None


def positive(geometry, name):
    v = _number(geometry, name)
    if not np.isfinite(v) or v <= 0:
        raise ValueError(f"geometry.{name} must be a positive number, got {v!r}")
    return v


def finite(geometry, name):
    v = _number(geometry, name)
    if not np.isfinite(v):
        raise ValueError(f"geometry.{name} must be a finite number, got {v!r}")
    return v


def detector_width(geometry):
    return count(geometry, "detector_shape", last(geometry, "detector_shape"))


def views(geometry):
    return count(geometry, "number_of_projections")
