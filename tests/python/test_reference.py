"""The binding computes what the C++ headers compute, bit for bit: reference_driver.cpp runs the
same cases through the headers (built by the C++ build; tests/run.sh sets
PYRONN_REFERENCE_DRIVER), and each result is compared here with the binding's."""

import os
import subprocess

import numpy as np
import pytest

import pyronn
from cases import GEOMETRIES, phantom

THREADS = 2
# interpolation, then per dimension (FBP filter, 3D ray model, step size), per suffix, as in
# reference_driver.cpp.
VARIANTS = {
    "": ("software", {2: ("ram_lak", "joseph", 0.5), 3: ("ram_lak", "joseph", 0.5)}),
    "_texture": ("texture", {2: ("hann", "joseph", 0.5), 3: ("shepp_logan", "ray_march", 0.25)}),
}


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    driver = os.environ.get("PYRONN_REFERENCE_DRIVER")
    if not driver:
        pytest.skip("PYRONN_REFERENCE_DRIVER is not set (tests/run.sh builds the driver and sets it)")
    directory = tmp_path_factory.mktemp("reference")
    subprocess.run([driver, str(directory)], check=True)
    return directory


def read(directory, name, like):
    data = np.fromfile(directory / f"{name}.f32", dtype=np.float32)
    assert data.size == like.size, name
    return data.reshape(like.shape)


def assert_bitwise_equal(actual, expected, name):
    same = actual.view(np.uint32) == expected.view(np.uint32)
    assert same.all(), f"{name}: {np.count_nonzero(~same)} of {same.size} values differ"


@pytest.mark.parametrize("suffix", sorted(VARIANTS))
@pytest.mark.parametrize("case", sorted(GEOMETRIES))
def test_binding_equals_cpp(reference, case, suffix):
    g = GEOMETRIES[case]()
    dims = len(g.volume_shape)
    interpolation, per_dims = VARIANTS[suffix]
    filter_name, model, step_size = per_dims[dims]
    x = phantom(g)
    assert_bitwise_equal(x, read(reference, f"{case}_phantom", x), f"{case}_phantom")
    projector = pyronn.Projector(g, interpolation, THREADS, model, step_size)
    sinogram = projector.forward(x)
    results = {
        "forward": sinogram,
        "adjoint": projector.adjoint(sinogram),
        "backproject_fbp": projector.backproject_fbp(sinogram),
        "backproject_fbp_transpose": projector.backproject_fbp_transpose(x),
        "fbp": pyronn.FBP(g, filter_name, interpolation, THREADS)(sinogram),
    }
    for what, actual in results.items():
        name = f"{case}_{what}{suffix}"
        assert_bitwise_equal(actual, read(reference, name, actual), name)
