"""PYRO-NN's examples, ported to TensorFlow 2 (examples/tensorflow/), run at small sizes and meet
their own acceptance checks (each exits 1 when its figures are out of bounds)."""

import os
import subprocess
import sys

import pytest

pytest.importorskip("tensorflow")
pytest.importorskip("matplotlib")

EXAMPLES = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "tensorflow")

# (script, its small-size arguments, the PNG files it must write)
CASES = [
    ("example_parallel_2d.py", ["--size", "128"], ["parallel_2d.png"]),
    ("example_fan_2d.py", ["--size", "256"], ["fan_2d.png"]),
    ("example_fan_2d_shortscan.py", ["--size", "128"], ["fan_2d_shortscan.png"]),
    ("example_cone_3d.py", ["--size", "96"], ["cone_3d.png"]),
    ("example_fdk.py", ["--size", "64"], ["fdk.png"]),
    ("example_iterative_reco.py", ["--size", "64", "--iterations", "200"], ["iterative_reco.png", "iterative_loss.png"]),
    ("example_learning_tensorflow.py", ["--size", "32", "--iterations", "300"],
     ["learning_loss.png", "learning_filter.png", "learning_reco.png"]),
    ("example_gradient_check.py", [], []),
]


@pytest.mark.parametrize("script, arguments, outputs", CASES, ids=[c[0] for c in CASES])
def test_example(script, arguments, outputs, tmp_path):
    result = subprocess.run([sys.executable, os.path.join(EXAMPLES, script), *arguments, "--out", str(tmp_path)]
                            if outputs else [sys.executable, os.path.join(EXAMPLES, script)],
                            capture_output=True, text=True)
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    for name in outputs:
        assert os.path.getsize(tmp_path / name) > 1000, name
