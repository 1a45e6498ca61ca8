"""What PYRO-NN's four geometry classes share, as a front for pyronn's own geometries.

PYRO-NN 0.1.0's geometries were bags of NumPy attributes that its layers read. Here each class
keeps PYRO-NN's constructor arguments, attribute names and types (volume_shape as an integer
array, spacings as float32 arrays, origins as float64 arrays, the 2D detector as a one-element
array, ...) but holds its numbers in one of pyronn's geometries (pyronn.geometry), which checks
every value in C++: a bad value raises pyronn.InvalidArgumentError (a ValueError) or
pyronn.ArgumentTypeError (a TypeError) naming the parameter, when it is given.

Attributes that PYRO-NN scripts assign (``geometry.angular_range = ...``,
``geometry.central_ray_vectors = ...``) are properties that check the new value the same way.
Derived attributes (volume_origin, sinogram_shape, fan_angle, ...) follow the current values;
PYRO-NN computed them once, in the constructor.

The trajectory (ray vectors or projection matrices) is, as in PYRO-NN, absent until a setter
gives it: the layers refuse a geometry without one rather than guess a default.
"""

import copy

import numpy as np

from ... import _errors

# The constructor arguments, in PYRO-NN's (and pyronn's) order.
_ARGUMENTS = ("volume_shape", "volume_spacing", "detector_shape", "detector_spacing", "number_of_projections",
              "angular_range", "source_detector_distance", "source_isocenter_distance")


def numbers(value, name, count):
    """``value`` as a float64 array of ``count`` numbers; errors name the parameter."""
    try:
        array = np.atleast_1d(np.asarray(value, dtype=np.float64))
    except (TypeError, ValueError):
        raise _errors.ArgumentTypeError(
            f"pyronn: invalid argument '{name}': must be a number or a sequence of numbers, got {value!r}",
            name) from None
    if array.ndim != 1 or array.size != count:
        raise _errors.InvalidArgumentError(
            f"pyronn: invalid argument '{name}': expected {count} number{'s' if count > 1 else ''}, "
            f"got shape {np.shape(value)}", name)
    return array


class GeometryBase:
    """The shared part of GeometryParallel2D, GeometryFan2D, GeometryParallel3D and GeometryCone3D.

    Subclasses set ``_pyronn_class`` (the pyronn geometry they front), ``_dims`` (2 or 3),
    ``_divergent`` (whether the source distances count), ``_trajectory_setter`` (the pyronn
    geometry's setter for the trajectory) and ``_trajectory_name`` (PYRO-NN's attribute for it).
    """

    np_dtype = np.float32  # PYRO-NN's dtype for every array it hands to its layers
    _pyronn_class = None
    _dims = None
    _trajectory_setter = None
    _trajectory_name = None  # PYRO-NN's attribute name for the trajectory
    _divergent = False  # whether the two source distances are used

    def __init__(self, volume_shape, volume_spacing, detector_shape, detector_spacing, number_of_projections,
                 angular_range, source_detector_distance, source_isocenter_distance):
        if self._pyronn_class is None:
            raise _errors.ArgumentTypeError(
                "pyronn: GeometryBase is abstract: use GeometryParallel2D, GeometryFan2D, GeometryParallel3D "
                "or GeometryCone3D", "geometry")
        given = dict(zip(_ARGUMENTS, (volume_shape, volume_spacing, detector_shape, detector_spacing,
                                      number_of_projections, angular_range, source_detector_distance,
                                      source_isocenter_distance)))
        self._values = {}
        self._volume_origin = None  # set explicitly by the caller, else pyronn's default
        self._detector_origin = None
        self._trajectory = None
        self._update(**given)

    # --- the pyronn geometry behind this one ------------------------------------------------
    def _update(self, **changes):
        """Check the changed constructor values by building the pyronn geometry they describe."""
        values = dict(self._values)
        for name, value in changes.items():
            values[name] = self._normalise(name, value)
        base = self._build(values, self._volume_origin, self._detector_origin)
        self._values, self._base = values, base

    def _normalise(self, name, value):
        """PYRO-NN's stored form of one constructor argument."""
        detector_count = 1 if self._dims == 2 else 2
        if name in ("volume_shape", "volume_spacing"):
            array = numbers(value, name, self._dims)
        elif name in ("detector_shape", "detector_spacing"):
            array = numbers(value, name, detector_count)
        elif name in ("source_detector_distance", "source_isocenter_distance") and not self._divergent:
            return None  # PYRO-NN's parallel geometries store None
        elif name == "angular_range" and value is None:
            return None  # PYRO-NN's short-scan example sets it after construction, from fan_angle
        else:
            numbers(value, name, 1)  # a single number; stored as given, as PYRO-NN did
            return value
        if name.endswith("spacing"):
            return array.astype(self.np_dtype)  # PYRO-NN: np.array(spacing, dtype=float32)
        return array

    def _build(self, values, volume_origin, detector_origin):
        v = values
        detector_shape = v["detector_shape"] if self._dims == 3 else v["detector_shape"][0]
        detector_spacing = v["detector_spacing"] if self._dims == 3 else v["detector_spacing"][0]
        # Until angular_range is given, the other values are checked with a full turn in its place;
        # a trajectory needs the real one (_with_trajectory).
        angular_range = 2 * np.pi if v["angular_range"] is None else v["angular_range"]
        arguments = [v["volume_shape"], v["volume_spacing"].astype(np.float64), detector_shape,
                     np.asarray(detector_spacing, dtype=np.float64), v["number_of_projections"], angular_range]
        if self._divergent:
            arguments += [v["source_detector_distance"], v["source_isocenter_distance"]]
        geometry = self._pyronn_class(*arguments)
        if volume_origin is not None:
            geometry.set_volume_origin(volume_origin)
        if detector_origin is not None:
            geometry.set_detector_origin(detector_origin if self._dims == 3 else detector_origin[0])
        return geometry

    def to_pyronn(self):
        """A pyronn geometry (pyronn.GeometryParallel2D, ...) with this geometry's values and
        trajectory, for pyronn's own operators; a copy, so changing it leaves this one alone."""
        if self._trajectory is None:
            raise _errors.InvalidArgumentError(
                f"pyronn: invalid argument 'geometry': this {type(self).__name__} has no trajectory yet: call "
                f"set_trajectory(...) (e.g. with helpers.trajectories.circular_trajectory)", "geometry")
        return self._with_trajectory(self._trajectory)

    def _with_trajectory(self, trajectory):
        if self._values["angular_range"] is None:
            raise _errors.InvalidArgumentError(
                "pyronn: invalid argument 'angular_range': is None; set geometry.angular_range before the "
                "trajectory (the backprojection's scale and the FBP weights need it)", "angular_range")
        geometry = copy.copy(self._base)  # pyronn's setters replace attributes, never mutate them
        getattr(geometry, self._trajectory_setter)(trajectory.astype(np.float64))
        return geometry

    # --- the trajectory ------------------------------------------------------------------------
    def set_trajectory(self, trajectory):
        """Set the trajectory: one entry per view (see the subclass), stored as float32 as in PYRO-NN."""
        name = self._trajectory_name
        try:
            array = np.array(trajectory, dtype=self.np_dtype)
        except (TypeError, ValueError):
            raise _errors.ArgumentTypeError(f"pyronn: invalid argument '{name}': must be an array of numbers",
                                            name) from None
        self._with_trajectory(array)  # checked by pyronn (shape, count, finite, ...) before it is kept
        self._trajectory = array

    def _get_trajectory(self):
        if self._trajectory is None:
            raise AttributeError(f"this {type(self).__name__} has no {self._trajectory_name} yet: call "
                                 f"set_trajectory(...)")
        return self._trajectory

    # --- PYRO-NN's attributes ------------------------------------------------------------------
    def _value_property(name, doc, as_type=None):  # noqa: N805 (a helper run in the class body)
        def get(self):
            value = self._values[name]
            return value if as_type is None else value.astype(as_type)  # shapes: checked integral by pyronn

        def set(self, value):
            self._update(**{name: value})

        return property(get, set, doc=doc)

    volume_shape = _value_property("volume_shape", "[Z,] Y, X voxels (integer array).", np.int64)
    volume_spacing = _value_property("volume_spacing", "[Z,] Y, X voxel size in mm (float32 array).")
    number_of_projections = _value_property("number_of_projections", "Number of views.")
    angular_range = _value_property("angular_range", "The scan's angular range in radians.")

    detector_shape = _value_property("detector_shape", "[U] (2D) or [V, U] (3D) detector pixels (integer array).",
                                     np.int64)
    detector_spacing = _value_property("detector_spacing", "[U] (2D) or [V, U] (3D) pixel size in mm (float32 array).")
    del _value_property

    @property
    def volume_origin(self):
        """World position (mm) of voxel 0's centre, [Z,] Y, X; default -(shape - 1) / 2 * spacing."""
        return np.array(self._base.volume_origin, dtype=np.float64)

    @volume_origin.setter
    def volume_origin(self, value):
        origin = numbers(value, "volume_origin", self._dims)
        self._base = self._build(self._values, origin, self._detector_origin)  # checked before it is kept
        self._volume_origin = origin

    @property
    def detector_origin(self):
        """Position (mm) of detector pixel 0's centre, [U] or [V, U]; default -(shape - 1) / 2 * spacing."""
        return np.atleast_1d(np.array(self._base.detector_origin, dtype=np.float64))

    @detector_origin.setter
    def detector_origin(self, value):
        origin = numbers(value, "detector_origin", 1 if self._dims == 2 else 2)
        self._base = self._build(self._values, self._volume_origin, origin)
        self._detector_origin = origin

    @property
    def sinogram_shape(self):
        """[number_of_projections, *detector_shape] (integer array)."""
        return np.array([self.number_of_projections, *self.detector_shape])

    @property
    def source_detector_distance(self):
        """Source to detector distance in mm (None for parallel beams)."""
        return self._values["source_detector_distance"]

    @source_detector_distance.setter
    def source_detector_distance(self, value):
        self._update(source_detector_distance=value)

    @property
    def source_isocenter_distance(self):
        """Source to rotation axis distance in mm (None for parallel beams)."""
        return self._values["source_isocenter_distance"]

    @source_isocenter_distance.setter
    def source_isocenter_distance(self, value):
        self._update(source_isocenter_distance=value)

    def _half_angle(self, axis):
        """PYRO-NN's fan / cone angle: to the centre of the outermost pixel (pyronn's own
        fan_angle reaches the pixel's outer edge)."""
        half_width = (self.detector_shape[axis] - 1) / 2.0 * self.detector_spacing[axis]
        return np.arctan(half_width / self.source_detector_distance)

    def __repr__(self):
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _ARGUMENTS if self._values[name] is not None)
        return f"{type(self).__name__}({shown})"
