"""Known-operator learning in PyTorch: the FBP filter of a parallel-beam scan is learned by Adam
through pyronn's exact operators, from random-ellipse phantoms, and compared with the analytic
ramp (PYRO-NN's example_learning_tensorflow, in PyTorch).

  python examples/python/learn_filter.py [--size 64] [--iterations 200] [--out demo_output/python]

The model is pyronn.torch.FBP with its taps given by a trainable frequency response H on the
padded grid (taps = inverse DFT of H, as the library designs its filters): in that basis each
parameter acts on its own band, which suits Adam; in the taps' basis the problem is badly
conditioned. The gradient reaches H through the FBP backprojection's exact transpose, the row
filter's taps gradient and torch.fft. Training data: the exact (analytic) sinograms of random
ellipse phantoms, so the network never sees its own forward model. Loss: mean over the phantoms of
|reco - phantom|^2 / |phantom|^2, starting from H = 0 (loss 1).

Writes loss.png, filter.png (learned against ramp response) and reconstructions.png (a
Shepp-Logan phantom the training never saw: ramp FBP, learned FBP, phantom) with matplotlib.
Exits 1 unless the loss fell at least 10x and the learned filter's error on that phantom is
within 10 % of the ramp's.
"""

import argparse
import math
import os
import sys
import time

import numpy as np
import torch

import pyronn
import pyronn.torch as pt


def taps_from_response(half, bins, padded):
    """Taps [2 bins - 1] (lags -(bins - 1) .. bins - 1) of the real, even response whose half
    spectrum is `half` [padded / 2 + 1]."""
    h = torch.fft.irfft(half, n=padded)
    return torch.cat([h[padded - (bins - 1):], h[:bins]])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=64, help="image size in pixels of 1 mm (default 64)")
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--phantoms", type=int, default=4, help="training phantoms")
    parser.add_argument("--out", default="demo_output/python", help="folder for the PNG files")
    args = parser.parse_args()

    n = args.size
    bins, views = (3 * n) // 2, (3 * n) // 2 - 6
    g = pyronn.GeometryParallel2D((n, n), (1.0, 1.0), bins, 1.0, views, math.pi)
    padded = 1 << (2 * bins - 2).bit_length()
    radius = 0.45 * n
    rng = np.random.default_rng(7)
    phantoms, sinograms = [], []
    for _ in range(args.phantoms):
        e = pyronn.random_ellipses(rng, radius)
        phantoms.append(pyronn.rasterize_2d(e, g))
        sinograms.append(pyronn.analytic_sinogram_2d(e, g))
    x = torch.from_numpy(np.stack(phantoms))
    y = torch.from_numpy(np.stack(sinograms))
    norms = (x ** 2).sum((1, 2))

    redundancy, cosine, ramlak_taps = pt.fbp_filter_parts(g, "ram_lak")
    ramp_half = torch.arange(padded // 2 + 1, dtype=torch.float64) / (padded * g.detector_spacing)
    response = torch.zeros(padded // 2 + 1, dtype=torch.float64, requires_grad=True)
    optimiser = torch.optim.Adam([response], lr=0.02 / (2 * g.detector_spacing))
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimiser, args.iterations)

    def reconstruct(sinogram, half):
        taps = taps_from_response(half, bins, padded).float()
        filtered = pt.filter_rows(sinogram, redundancy, cosine, taps, threads=0)
        return pt.backproject_fbp(filtered, g)

    def loss_of(half):
        return (((reconstruct(y, half) - x) ** 2).sum((1, 2)) / norms).mean()

    print(f"pyronn {pyronn.__version__}: learning the FBP filter of a {n} x {n} parallel scan ({views} views, {bins} "
          f"bins) from {args.phantoms} random-ellipse phantoms, Adam, {args.iterations} iterations, from zeros")
    losses, start = [], time.perf_counter()
    for it in range(args.iterations):
        optimiser.zero_grad()
        loss = loss_of(response)
        loss.backward()
        optimiser.step()
        schedule.step()
        losses.append(float(loss))
        if it % max(1, args.iterations // 10) == 0 or it == args.iterations - 1:
            print(f"  iteration {it:4d}  loss {losses[-1]:.4e}")
    seconds = time.perf_counter() - start
    final = float(loss_of(response.detach()))
    print(f"loss {losses[0]:.4e} -> {final:.4e}: fell {losses[0] / final:.0f}x in {seconds:.1f} s")

    # A phantom the training never saw, reconstructed with the ramp and with the learned filter.
    shepp = pyronn.shepp_logan_2d(radius)
    truth = torch.from_numpy(pyronn.rasterize_2d(shepp, g))
    test = torch.from_numpy(pyronn.analytic_sinogram_2d(shepp, g))
    with torch.no_grad():
        ramp_reco, learned_reco = reconstruct(test, ramp_half), reconstruct(test, response)
    ramp_error = float(((ramp_reco - truth) ** 2).sum() / (truth ** 2).sum())
    learned_error = float(((learned_reco - truth) ** 2).sum() / (truth ** 2).sum())
    print(f"unseen Shepp-Logan: relative squared error, ramp {ramp_error:.4e}, learned {learned_error:.4e} "
          f"(ratio {learned_error / ramp_error:.3f})")

    write_pictures(args.out, losses, ramp_half, response.detach(), truth, ramp_reco, learned_reco)
    ok = losses[0] / final >= 10 and learned_error <= 1.1 * ramp_error
    print("result:", "passed" if ok else "FAILED (loss must fall 10x, learned error within 10 % of the ramp's)")
    return 0 if ok else 1


def write_pictures(out, losses, ramp_half, learned_half, truth, ramp_reco, learned_reco):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    os.makedirs(out, exist_ok=True)
    fig, ax = plt.subplots(figsize=(5, 3.5))
    ax.semilogy(losses)
    ax.set_xlabel("iteration")
    ax.set_ylabel("loss")
    ax.set_title("training loss")
    fig.tight_layout()
    fig.savefig(os.path.join(out, "loss.png"), dpi=100)
    fig, ax = plt.subplots(figsize=(5, 3.5))
    k = np.arange(len(ramp_half))
    ax.plot(k, ramp_half.numpy(), label="ramp")
    ax.plot(k, learned_half.numpy(), label="learned")
    ax.set_xlabel("frequency index")
    ax.set_ylabel("response")
    ax.legend()
    fig.tight_layout()
    fig.savefig(os.path.join(out, "filter.png"), dpi=100)
    fig, axes = plt.subplots(1, 3, figsize=(9, 3.3))
    low, high = float(truth.min()), float(truth.max())
    for a, image, title in zip(axes, (ramp_reco, learned_reco, truth), ("ramp FBP", "learned FBP", "phantom")):
        a.imshow(image.numpy(), cmap="gray", vmin=low, vmax=high, origin="lower")
        a.set_title(title)
        a.axis("off")
    fig.tight_layout()
    fig.savefig(os.path.join(out, "reconstructions.png"), dpi=100)
    plt.close("all")
    print(f"wrote loss.png, filter.png, reconstructions.png to {out}")


if __name__ == "__main__":
    sys.exit(main())
