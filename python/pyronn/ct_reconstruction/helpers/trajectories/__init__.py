"""PYRO-NN's trajectory generators (circular_trajectory)."""
