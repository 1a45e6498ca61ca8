"""pyronn's host driver against its CPU peers (run by benchmarks/peers/run.sh).

  bench_peers.py [--quick] [--json PATH]

2D: the standard cases a (parallel, 256^2, 256 views over pi, 256 bins of 1 mm) and b (fan,
256 bins of 1.5 mm, 256 views over 2 pi, source-detector 1024 mm, source-isocentre 512 mm) against
ASTRA's CPU projectors and scikit-image. 3D: cone beam, 64^3 and 128^3 voxels of 1 mm, 90 / 180
views of 64 x 96 / 128 x 192 pixels of 1.5 mm, source-isocentre 250 mm, source-detector 500 mm,
against RTK. pyronn runs on 1 and 2 threads, ASTRA and scikit-image on one (their CPU code is
single-threaded), RTK on 1 and 2. Each time is the median of several calls after a warm-up.
"""

import argparse
import os
import platform
import subprocess

import numpy as np

import pyronn

import peers_2d
import peers_3d
from timing import Report


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                cwd=os.path.dirname(os.path.abspath(__file__))).stdout.strip()
    except OSError:
        commit = ""
    return {"cpu": cpu, "cores": os.cpu_count(), "commit": commit, "pyronn": pyronn.__version__}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument("--json", help="write the rows, ratios and figures here")
    parser.add_argument("--only", choices=("2d", "3d"), help="run only the 2D or the 3D cases")
    args = parser.parse_args()
    report = Report()
    info = machine()
    print(f"machine: {info}")
    threads = [1, 2]
    n2 = 64 if args.quick else 256
    pi = np.pi
    if args.only != "3d":
        print("\n2D")
        peers_2d.run_case(report, f"a: parallel {n2}^2",
                          pyronn.GeometryParallel2D((n2, n2), (1, 1), n2, 1.0, n2, pi), 3 if args.quick else 11, threads)
        peers_2d.run_case(report, f"b: fan {n2}^2",
                          pyronn.GeometryFan2D((n2, n2), (1, 1), n2, 1.5, n2, 2 * pi, 4.0 * n2, 2.0 * n2),
                          3 if args.quick else 11, threads)
    cases = [] if args.only == "2d" else [(24, 30, 24, 36)] if args.quick else [(64, 90, 64, 96), (128, 180, 128, 192)]
    if cases:
        print("\n3D")
    for n, views, rows, columns in cases:
        g = pyronn.GeometryCone3D((n, n, n), (1, 1, 1), (rows, columns), (1.5, 1.5), views, 2 * pi, 500.0, 250.0)
        peers_3d.run_case(report, f"cone {n}^3, {views}x{rows}x{columns}", g, 2 if n >= 128 else 3, threads)
    report.print_summary()
    if args.json:
        report.write_json(args.json, info)


if __name__ == "__main__":
    main()
