"""A minimal DLPack producer for the tests: a C-contiguous float32 array at a raw address on any
DLPack device, for memory that no framework owns (fake_cuda.py's host memory that claims to be
on CUDA, cuda_runtime.py's cudaMalloc'ed memory)."""

import ctypes

KDL_CPU, KDL_CUDA, KDL_FLOAT = 1, 2, 2


class _Device(ctypes.Structure):
    _fields_ = [("device_type", ctypes.c_int32), ("device_id", ctypes.c_int32)]


class _DataType(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint8), ("bits", ctypes.c_uint8), ("lanes", ctypes.c_uint16)]


class _Tensor(ctypes.Structure):
    _fields_ = [("data", ctypes.c_void_p), ("device", _Device), ("ndim", ctypes.c_int32), ("dtype", _DataType),
                ("shape", ctypes.POINTER(ctypes.c_int64)), ("strides", ctypes.POINTER(ctypes.c_int64)),
                ("byte_offset", ctypes.c_uint64)]


class _ManagedTensor(ctypes.Structure):
    _fields_ = [("dl_tensor", _Tensor), ("manager_ctx", ctypes.c_void_p), ("deleter", ctypes.c_void_p)]


_capsule_new = ctypes.pythonapi.PyCapsule_New
_capsule_new.restype = ctypes.py_object
_capsule_new.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p]


class RawArray:
    """float32, C-contiguous, `shape`, at `address` on (device_type, device_id). The owner keeps the
    memory alive at least as long as this object; every exported capsule's struct lives with it."""

    def __init__(self, address, shape, device_type, device_id=0):
        self.shape = tuple(int(n) for n in shape)
        self.size = 1
        for n in self.shape:
            self.size *= n
        self.address = address
        self._device = (device_type, device_id)
        self._shape = (ctypes.c_int64 * max(1, len(self.shape)))(*self.shape)
        self._tensors = []

    def __dlpack_device__(self):
        return self._device

    def __dlpack__(self, stream=None, max_version=None, dl_device=None, copy=None):
        tensor = _ManagedTensor()
        tensor.dl_tensor.data = self.address
        tensor.dl_tensor.device = _Device(*self._device)
        tensor.dl_tensor.ndim = len(self.shape)
        tensor.dl_tensor.dtype = _DataType(KDL_FLOAT, 32, 1)
        tensor.dl_tensor.shape = self._shape
        tensor.dl_tensor.strides = None  # C-contiguous
        self._tensors.append(tensor)
        return _capsule_new(ctypes.addressof(tensor), b"dltensor", None)
