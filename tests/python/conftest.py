import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))  # cases.py

from cases import GEOMETRIES  # noqa: E402


@pytest.fixture(params=sorted(GEOMETRIES))
def geometry(request):
    return GEOMETRIES[request.param]()
