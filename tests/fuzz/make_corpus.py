#!/usr/bin/env python3
"""Writes the seed inputs of tests/fuzz/corpus/: one valid, small call sequence per part of the
API, in the encoding of fuzz_input.hpp, so that the fuzzer starts from inputs that reach the
operators and mutates from there. Run it after changing what a driver decodes:

    python3 tests/fuzz/make_corpus.py

Each seed lists its values in the order the driver reads them (see fuzz_2d.cpp, fuzz_3d.cpp,
fuzz_filters.cpp, fuzz_solvers.hpp)."""

import math
import pathlib
import struct

# fuzz_input.hpp's table of special values (tag < 32); index 0 is 1.0.
SPECIALS = [1.0, 0.0, -0.0, -1.0, 0.5, 2.0, 3.14159265358979, 6.28318530717959]


def count(n):
    """A small count (0..16) is one byte."""
    assert 0 <= n <= 16
    return bytes([n])


def choice(i):
    return bytes([i])


def real(x):
    """A real: one of the first specials, a multiple of 1/16 in int16 range, or raw bits."""
    for i, s in enumerate(SPECIALS):
        if x == s and math.copysign(1, x) == math.copysign(1, s):
            return bytes([i])
    k = x * 16
    if k == int(k) and -32768 <= k <= 32767:
        return bytes([32]) + struct.pack("<h", int(k))
    return bytes([128]) + struct.pack("<d", x)


PI = math.pi
# Drivers (fuzz_main.cpp), geometries and paths (the choice() each driver makes).
D2, D3, FILTERS = choice(0), choice(1), choice(2)
NO_SETTERS_2D = choice(0) * 3
NO_SETTERS_3D = choice(0) * 3


def parallel_2d():
    return D2 + choice(0) + count(8) + count(8) + real(1) + real(1) + count(12) + real(1) + count(8) + real(PI)


def fan_2d():
    return (D2 + choice(1) + count(8) + count(8) + real(1) + real(1) + count(16) + real(1.5) + count(12)
            + real(2 * PI) + real(200) + real(100))


def parallel_3d():
    return (D3 + choice(0) + count(6) * 3 + real(1) * 3 + count(8) + count(8) + real(1) * 2 + count(6)
            + real(PI))


def cone_3d():
    return (D3 + choice(1) + count(6) * 3 + real(1) * 3 + count(8) + count(10) + real(2) * 2 + count(8)
            + real(2 * PI) + real(200) + real(100))


SEEDS = {
    # Projector2D: threads, batch, data seeds, sized-form sizes, overlap shift.
    "parallel2d_projector_software": parallel_2d() + NO_SETTERS_2D + choice(0) + count(1) + choice(1)
    + choice(7) + choice(9) + count(16) + count(5) + choice(3),
    "fan2d_projector_texture": fan_2d() + NO_SETTERS_2D + choice(0) + choice(1) + count(2) + choice(0)
    + choice(1) + choice(2) + count(0) + count(0) + choice(5),
    # FBP2D: filter, method, threads, data seed.
    "fan2d_fbp_shepp_logan": fan_2d() + NO_SETTERS_2D + choice(0) + choice(2) + choice(2) + choice(1)
    + count(1) + choice(4),
    "parallel2d_fbp_hann_texture": parallel_2d() + NO_SETTERS_2D + choice(3) + choice(5) + choice(2)
    + count(2) + choice(4),
    # Fan weights: kind (Parker), q, threads.
    "fan2d_parker_weights": fan_2d() + NO_SETTERS_2D + choice(1) + choice(1) + real(0.5) + count(1),
    # Solvers: threads, data seed, no poison, iterations, kind, options.
    "parallel2d_cgls": parallel_2d() + NO_SETTERS_2D + choice(4) + choice(1) + choice(3) + choice(0)
    + choice(3) + choice(0) + choice(1) + real(0),
    "parallel2d_sirt": parallel_2d() + NO_SETTERS_2D + choice(4) + choice(1) + choice(3) + choice(0)
    + choice(3) + choice(1) + choice(1) + real(1) + choice(1),
    "fan2d_tv": fan_2d() + NO_SETTERS_2D + choice(0) + choice(4) + choice(1) + choice(3) + choice(0)
    + choice(2) + choice(2) + choice(1) + real(0.5) + real(0.0625) + real(0) + real(0) + choice(3)
    + real(1.0625) + choice(0),
    # Projector3D: step size, threads, data seeds, overlap shift.
    "parallel3d_projector_software": parallel_3d() + NO_SETTERS_3D + choice(0) + real(0.5) + count(1)
    + choice(3) + choice(4) + choice(2),
    # Cone with a helix (setters: no volume origin, no detector origin, trajectory: helix), FDK.
    "cone3d_helix_fdk_texture": cone_3d() + choice(0) + choice(0) + choice(1) + choice(1) + real(16)
    + real(0) + choice(0) + choice(3) + choice(0) + choice(1) + count(2) + choice(6),
    "cone3d_projector_texture": cone_3d() + NO_SETTERS_3D + choice(0) + choice(1) + real(1) + count(2)
    + choice(8) + choice(9) + choice(11),
    "cone3d_wesarg_weights": cone_3d() + NO_SETTERS_3D + choice(1) + choice(2) + real(0.5),
    # Filters: filter, nu, length, tau, 4-argument form, buffer seed.
    "filters_hamming": FILTERS + choice(1) + choice(4) + count(8) + count(16) + real(1) + choice(0)
    + choice(3),
    # Weight operators: views, rows, columns, layout, batch, threads, seeds, count offset.
    "weights_view_column": FILTERS + choice(0) + count(4) + count(1) + count(8) + choice(0) + count(2)
    + choice(1) + choice(5) + choice(0) + choice(6),
}

if __name__ == "__main__":
    corpus = pathlib.Path(__file__).resolve().parent / "corpus"
    corpus.mkdir(exist_ok=True)
    for name, data in SEEDS.items():
        (corpus / name).write_bytes(data)
    print(f"wrote {len(SEEDS)} seeds to {corpus}")
