"""Timing and reporting shared by the peer benchmarks: the median of several calls after a
warm-up, one row per (case, operation, package, threads), ratios against pyronn, and JSON."""

import json
import time

import numpy as np


def median_seconds(call, repeats):
    call()  # warm-up: allocations, plans, caches
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def relative_l2(value, reference):
    value, reference = np.asarray(value, np.float64), np.asarray(reference, np.float64)
    return float(np.linalg.norm(value - reference) / np.linalg.norm(reference))


class Report:
    """Rows of timings, and figures (agreements, accuracies) printed under the table."""

    def __init__(self):
        self.rows = []
        self.figures = []

    def time(self, case, operation, package, threads, call, repeats):
        seconds = median_seconds(call, repeats)
        self.rows.append({"case": case, "operation": operation, "package": package, "threads": threads,
                          "ms": 1e3 * seconds})
        print(f"  {case:<28} {operation:<26} {package:<14} {threads:>2} thr {1e3 * seconds:10.1f} ms", flush=True)

    def figure(self, name, value):
        self.figures.append({"name": name, "value": value})
        print(f"  [figure] {name} = {value:.3e}", flush=True)

    def ratios(self):
        """pyronn's time over each peer's, for the same case, operation and thread count."""
        ours = {(r["case"], r["operation"], r["threads"]): r["ms"] for r in self.rows if r["package"] == "pyronn"}
        out = []
        for r in self.rows:
            key = (r["case"], r["operation"], r["threads"])
            if r["package"] != "pyronn" and key in ours:
                out.append(dict(r, pyronn_ms=ours[key], ratio=ours[key] / r["ms"]))
        return out

    def print_summary(self):
        print("\npyronn's time / the peer's (same case, operation, threads; below 1: pyronn is faster)")
        print(f"  {'case':<28} {'operation':<26} {'peer':<14} {'thr':>3} {'pyronn ms':>10} {'peer ms':>10} {'ratio':>7}")
        for r in self.ratios():
            print(f"  {r['case']:<28} {r['operation']:<26} {r['package']:<14} {r['threads']:>3} {r['pyronn_ms']:10.1f}"
                  f" {r['ms']:10.1f} {r['ratio']:7.2f}")
        scaling = {}
        for r in self.rows:
            if r["package"] == "pyronn":
                scaling.setdefault((r["case"], r["operation"]), {})[r["threads"]] = r["ms"]
        print("\npyronn, 1 thread / 2 threads")
        for (case, operation), by_threads in scaling.items():
            if 1 in by_threads and 2 in by_threads:
                print(f"  {case:<28} {operation:<26} {by_threads[1] / by_threads[2]:6.2f}x")

    def write_json(self, path, machine):
        with open(path, "w") as f:
            json.dump({"machine": machine, "rows": self.rows, "ratios": self.ratios(), "figures": self.figures}, f,
                      indent=1)
