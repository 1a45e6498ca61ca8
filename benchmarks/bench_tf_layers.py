"""The TensorFlow layers' cost over pyronn's own call: parallel_projection2d on an 8^2 image
(4 views: the call's overhead) and on case a (256^2, 256 views of 256 bins, batch 8), eagerly and
inside tf.function, beside pyronn.Projector.forward on the same memory (out= given). On every
device TensorFlow sees (the CPU, and GPUs where TensorFlow and pyronn have CUDA). Printed, never
asserted.

  python benchmarks/bench_tf_layers.py [--repeats N]
"""

import argparse
import math

import numpy as np
import tensorflow as tf

import pyronn
from pyronn.ct_reconstruction.geometry.geometry_parallel_2d import GeometryParallel2D
from pyronn.ct_reconstruction.helpers.trajectories import circular_trajectory
from pyronn.ct_reconstruction.layers.projection_2d import parallel_projection2d

from bench_python_overhead import median_ms  # benchmarks/, the script's folder


def geometry(n, views):
    g = GeometryParallel2D([n, n], [1.0, 1.0], n, 1.0, views, math.pi)
    g.set_trajectory(circular_trajectory.circular_trajectory_2d(g))
    return g


def synchronised(call):
    """call, then wait for its TensorFlow result (.numpy() waits for a GPU tensor's kernels)."""
    return lambda: call()[..., :1].numpy()


def pyronn_call(projector, x_host, out_shape, device):
    """pyronn.Projector.forward on memory where device is, waited for."""
    if "CPU" in device:
        out = np.empty(out_shape, np.float32)
        return lambda: projector.forward(x_host, out=out)
    ordinal = int(device.rsplit(":", 1)[1])
    with tf.device(device):
        x, out = tf.identity(x_host), tf.zeros(out_shape)

    def call():
        projector.forward(tf.experimental.dlpack.to_dlpack(x), out=tf.experimental.dlpack.to_dlpack(out))
        pyronn._core.cuda_synchronize(ordinal)

    return call


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    devices = ["/CPU:0"] + [f"/GPU:{i}" for i in range(len(tf.config.list_physical_devices("GPU")))]
    if len(devices) > 1 and not pyronn.has_cuda:
        print("pyronn has no CUDA driver: the GPU rows are host computations with TensorFlow's copies")
    print(f"{'device':8} {'case':22} {'pyronn':>10} {'TF eager':>10} {'TF graph':>10}   (ms, median of "
          f"{args.repeats})")
    for n, views, batch, name in ((8, 4, 1, "8^2, 4 views"), (256, 256, 8, "case a (batch 8)")):
        g = geometry(n, views)
        projector = pyronn.Projector(g.to_pyronn())
        x_host = np.random.default_rng(0).random((batch, n, n), dtype=np.float32)
        for device in devices:
            has_driver = "CPU" in device or pyronn.has_cuda
            rows = [median_ms(pyronn_call(projector, x_host, (batch, views, n), device), args.repeats)
                    if has_driver else float("nan")]
            with tf.device(device):
                x = tf.identity(x_host)
                graph = tf.function(lambda x: parallel_projection2d(x, g))
                rows += [median_ms(synchronised(lambda: parallel_projection2d(x, g)), args.repeats),
                         median_ms(synchronised(lambda: graph(x)), args.repeats)]
            print(f"{device:8} {name:22} " + " ".join(f"{t:10.3f}" for t in rows))


if __name__ == "__main__":
    main()
