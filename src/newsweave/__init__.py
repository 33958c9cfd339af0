"""newsweave: many news reports in, one verified story out."""

__version__ = "0.1.0"
