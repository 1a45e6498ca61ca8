"""The geometries, mirroring include/pyronn/geometry/ with Python names: the four circular ones
and the four vector geometries (any per-view source or ray direction, detector centre and axes).

A geometry is kept as plain numbers (``params``) and the per-view vectors its setters were given
(``vectors``), the form in which it crosses into the operators so that PyTorch and JAX can trace
it; the compiled core rebuilds the C++ geometry from them by the same constructor and setter
calls (python/src/geometry_spec.hpp has the layout). Every constructor and setter is checked by
building that C++ geometry, so bad values raise pyronn.InvalidArgumentError naming the parameter.
"""

import numpy as np

from . import _core, _errors

_KINDS = {"parallel_2d": 0, "fan_2d": 1, "parallel_3d": 2, "cone_3d": 3,
          "parallel_2d_vec": 4, "fan_2d_vec": 5, "parallel_3d_vec": 6, "cone_3d_vec": 7,
          "fan_arc_2d": 8, "cone_cylindrical_3d": 9}


class _Geometry:
    _kind = None  # a key of _KINDS
    _dims = None  # 2 or 3

    def __init__(self, *constructor):
        numbers = [float(_KINDS[self._kind])]
        for value in constructor:
            numbers.extend(float(v) for v in np.atleast_1d(value))
        full = _core.geometry_params(numbers)
        self._constructor = tuple(full[: len(numbers)])
        self._origins = tuple(full[len(numbers):])
        self._vectors = np.empty(0)

    # --- the plain-number form the operators take ---------------------------------------------
    @property
    def params(self):
        """[kind, constructor arguments..., origins...] as a list of floats."""
        return list(self._constructor + self._origins)

    @property
    def vectors(self):
        """The per-view vectors given to the setter, flattened (empty: the circular default)."""
        return self._vectors.tolist()

    def _set(self, origins=None, vectors=None):
        origins = self._origins if origins is None else tuple(float(o) for o in origins)
        vectors = self._vectors if vectors is None else vectors
        _core.check_geometry(list(self._constructor + origins), vectors)
        self._origins, self._vectors = origins, vectors

    def _number(self, i):
        return self._constructor[1 + i]

    def _integers(self, first, count):
        return tuple(int(self._number(first + k)) for k in range(count))

    def _numbers(self, first, count):
        return tuple(self._number(first + k) for k in range(count))

    # --- shapes -------------------------------------------------------------------------------
    @property
    def volume_shape(self):
        return self._integers(0, self._dims)

    @property
    def volume_spacing(self):
        return self._numbers(self._dims, self._dims)

    @property
    def volume_origin(self):
        return self._origins[: self._dims]

    @property
    def number_of_projections(self):
        return int(self._number(self._views_index()))

    @property
    def angular_range(self):
        return self._number(self._views_index() + 1)

    @property
    def angular_increment(self):
        return abs(self.angular_range) / self.number_of_projections

    @property
    def sinogram_shape(self):
        """The trailing shape of the projections: [views][U] (2D) or [views][V][U] (3D)."""
        return (self.number_of_projections,) + _as_tuple(self.detector_shape)

    def set_volume_origin(self, origin):
        """The world position (mm) of voxel 0, in [Z,] Y, X order."""
        origin = tuple(np.atleast_1d(np.asarray(origin, dtype=np.float64)))
        if len(origin) != self._dims:
            raise _errors.InvalidArgumentError(
                f"pyronn: invalid argument 'volume_origin': expected {self._dims} numbers, got {len(origin)}",
                "volume_origin")
        self._set(origins=origin + self._origins[self._dims:])

    def _per_view(self):
        return _core.per_view_vectors(self.params, self._vectors)

    def __repr__(self):
        return f"{type(self).__name__}(params={self.params})"


def _as_tuple(x):
    return x if isinstance(x, tuple) else (x,)


class _Geometry2D(_Geometry):
    _dims = 2

    def __init__(self, volume_shape, volume_spacing, detector_shape, detector_spacing, number_of_projections,
                 angular_range, *distances):
        super().__init__(_pair(volume_shape, "volume_shape"), _pair(volume_spacing, "volume_spacing"),
                         detector_shape, detector_spacing, number_of_projections, angular_range, *distances)

    def _views_index(self):
        return 6

    @property
    def detector_shape(self):
        return int(self._number(4))

    @property
    def detector_spacing(self):
        return self._number(5)

    @property
    def detector_origin(self):
        return self._origins[2]

    def set_detector_origin(self, origin):
        """The detector position (mm) of bin 0 along the detector axis."""
        self._set(origins=self._origins[:2] + (float(origin),))

    @property
    def central_ray_vectors(self):
        """[views][2] unit vectors (x, y) along each view's central ray."""
        return self._per_view()

    def set_central_ray_vectors(self, rays):
        """Any 2D trajectory: one central-ray vector (x, y) per view; normalised by pyronn."""
        self._set(vectors=_per_view_array(rays, (2,), "central_ray_vectors"))


class _Geometry3D(_Geometry):
    _dims = 3

    def __init__(self, volume_shape, volume_spacing, detector_shape, detector_spacing, number_of_projections,
                 angular_range, *distances):
        super().__init__(_triple(volume_shape, "volume_shape"), _triple(volume_spacing, "volume_spacing"),
                         _pair(detector_shape, "detector_shape"), _pair(detector_spacing, "detector_spacing"),
                         number_of_projections, angular_range, *distances)

    def _views_index(self):
        return 10

    @property
    def detector_shape(self):
        return self._integers(6, 2)

    @property
    def detector_spacing(self):
        return self._numbers(8, 2)

    @property
    def detector_origin(self):
        return self._origins[3:]

    def set_detector_origin(self, origin):
        """The detector position (mm) of pixel (0, 0), in V, U order."""
        origin = tuple(float(o) for o in np.atleast_1d(origin))
        if len(origin) != 2:
            raise _errors.InvalidArgumentError(
                f"pyronn: invalid argument 'detector_origin': expected 2 numbers, got {len(origin)}",
                "detector_origin")
        self._set(origins=self._origins[:3] + origin)


class GeometryParallel2D(_Geometry2D):
    """Parallel beam in 2D: GeometryParallel2D(volume_shape [Y, X], volume_spacing, detector_shape,
    detector_spacing, number_of_projections, angular_range)."""

    _kind = "parallel_2d"


class _SourceDistances:
    """What the divergent beams add: the two source distances (the params entries from
    _distances on) and the fan angle."""

    @property
    def source_detector_distance(self):
        return self._number(self._distances)

    @property
    def source_isocenter_distance(self):
        return self._number(self._distances + 1)

    @property
    def fan_angle(self):
        return _core.fan_angle(self.params, self._vectors)


class GeometryFan2D(_SourceDistances, _Geometry2D):
    """Fan beam on a flat detector: the parallel arguments, then source_detector_distance and
    source_isocenter_distance (mm)."""

    _kind = "fan_2d"
    _distances = 8

    def __init__(self, volume_shape, volume_spacing, detector_shape, detector_spacing, number_of_projections,
                 angular_range, source_detector_distance, source_isocenter_distance):
        super().__init__(volume_shape, volume_spacing, detector_shape, detector_spacing, number_of_projections,
                         angular_range, source_detector_distance, source_isocenter_distance)


class GeometryParallel3D(_Geometry3D):
    """Parallel beam in 3D: GeometryParallel3D(volume_shape [Z, Y, X], volume_spacing,
    detector_shape [V, U], detector_spacing, number_of_projections, angular_range)."""

    _kind = "parallel_3d"

    @property
    def ray_vectors(self):
        """[views][3] unit ray directions (x, y, z)."""
        return self._per_view()

    def set_ray_vectors(self, rays):
        """Any parallel trajectory: one ray direction (x, y, z) per view, not along z."""
        self._set(vectors=_per_view_array(rays, (3,), "ray_vectors"))


class GeometryCone3D(_SourceDistances, _Geometry3D):
    """Cone beam on a flat detector: the parallel 3D arguments, then source_detector_distance and
    source_isocenter_distance (mm). Any trajectory through set_projection_matrices."""

    _kind = "cone_3d"
    _distances = 12

    def __init__(self, volume_shape, volume_spacing, detector_shape, detector_spacing, number_of_projections,
                 angular_range, source_detector_distance, source_isocenter_distance):
        super().__init__(volume_shape, volume_spacing, detector_shape, detector_spacing, number_of_projections,
                         angular_range, source_detector_distance, source_isocenter_distance)

    @property
    def projection_matrices(self):
        """[views][3][4]: the caller's matrices if set, else the circular trajectory's."""
        return self._per_view()

    def set_projection_matrices(self, matrices):
        """One 3 x 4 matrix per view, mapping world mm to pixel indices (w > 0 in front)."""
        self._set(vectors=_per_view_array(matrices, (3, 4), "projection_matrices"))


class GeometryFanArc2D(_SourceDistances, _Geometry2D):
    """Fan beam on an equiangular (arc) detector, its bins at equal angles on a circle of radius
    source_detector_distance about the source: GeometryFan2D's arguments, with detector_spacing
    and detector_origin measured along the arc (mm). docs/conventions.md section 23."""

    _kind = "fan_arc_2d"
    _distances = 8

    def __init__(self, volume_shape, volume_spacing, detector_shape, detector_spacing, number_of_projections,
                 angular_range, source_detector_distance, source_isocenter_distance):
        super().__init__(volume_shape, volume_spacing, detector_shape, detector_spacing, number_of_projections,
                         angular_range, source_detector_distance, source_isocenter_distance)

    @property
    def angular_spacing(self):
        """The angle (rad) between neighbouring bins, seen from the source."""
        return self.detector_spacing / self.source_detector_distance


class GeometryConeCylindrical3D(_SourceDistances, _Geometry3D):
    """Cone beam on a cylindrical detector whose axis runs through the source along z (columns at
    equal angles about it, rows along it): GeometryCone3D's arguments, with detector_spacing[1]
    and detector_origin[1] measured along the arc (mm). Circular scans only."""

    _kind = "cone_cylindrical_3d"
    _distances = 12

    def __init__(self, volume_shape, volume_spacing, detector_shape, detector_spacing, number_of_projections,
                 angular_range, source_detector_distance, source_isocenter_distance):
        super().__init__(volume_shape, volume_spacing, detector_shape, detector_spacing, number_of_projections,
                         angular_range, source_detector_distance, source_isocenter_distance)

    @property
    def angular_spacing(self):
        """The angle (rad) between neighbouring columns, seen from the source."""
        return self.detector_spacing[1] / self.source_detector_distance

    @property
    def source_positions(self):
        """[views][3] the source positions (x, y, z) of the circular scan."""
        return self._per_view()


class _VectorGeometry(_Geometry):
    """A geometry given view by view (include/pyronn/geometry/vector_2d.hpp, vector_3d.hpp).

    ``vectors`` is a [views][6] (2D) or [views][12] (3D) array in pyronn's world frame (mm): per
    view the ray direction (parallel) or the source (fan, cone), the detector's centre (the middle
    of its bins), and its u (and v) axis: the vector from one bin or pixel centre to the next,
    spacing included. ``angular_increment`` (rad, the angle each view stands for in
    backproject_fbp and FBP) defaults to the mean angle between consecutive views.
    """

    _row = None  # 6 or 12 numbers per view

    def __init__(self, volume_shape, volume_spacing, detector_shape, vectors, angular_increment=None):
        fixed = _pair if self._dims == 2 else _triple
        rows = _per_view_array(vectors, (self._row,), "vectors")
        detector = (int(detector_shape),) if self._dims == 2 else _pair(detector_shape, "detector_shape")
        numbers = [float(_KINDS[self._kind])]
        numbers += [float(v) for v in fixed(volume_shape, "volume_shape") + fixed(volume_spacing, "volume_spacing")]
        numbers += [float(v) for v in detector]
        numbers += [float(len(rows) // self._row), 0.0 if angular_increment is None else float(angular_increment)]
        # The C++ geometry resolves the default increment and origin, and checks every view.
        full, _ = _core.to_vector_geometry(_core.geometry_params(numbers, rows), rows)
        self._constructor = tuple(full[: len(numbers)])
        self._origins = tuple(full[len(numbers):])
        self._vectors = rows

    def _views_index(self):
        return 5 if self._dims == 2 else 8

    @property
    def detector_shape(self):
        return int(self._number(4)) if self._dims == 2 else self._integers(6, 2)

    @property
    def angular_increment(self):
        return self._number(self._views_index() + 1)

    @property
    def angular_range(self):
        return self.angular_increment * self.number_of_projections

    @property
    def views(self):
        """[views][6] or [views][12]: the per-view vectors as given."""
        return self._vectors.reshape(-1, self._row).copy()

    def set_vectors(self, vectors):
        """New views, as many as before (the sinogram's shape is fixed); the angular increment stays."""
        rows = _per_view_array(vectors, (self._row,), "vectors")
        self._set(vectors=rows)


class GeometryParallel2DVec(_VectorGeometry):
    """Parallel beam in 2D, view by view: rows (ray_x, ray_y, det_x, det_y, u_x, u_y)."""

    _kind, _dims, _row = "parallel_2d_vec", 2, 6


class GeometryFan2DVec(_VectorGeometry):
    """Fan beam on a flat detector, view by view: rows (src_x, src_y, det_x, det_y, u_x, u_y)."""

    _kind, _dims, _row = "fan_2d_vec", 2, 6


class GeometryParallel3DVec(_VectorGeometry):
    """Parallel beam in 3D, view by view: rows (ray, det, u, v), each (x, y, z); detector_shape [V, U]."""

    _kind, _dims, _row = "parallel_3d_vec", 3, 12


class GeometryCone3DVec(_VectorGeometry):
    """Cone beam on a flat detector, view by view: rows (src, det, u, v), each (x, y, z); detector_shape [V, U]."""

    _kind, _dims, _row = "cone_3d_vec", 3, 12


def circular_trajectory_3d(geometry):
    """The [views][3][4] projection matrices of a circular scan of ``geometry`` (a GeometryCone3D)."""
    _require_cone(geometry)
    return _core.circular_trajectory_3d(geometry.params, [])


def helical_trajectory_3d(geometry, pitch_per_turn, start_z=0.0):
    """The projection matrices of a helix: the source rises ``pitch_per_turn`` mm per turn."""
    _require_cone(geometry)
    return _core.helical_trajectory_3d(geometry.params, [], float(pitch_per_turn), float(start_z))


def _require_cone(geometry):
    if not isinstance(geometry, GeometryCone3D):
        raise _errors.ArgumentTypeError("pyronn: invalid argument 'geometry': must be a GeometryCone3D", "geometry")


def _per_view_array(values, trailing, name):
    array = np.asarray(values, dtype=np.float64)
    if array.ndim != 1 + len(trailing) or array.shape[1:] != trailing:
        raise _errors.InvalidArgumentError(
            f"pyronn: invalid argument '{name}': must have shape (views, {', '.join(map(str, trailing))}), "
            f"got {array.shape}", name)
    return np.ascontiguousarray(array).ravel()


def _fixed(values, count, name):
    values = tuple(np.atleast_1d(values).tolist())
    if len(values) != count:
        raise _errors.InvalidArgumentError(
            f"pyronn: invalid argument '{name}': expected {count} numbers, got {len(values)}", name)
    return values


def _pair(values, name):
    return _fixed(values, 2, name)


def _triple(values, name):
    return _fixed(values, 3, name)

