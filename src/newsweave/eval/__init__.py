"""Evaluation: scorers, dataset loaders, and the floors that gate CI."""
