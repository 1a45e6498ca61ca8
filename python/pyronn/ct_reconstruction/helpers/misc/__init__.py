"""PYRO-NN's generate_sinogram and generate_reco helpers (they import TensorFlow)."""
