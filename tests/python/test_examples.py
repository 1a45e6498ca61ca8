"""The Python examples run, at small sizes, and meet their own acceptance checks."""

import os
import subprocess
import sys

import pytest

pytest.importorskip("torch")
pytest.importorskip("matplotlib")

EXAMPLES = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "python")


def test_learn_filter(tmp_path):
    result = subprocess.run([sys.executable, os.path.join(EXAMPLES, "learn_filter.py"), "--size", "32",
                             "--iterations", "200", "--out", str(tmp_path)], capture_output=True, text=True)
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    for name in ("loss.png", "filter.png", "reconstructions.png"):
        assert os.path.getsize(tmp_path / name) > 1000


def test_iterative_tv(tmp_path):
    result = subprocess.run([sys.executable, os.path.join(EXAMPLES, "iterative_tv.py"), "--size", "64",
                             "--iterations", "150", "--out", str(tmp_path)], capture_output=True, text=True)
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    for name in ("iterative.png", "iterative_loss.png"):
        assert os.path.getsize(tmp_path / name) > 1000
