"""The Python binding's overhead: the same host operators on case a (parallel 256^2, 256 views of
256 bins, batch 8) called from Python (pyronn.Projector, out= given) and from C++
(bench_operators_2d's batch-8 rows), 1 and 2 threads. Issue 12's target: the Python call takes at
most 1.05x the C++ call's time. Printed, never asserted.

  python benchmarks/bench_python_overhead.py --cpp build/benchmarks/bench_operators_2d [--quick]
"""

import argparse
import json
import math
import subprocess
import tempfile
import time

import numpy as np

import pyronn


def median_ms(call, repeats):
    call()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return 1e3 * float(np.median(times))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cpp", required=True, help="the bench_operators_2d binary")
    parser.add_argument("--quick", action="store_true", help="64^2 (as bench_operators_2d --quick)")
    args = parser.parse_args()
    n = 64 if args.quick else 256
    repeats = 3 if args.quick else 5
    batch = 8
    with tempfile.NamedTemporaryFile(suffix=".json") as f:
        subprocess.run([args.cpp, "--json", f.name] + (["--quick"] if args.quick else []), check=True,
                       stdout=subprocess.DEVNULL)
        rows = json.load(open(f.name))["results"]
    cpp = {(r["operator"], r["threads"]): r["seconds_per_call"] * 1e3 for r in rows
           if r["driver"] == "host" and r["geometry"] == "parallel" and r["batch"] == batch}

    g = pyronn.GeometryParallel2D((n, n), (1.0, 1.0), n, 1.0, n, math.pi)
    image = np.ones((batch,) + g.volume_shape, np.float32)
    sinogram = np.ones((batch,) + g.sinogram_shape, np.float32)
    print(f"case a at batch {batch}: parallel {n}^2, {n} views of {n} bins; median ms per call")
    print(f"  {'operator':<26} {'threads':>7} {'C++':>9} {'Python':>9} {'Python / C++':>13}")
    for threads in sorted({t for _, t in cpp}):
        projector = pyronn.Projector(g, threads=threads)
        image_out, sinogram_out = np.empty_like(image), np.empty_like(sinogram)
        calls = {
            "forward": lambda: projector.forward(image, out=sinogram_out),
            "adjoint": lambda: projector.adjoint(sinogram, out=image_out),
            "backproject_fbp": lambda: projector.backproject_fbp(sinogram, out=image_out),
            "backproject_fbp_transpose": lambda: projector.backproject_fbp_transpose(image, out=sinogram_out),
        }
        for name, call in calls.items():
            if (name, threads) not in cpp:
                continue
            ours = median_ms(call, repeats)
            print(f"  {name:<26} {threads:>7} {cpp[name, threads]:9.2f} {ours:9.2f} {ours / cpp[name, threads]:13.3f}")


if __name__ == "__main__":
    main()
