"""Argument checks shared by the phantom helpers."""

import numbers

import numpy as np


def array_shape(shape, dims, minimum=1, name="shape"):
    """shape as a tuple of `dims` ints >= minimum, or a ValueError naming the parameter."""
    values = tuple(np.atleast_1d(np.asarray(shape)).tolist())
    if len(values) != dims or not all(isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in values):
        raise ValueError(f"{name} must hold {dims} integers, got {shape!r}")
    if min(values) < minimum:
        raise ValueError(f"{name} must hold integers >= {minimum}, got {shape!r}")
    return values


def numbers_of(values, count, name):
    """values as a tuple of `count` finite floats, or a ValueError naming the parameter."""
    out = tuple(float(v) for v in np.atleast_1d(np.asarray(values, dtype=np.float64)))
    if len(out) != count or not all(np.isfinite(out)):
        raise ValueError(f"{name} must hold {count} finite numbers, got {values!r}")
    return out
