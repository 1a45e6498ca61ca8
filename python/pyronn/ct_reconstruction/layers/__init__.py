"""PYRO-NN's TensorFlow layers on pyronn's operators: projection_2d, backprojection_2d,
projection_3d, backprojection_3d (functions, as in PYRO-NN) and keras_layers (Keras Layer classes).

Each module imports TensorFlow; this package itself does not, so that ``import pyronn`` and the
geometry classes work with NumPy alone.
"""
