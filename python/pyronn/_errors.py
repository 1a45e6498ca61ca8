"""The exceptions pyronn raises. Each names the parameter that was wrong (``parameter``)."""


class Error(Exception):
    """Base class of every pyronn error."""

    def __init__(self, message, parameter=""):
        super().__init__(message)
        self.parameter = parameter


class InvalidArgumentError(Error, ValueError):
    """A value, shape, layout or device that pyronn cannot use (C++: pyronn::invalid_argument)."""


class ArgumentTypeError(Error, TypeError):
    """An argument of the wrong type: not an array, or not float32."""


class CudaError(Error, RuntimeError):
    """A failed CUDA call (C++: pyronn::cuda_error); ``parameter`` is the call."""
