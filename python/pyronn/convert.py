"""Conversions between pyronn's geometries and other toolboxes' descriptions.

The mathematics is the C++ headers' (include/pyronn/convert/astra.hpp, convert/tomosipo.hpp,
convert/skimage.hpp, geometry/vector_conversion.hpp); this module packs their numbers into the other toolboxes'
dictionaries. docs/conventions.md (sections 21, 22) draws the mappings.

- ``to_vector_geometry(g)`` / ``to_circular_geometry(g)``: the same scan view by view, and back
  (circular-like scans only, as FBP needs them).
- ``to_astra(g, type=None)`` -> ``(vol_geom, proj_geom)``: ASTRA's dictionaries (what
  ``astra.create_vol_geom`` / ``astra.create_proj_geom`` return) for 'parallel', 'fanflat',
  'parallel_vec', 'fanflat_vec', 'parallel3d', 'cone', 'parallel3d_vec' or 'cone_vec'.
  ``from_astra(vol_geom, proj_geom)`` is the inverse. ASTRA's 2D sinograms are pyronn's
  ([views][U]); its 3D projections are [V][views][U] (pyronn: [views][V][U]), and those of its
  'cone' geometry are pyronn's flipped along U (its detector is mirrored; the vector forms are not).
- ``to_tomosipo(g)`` / ``from_tomosipo(volume, projection)``: tomosipo's arguments
  (``ts.volume(**volume)``, ``ts.cone_vec(**projection)`` or ``ts.parallel_vec(**projection)``),
  ASTRA's 3D vector forms with every vector in (z, y, x) order.
- ``radon_geometry(size, theta)``: the GeometryParallel2D of ``skimage.transform.radon(image,
  theta)`` for a size x size image (circle=True); radon returns [bins][views], pyronn [views][bins].
"""

import numpy as np

from . import _core, _errors
from .geometry import (GeometryCone3D, GeometryCone3DVec, GeometryConeCylindrical3D, GeometryFan2D, GeometryFan2DVec,
                       GeometryFanArc2D, GeometryParallel2D, GeometryParallel2DVec, GeometryParallel3D,
                       GeometryParallel3DVec, _Geometry)

_CLASSES = {0: GeometryParallel2D, 1: GeometryFan2D, 2: GeometryParallel3D, 3: GeometryCone3D,
            4: GeometryParallel2DVec, 5: GeometryFan2DVec, 6: GeometryParallel3DVec, 7: GeometryCone3DVec,
            8: GeometryFanArc2D, 9: GeometryConeCylindrical3D}
# Constructor numbers after the kind (python/src/geometry_spec.hpp).
_CONSTRUCTOR = {0: 8, 1: 10, 2: 12, 3: 14, 4: 7, 5: 7, 6: 10, 7: 10, 8: 10, 9: 14}
_DEFAULT_TYPE = {0: "parallel", 1: "fanflat", 2: "parallel3d", 3: "cone",
                 4: "parallel_vec", 5: "fanflat_vec", 6: "parallel3d_vec", 7: "cone_vec"}
_TYPES_3D = ("parallel3d", "cone", "parallel3d_vec", "cone_vec")


def _check(geometry):
    if not isinstance(geometry, _Geometry):
        raise _errors.ArgumentTypeError(
            f"pyronn: invalid argument 'geometry': must be a pyronn geometry, got {type(geometry).__name__}",
            "geometry")


def _from_spec(spec):
    """The Python geometry of (params, vectors) that the C++ core built (already checked)."""
    params, vectors = spec
    kind = int(params[0])
    g = _CLASSES[kind].__new__(_CLASSES[kind])
    n = 1 + _CONSTRUCTOR[kind]
    g._constructor = tuple(float(p) for p in params[:n])
    g._origins = tuple(float(p) for p in params[n:])
    g._vectors = np.asarray(vectors, dtype=np.float64)
    return g


def to_vector_geometry(geometry):
    """The same scan as a vector geometry (bitwise the same views; vector geometries pass through)."""
    _check(geometry)
    return _from_spec(_core.to_vector_geometry(geometry.params, geometry.vectors))


def to_circular_geometry(geometry):
    """The circular geometry a circular-like vector geometry's scan is (refused, naming the view and
    the quantity, when it is not); circular geometries pass through."""
    _check(geometry)
    return _from_spec(_core.to_circular_geometry(geometry.params, geometry.vectors))


def to_astra(geometry, type=None):
    """(vol_geom, proj_geom): ASTRA's dictionaries for the geometry. ``type`` defaults to the
    geometry's own form; circular geometries also convert to the vector forms."""
    _check(geometry)
    kind = int(geometry.params[0])
    type = _DEFAULT_TYPE.get(kind, "fanflat" if kind == 8 else "cone") if type is None else str(type)
    volume, scalars, angles, rows = _core.to_astra(geometry.params, geometry.vectors, type)
    if type in _TYPES_3D:
        vol_geom = {"GridRowCount": int(volume[0]), "GridColCount": int(volume[1]), "GridSliceCount": int(volume[2]),
                    "option": {"WindowMinX": volume[3], "WindowMaxX": volume[4], "WindowMinY": volume[5],
                               "WindowMaxY": volume[6], "WindowMinZ": volume[7], "WindowMaxZ": volume[8]}}
    else:
        vol_geom = {"GridRowCount": int(volume[0]), "GridColCount": int(volume[1]),
                    "option": {"WindowMinX": volume[2], "WindowMaxX": volume[3], "WindowMinY": volume[4],
                               "WindowMaxY": volume[5]}}
    angles = np.asarray(angles, dtype=np.float64)
    if type in ("parallel", "fanflat"):
        proj = {"type": type, "DetectorWidth": scalars[0], "DetectorCount": int(scalars[1]), "ProjectionAngles": angles}
        if type == "fanflat":
            proj.update(DistanceOriginSource=scalars[2], DistanceOriginDetector=scalars[3])
    elif type in ("parallel_vec", "fanflat_vec"):
        proj = {"type": type, "DetectorCount": int(scalars[0]), "Vectors": np.asarray(rows).reshape(-1, 6)}
    elif type in ("parallel3d", "cone"):
        proj = {"type": type, "DetectorSpacingX": scalars[0], "DetectorSpacingY": scalars[1],
                "DetectorRowCount": int(scalars[2]), "DetectorColCount": int(scalars[3]), "ProjectionAngles": angles}
        if type == "cone":
            proj.update(DistanceOriginSource=scalars[4], DistanceOriginDetector=scalars[5])
    else:
        proj = {"type": type, "DetectorRowCount": int(scalars[0]), "DetectorColCount": int(scalars[1]),
                "Vectors": np.asarray(rows).reshape(-1, 12)}
    return vol_geom, proj


def _field(d, key, where):
    try:
        return d[key]
    except (KeyError, TypeError):
        raise _errors.InvalidArgumentError(f"pyronn: invalid argument '{where}': has no '{key}'", where) from None


def from_astra(vol_geom, proj_geom):
    """The pyronn geometry of ASTRA's vol_geom and proj_geom dictionaries."""
    type = str(_field(proj_geom, "type", "proj_geom"))
    option = _field(vol_geom, "option", "vol_geom")
    volume = [_field(vol_geom, "GridRowCount", "vol_geom"), _field(vol_geom, "GridColCount", "vol_geom")]
    if type in _TYPES_3D:
        volume.append(_field(vol_geom, "GridSliceCount", "vol_geom"))
    axes = "XYZ" if type in _TYPES_3D else "XY"
    for a in axes:
        volume += [_field(option, f"WindowMin{a}", "vol_geom"), _field(option, f"WindowMax{a}", "vol_geom")]
    f = lambda key: float(_field(proj_geom, key, "proj_geom"))  # noqa: E731
    angles, rows = [], []
    if type in ("parallel", "fanflat"):
        scalars = [f("DetectorWidth"), f("DetectorCount")]
        if type == "fanflat":
            scalars += [f("DistanceOriginSource"), f("DistanceOriginDetector")]
        angles = np.asarray(_field(proj_geom, "ProjectionAngles", "proj_geom"), dtype=np.float64).ravel().tolist()
    elif type in ("parallel3d", "cone"):
        scalars = [f("DetectorSpacingX"), f("DetectorSpacingY"), f("DetectorRowCount"), f("DetectorColCount")]
        if type == "cone":
            scalars += [f("DistanceOriginSource"), f("DistanceOriginDetector")]
        angles = np.asarray(_field(proj_geom, "ProjectionAngles", "proj_geom"), dtype=np.float64).ravel().tolist()
    elif type in ("parallel_vec", "fanflat_vec"):
        scalars = [f("DetectorCount")]
        rows = np.asarray(_field(proj_geom, "Vectors", "proj_geom"), dtype=np.float64).ravel().tolist()
    else:
        scalars = [f("DetectorRowCount"), f("DetectorColCount")]
        rows = np.asarray(_field(proj_geom, "Vectors", "proj_geom"), dtype=np.float64).ravel().tolist()
    return _from_spec(_core.from_astra(type, [float(v) for v in volume], scalars, angles, rows))


def to_tomosipo(geometry):
    """(volume, projection): keyword arguments of ``ts.volume`` and of ``ts.cone_vec`` (cone beams)
    or ``ts.parallel_vec`` (parallel 3D), every vector in tomosipo's (z, y, x) order. 3D only
    (include/pyronn/convert/tomosipo.hpp)."""
    _check(geometry)
    volume, cone, shape, first, det_pos, det_v, det_u = _core.to_tomosipo(geometry.params, geometry.vectors)
    rows = lambda v: np.asarray(v, dtype=np.float64).reshape(-1, 3)  # noqa: E731
    vol = {"shape": tuple(int(n) for n in volume[:3]), "pos": tuple(volume[3:6]), "size": tuple(volume[6:9])}
    projection = {"shape": tuple(int(n) for n in shape), ("src_pos" if cone else "ray_dir"): rows(first),
                  "det_pos": rows(det_pos), "det_v": rows(det_v), "det_u": rows(det_u)}
    return vol, projection


def from_tomosipo(volume, projection):
    """The pyronn vector geometry of tomosipo's ``ts.volume`` and ``ts.cone_vec`` /
    ``ts.parallel_vec`` arguments (as to_tomosipo returns them; (z, y, x) order)."""
    flat = lambda v: np.asarray(v, dtype=np.float64).ravel().tolist()  # noqa: E731
    numbers = (flat(_field(volume, "shape", "volume")) + flat(_field(volume, "pos", "volume"))
               + flat(_field(volume, "size", "volume")))
    cone = "src_pos" in projection
    first = _field(projection, "src_pos" if cone else "ray_dir", "projection")
    return _from_spec(_core.from_tomosipo(cone, numbers, flat(_field(projection, "shape", "projection")), flat(first),
                                          flat(_field(projection, "det_pos", "projection")),
                                          flat(_field(projection, "det_v", "projection")),
                                          flat(_field(projection, "det_u", "projection"))))


def radon_geometry(size, theta=None):
    """The GeometryParallel2D of ``skimage.transform.radon(image, theta)`` (degrees; default
    ``arange(180)``) for a size x size image: pixels 1 apart, rotation about pixel size // 2.
    pyronn's sinogram is radon's transpose."""
    theta = np.arange(180.0) if theta is None else np.asarray(theta, dtype=np.float64).ravel()
    return _from_spec(_core.radon_geometry(int(size), theta.tolist()))


__all__ = ["to_vector_geometry", "to_circular_geometry", "to_astra", "from_astra", "to_tomosipo", "from_tomosipo",
           "radon_geometry"]
