"""Device memory for the tests without a framework: the CUDA runtime's shared library through
ctypes (cudaMalloc, cudaMemcpy, streams), wrapped as DLPack arrays (dlpack_export.py). With it the
NumPy-level API's CUDA path is tested on a GPU machine that has no PyTorch with CUDA (the
extension links its own CUDA runtime statically; both share the device's primary context)."""

import ctypes
import ctypes.util
import glob
import os

import numpy as np

from dlpack_export import KDL_CUDA, RawArray

_HOST_TO_DEVICE, _DEVICE_TO_HOST = 1, 2


def _candidates():
    found = ctypes.util.find_library("cudart")
    if found:
        yield found
    for root in (os.environ.get("CUDA_HOME"), os.environ.get("CUDA_PATH"), "/usr/local/cuda"):
        if root:
            yield from sorted(glob.glob(os.path.join(root, "lib64", "libcudart.so*")), reverse=True)


class Runtime:
    """The CUDA runtime, or why it is not usable (`reason`)."""

    def __init__(self):
        self.library, self.reason = None, "no libcudart found (ctypes.util, $CUDA_HOME, /usr/local/cuda/lib64)"
        for path in _candidates():
            try:
                self.library = ctypes.CDLL(path)
                break
            except OSError as error:
                self.reason = f"{path}: {error}"
        if self.library is None:
            return
        count = ctypes.c_int(0)
        status = self.library.cudaGetDeviceCount(ctypes.byref(count))
        if status != 0 or count.value == 0:
            self.library, self.reason = None, f"no CUDA device (cudaGetDeviceCount: status {status}, {count.value})"

    def check(self, status, call):
        if status != 0:
            raise RuntimeError(f"{call} failed with CUDA status {status}")

    def malloc(self, nbytes):
        pointer = ctypes.c_void_p()
        self.check(self.library.cudaMalloc(ctypes.byref(pointer), ctypes.c_size_t(max(nbytes, 4))), "cudaMalloc")
        return pointer.value

    def free(self, pointer):
        self.library.cudaFree(ctypes.c_void_p(pointer))

    def copy(self, destination, source, nbytes, kind):
        self.check(self.library.cudaMemcpy(ctypes.c_void_p(destination), ctypes.c_void_p(source),
                                           ctypes.c_size_t(nbytes), ctypes.c_int(kind)), "cudaMemcpy")

    def synchronize(self):
        self.check(self.library.cudaDeviceSynchronize(), "cudaDeviceSynchronize")

    def stream(self):
        handle = ctypes.c_void_p()
        self.check(self.library.cudaStreamCreateWithFlags(ctypes.byref(handle), ctypes.c_uint(1)),
                   "cudaStreamCreateWithFlags(cudaStreamNonBlocking)")
        return handle.value

    def stream_synchronize(self, stream):
        self.check(self.library.cudaStreamSynchronize(ctypes.c_void_p(stream)), "cudaStreamSynchronize")

    def stream_destroy(self, stream):
        self.library.cudaStreamDestroy(ctypes.c_void_p(stream))


class CudaArray(RawArray):
    """A float32 array in cudaMalloc'ed memory on device 0, freed with the object."""

    def __init__(self, runtime, shape):
        self._runtime = runtime
        size = int(np.prod(shape)) if len(shape) else 1
        super().__init__(runtime.malloc(4 * size), shape, KDL_CUDA, 0)

    @classmethod
    def from_numpy(cls, runtime, array):
        array = np.ascontiguousarray(array, dtype=np.float32)
        result = cls(runtime, array.shape)
        runtime.copy(result.address, array.ctypes.data, array.nbytes, _HOST_TO_DEVICE)
        # A copy from pageable memory may return before its DMA lands, ordered only before the
        # legacy default stream's later work: wait, so that work on any stream sees the data.
        runtime.synchronize()
        return result

    def numpy(self):
        """A host copy (cudaMemcpy waits for the work queued on the legacy default stream)."""
        result = np.empty(self.shape, np.float32)
        self._runtime.copy(result.ctypes.data, self.address, result.nbytes, _DEVICE_TO_HOST)
        return result

    def __del__(self):
        if getattr(self, "_runtime", None) is not None and self.address:
            self._runtime.free(self.address)
