"""An array that says, through DLPack, that it lies on a CUDA device, while its memory is host
memory that nothing reads: it lets the host tests reach the extension's device checks and its
CUDA dispatch on a machine without a GPU (a GPU would never see it: every use here is refused or
fails in the CUDA runtime before a kernel is queued)."""

import ctypes

import numpy as np

KDL_CUDA, KDL_FLOAT = 2, 2


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


class FakeCudaArray:
    """A C-contiguous float32 array of this shape, 'on' CUDA device `device`."""

    def __init__(self, shape, device=0):
        self.shape = tuple(int(n) for n in shape)
        self._memory = np.zeros(max(1, int(np.prod(self.shape))), np.float32)
        self._shape = (ctypes.c_int64 * len(self.shape))(*self.shape)
        self._device = device
        self._tensors = []  # every exported DLManagedTensor stays alive with the array

    def __dlpack_device__(self):
        return (KDL_CUDA, self._device)

    def __dlpack__(self, stream=None, max_version=None, dl_device=None, copy=None):
        tensor = _ManagedTensor()
        tensor.dl_tensor.data = self._memory.ctypes.data
        tensor.dl_tensor.device = _Device(KDL_CUDA, self._device)
        tensor.dl_tensor.ndim = len(self.shape)
        tensor.dl_tensor.dtype = _DataType(KDL_FLOAT, 32, 1)
        tensor.dl_tensor.shape = self._shape
        tensor.dl_tensor.strides = None  # C-contiguous
        self._tensors.append(tensor)
        return _capsule_new(ctypes.addressof(tensor), b"dltensor", None)
