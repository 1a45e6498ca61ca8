"""PYRO-NN 0.1.0's reconstruction filters, as they are used: multiplied with the FFT (length U,
no zero padding) of each detector row, e.g. ``tf.signal.fft`` of a [views][U] sinogram.

``ramp`` and ``ram_lak`` return one row of U values in DFT order (index k is frequency
k / U, k >= U / 2 the negative ones); the ``_2D`` forms repeat it per view ([views][U]), the
``_3D`` forms per view with a singleton row axis ([views][1][U]), so they broadcast against
projections [views][V][U]. All float32.

Both come from pyronn's filter definitions (include/pyronn/recon/filters.hpp):
 - ramp: |f| sampled at the U DFT frequencies in cycles per bin, i.e. pyronn's sampled ramp
   response on a U-point grid with a spacing of one bin;
 - ram_lak: the DFT of the band-limited ramp's spatial kernel (Kak & Slaney eq. 3.61,
   h(0) = 1 / (4 tau^2), h(n tau) = -1 / (n pi tau)^2 for odd n, 0 for even n), laid out
   circularly on U bins (lags -U/2 .. U/2), i.e. pyronn's Ram-Lak taps divided by tau.
Without padding, filtering with them is a circular convolution over the row (PYRO-NN's design;
pyronn.FBP pads to >= 2 U - 1), so the two ends of a row leak into each other a little.
"""

import numpy as np

from pyronn import _core

from . import _geometry_numbers as _numbers


def _width(detector_width):
    w = int(detector_width)
    if w != detector_width or w < 1:
        raise ValueError(f"detector_width must be a positive integer, got {detector_width!r}")
    return w


def ramp(detector_width):
    """|f| at the DFT frequencies of ``detector_width`` bins, in cycles per bin: [U] float32."""
    w = _width(detector_width)
    return _core.filter_sampled_response("ramp", w, 1.0).astype(np.float32)


def ram_lak(detector_width, detector_spacing):
    """The DFT of the Ram-Lak kernel h (spacing ``detector_spacing`` mm) wrapped onto
    ``detector_width`` bins: [U] float32, about |f| / tau with f in cycles per mm."""
    w = _width(detector_width)
    tau = float(detector_spacing)
    if not np.isfinite(tau) or tau <= 0:
        raise ValueError(f"detector_spacing must be a positive number, got {detector_spacing!r}")
    taps = _core.filter_taps("ram_lak", w, tau).astype(np.float64)  # tau h(n tau), lags -(w-1) .. w-1
    lags = np.rint(np.fft.fftfreq(w) * w).astype(np.int64)          # bin k holds lag k (or k - w)
    # PYRO-NN's kernel is h itself, not the taps' tau h: the scale its backprojection expects.
    kernel = taps[lags + w - 1] / tau
    return np.real(np.fft.fft(kernel)).astype(np.float32)


def _per_view(row, geometry, trailing):
    return np.ascontiguousarray(np.broadcast_to(row.reshape(trailing), (_numbers.views(geometry),) + trailing))


def ramp_2D(geometry):
    """ramp(U) for every view: [views][U]."""
    w = _numbers.detector_width(geometry)
    return _per_view(ramp(w), geometry, (w,))


def ramp_3D(geometry):
    """ramp(U) for every view: [views][1][U]."""
    w = _numbers.detector_width(geometry)
    return _per_view(ramp(w), geometry, (1, w))


def ram_lak_2D(geometry):
    """ram_lak(U, detector_spacing[-1]) for every view: [views][U]."""
    w = _numbers.detector_width(geometry)
    return _per_view(ram_lak(w, _numbers.last(geometry, "detector_spacing")), geometry, (w,))


def ram_lak_3D(geometry):
    """ram_lak(U, detector_spacing[-1]) for every view: [views][1][U]."""
    w = _numbers.detector_width(geometry)
    return _per_view(ram_lak(w, _numbers.last(geometry, "detector_spacing")), geometry, (1, w))
