"""PYRO-NN's helpers: trajectories, phantoms, filters and weights, generate_sinogram/generate_reco."""
