"""An array that says, through DLPack, that it lies on a CUDA device, while its memory is host
memory that nothing reads: it lets the host tests reach the extension's device checks and its
CUDA dispatch on a machine without a GPU (a GPU would never see it: every use here is refused or
fails in the CUDA runtime before a kernel is queued)."""

import numpy as np

from dlpack_export import KDL_CUDA, RawArray


class FakeCudaArray(RawArray):
    """A C-contiguous float32 array of this shape, 'on' CUDA device `device`."""

    def __init__(self, shape, device=0):
        self._memory = np.zeros(max(1, int(np.prod(shape))), np.float32)
        super().__init__(self._memory.ctypes.data, shape, KDL_CUDA, device)
