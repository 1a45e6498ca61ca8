import os
import sys

import pytest

# TensorFlow and Triton (torch.compile's code generator) each bundle LLVM, and Triton loaded after
# TensorFlow aborts the process ("LLVM ERROR: ... registered more than once"). The TensorFlow tests
# import TensorFlow when they are collected, before test_torch compiles anything, so Triton is
# loaded first where it is installed (the other order works).
try:
    import triton.runtime  # noqa: F401
except Exception:  # not installed, or unusable here: torch.compile will say so itself
    pass

sys.path.insert(0, os.path.dirname(__file__))  # cases.py

from cases import GEOMETRIES  # noqa: E402


@pytest.fixture(params=sorted(GEOMETRIES))
def geometry(request):
    return GEOMETRIES[request.param]()
