"""What the PYRO-NN examples share: the Fourier-domain filtering of PYRO-NN's FBP flow, the
accuracy figures their reconstructions are judged by, and the PNG output.

Not part of the pyronn package: the examples are PYRO-NN 0.1.0's, ported to TensorFlow 2, and
these few lines replace its pyconrad viewer calls.
"""

import argparse
import os

import numpy as np
import tensorflow as tf


def arguments(description, size, **extra):
    """The options every example takes: --size (pixels per axis) and --out (PNG folder)."""
    parser = argparse.ArgumentParser(description=description,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=size, help=f"volume size in pixels per axis (default {size})")
    parser.add_argument("--out", default="demo_output/tensorflow", help="folder for the PNG files")
    for name, (kind, default, text) in extra.items():
        parser.add_argument(f"--{name}", type=kind, default=default, help=f"{text} (default {default})")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    return args


def fourier_filter(projections, the_filter):
    """PYRO-NN's filtering step: multiply each detector row's DFT by the filter (ram_lak_2D/3D's
    values, [views][U] or [views][1][U]) and keep the real part of the inverse DFT."""
    spectrum = tf.signal.fft(tf.cast(projections, tf.complex64))
    return tf.math.real(tf.signal.ifft(spectrum * tf.cast(the_filter, tf.complex64)))


def flat_mask(phantom, margin=2):
    """The pixels inside the object whose neighbours up to `margin` pixels away along each axis
    have its value: errors are judged away from edges, which any discrete scan blurs."""
    flat = phantom > 0
    for axis in range(phantom.ndim):
        for shift in range(-margin, margin + 1):
            if shift == 0:
                continue
            neighbour = np.roll(phantom, shift, axis=axis)
            flat &= neighbour == phantom
            edge = [slice(None)] * phantom.ndim
            edge[axis] = slice(0, margin) if shift > 0 else slice(phantom.shape[axis] - margin, None)
            flat[tuple(edge)] = False
    return flat


def judge(name, reco, phantom, mae_limit, integral_limit=0.01, mask=None):
    """Prints the reconstruction's integral against the phantom's and the mean absolute error on
    the flat region (relative to the phantom's maximum); returns whether both are within limits."""
    reco, phantom = np.squeeze(np.asarray(reco, np.float64)), np.squeeze(np.asarray(phantom, np.float64))
    mask = flat_mask(phantom) if mask is None else mask
    integral = reco.sum() / phantom.sum() - 1.0
    mae = np.abs(reco - phantom)[mask].mean() / phantom.max()
    ok = abs(integral) <= integral_limit and mae <= mae_limit
    print(f"{name}: integral {100 * integral:+.2f} % of the phantom's (limit {100 * integral_limit:.0f} %), "
          f"flat-region mean absolute error {100 * mae:.2f} % of its maximum (limit {100 * mae_limit:.0f} %): "
          f"{'ok' if ok else 'FAILED'}")
    return ok


def save_images(path, images, titles, vmin=None, vmax=None):
    """One row of grey images with titles, as a PNG."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(images), figsize=(4 * len(images), 4))
    for ax, image, title in zip(np.atleast_1d(axes), images, titles):
        ax.imshow(np.squeeze(np.asarray(image)), cmap="gray", vmin=vmin, vmax=vmax)
        ax.set_title(title)
        ax.axis("off")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    print(f"wrote {path}")
