"""PYRO-NN's example_learning_tensorflow in TensorFlow 2: known-operator learning of the FBP filter.
The model is PYRO-NN's: a trainable frequency response multiplies each sinogram row's DFT, then the
parallel backprojection layer (whose gradient is now the exact transpose of the FBP
backprojection) reconstructs; it starts from PYRO-NN's `ramp`, which ignores the detector spacing,
and Adam learns the filter from random-ellipse phantoms and their exact (analytic) sinograms, so
the network never sees its own forward model.

  python examples/tensorflow/example_learning_tensorflow.py [--size 64] [--iterations 300]
                                                            [--out demo_output/tensorflow]

Writes learning_loss.png, learning_filter.png (learned against ram_lak_2D) and
learning_reco.png (an unseen Shepp-Logan phantom: ram_lak FBP, learned FBP); exits 1 unless the
loss fell at least 10x and the learned filter's error on the unseen phantom is within 10 % of
ram_lak's.
"""

import os
import sys

import numpy as np
import tensorflow as tf

import pyronn
from common import arguments, fourier_filter, save_images
from pyronn.ct_reconstruction.geometry.geometry_parallel_2d import GeometryParallel2D
from pyronn.ct_reconstruction.helpers.filters import filters
from pyronn.ct_reconstruction.helpers.trajectories import circular_trajectory
from pyronn.ct_reconstruction.layers.backprojection_2d import parallel_backprojection2d


def main():
    args = arguments(__doc__, size=64, iterations=(int, 300, "Adam steps"),
                     phantoms=(int, 4, "training phantoms"), lr=(float, 2e-3, "Adam's learning rate"))
    n, spacing = args.size, 2.0
    shape = dict(volume_shape=[n, n], volume_spacing=[spacing, spacing], detector_shape=2 * n,
                 detector_spacing=spacing, number_of_projections=int(1.5 * n), angular_range=np.pi)
    geometry = GeometryParallel2D(**shape)
    geometry.set_ray_vectors(circular_trajectory.circular_trajectory_2d(geometry))

    # Training data from pyronn's exact line integrals (a pyronn geometry of the same numbers: the
    # conventions are PYRO-NN's).
    truth = pyronn.GeometryParallel2D(*shape.values())
    radius = 0.5 * n * spacing
    rng = np.random.default_rng(1)
    ellipses = [pyronn.random_ellipses(rng, radius) for _ in range(args.phantoms)]
    images = np.stack([pyronn.rasterize_2d(e, truth) for e in ellipses]).astype(np.float32)
    sinograms = np.stack([pyronn.analytic_sinogram_2d(e, truth) for e in ellipses]).astype(np.float32)

    response = tf.Variable(filters.ramp(geometry.detector_shape[-1]), name="filter_frequency")
    optimizer = tf.keras.optimizers.Adam(args.lr)
    norm = float(np.sum(images ** 2))

    def reconstruct(sinogram):
        return parallel_backprojection2d(fourier_filter(sinogram, response), geometry)

    @tf.function
    def step():
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(tf.square(reconstruct(sinograms) - images)) / norm
        optimizer.apply_gradients([(tape.gradient(loss, response), response)])
        return loss

    losses = [float(step()) for _ in range(args.iterations)]
    for i in range(0, args.iterations, max(1, args.iterations // 6)):
        print(f"step {i:4d}: loss {losses[i]:.4e}")
    print(f"step {args.iterations - 1:4d}: loss {losses[-1]:.4e}")

    # An unseen phantom: the learned filter against ram_lak_2D.
    shepp = pyronn.shepp_logan_2d(radius * 0.9)
    phantom = pyronn.rasterize_2d(shepp, truth)
    sinogram = pyronn.analytic_sinogram_2d(shepp, truth).astype(np.float32)[None]
    learned = reconstruct(sinogram).numpy()[0]
    ram_lak = parallel_backprojection2d(fourier_filter(sinogram, filters.ram_lak_2D(geometry)), geometry).numpy()[0]
    error = lambda reco: float(np.linalg.norm(reco - phantom) / np.linalg.norm(phantom))
    e_learned, e_ram_lak = error(learned), error(ram_lak)
    print(f"unseen phantom, relative L2 error: learned {e_learned:.4f}, ram_lak {e_ram_lak:.4f}")

    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(5, 3.5))
    ax.semilogy(losses)
    ax.set_xlabel("Adam step")
    ax.set_ylabel("loss")
    fig.tight_layout()
    fig.savefig(os.path.join(args.out, "learning_loss.png"), dpi=100)
    plt.close(fig)
    fig, ax = plt.subplots(figsize=(5, 3.5))
    half = geometry.detector_shape[-1] // 2
    ax.plot(filters.ram_lak(geometry.detector_shape[-1], spacing)[:half], label="ram_lak")
    ax.plot(filters.ramp(geometry.detector_shape[-1])[:half], ":", label="ramp (start)")
    ax.plot(response.numpy()[:half], "--", label="learned")
    ax.set_xlabel("frequency bin")
    ax.legend()
    fig.tight_layout()
    fig.savefig(os.path.join(args.out, "learning_filter.png"), dpi=100)
    plt.close(fig)
    save_images(os.path.join(args.out, "learning_reco.png"), [phantom, ram_lak, learned],
                ["phantom", "ram_lak FBP", "learned FBP"], vmin=0, vmax=float(phantom.max()))

    ok = losses[-1] <= 0.1 * losses[0] and e_learned <= 1.1 * e_ram_lak
    print("learned filter:", "ok" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
