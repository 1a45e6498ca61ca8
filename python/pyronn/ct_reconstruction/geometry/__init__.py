"""PYRO-NN's geometry classes: GeometryParallel2D, GeometryFan2D, GeometryParallel3D, GeometryCone3D,
each a front for the pyronn geometry of the same name (pyronn.geometry)."""
