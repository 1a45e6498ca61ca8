"""PYRO-NN 0.1.0's module tree (``pyronn.ct_reconstruction``) on pyronn's operators.

Scripts written for PYRO-NN 0.1.0 import from here unchanged: ``geometry`` (the four geometry
classes), ``helpers`` (trajectories, phantoms, filters, weights, generate_sinogram/generate_reco)
and ``layers`` (the TensorFlow layers, with exact gradients). Importing this package, ``geometry``
or ``helpers.trajectories`` needs NumPy only; ``layers`` and ``helpers.misc`` import TensorFlow.
docs/pyronn_compat.md lists what differs from PYRO-NN.
"""
