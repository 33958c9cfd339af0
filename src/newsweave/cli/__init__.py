"""The ``newsweave`` command: thin typer wrappers over :mod:`newsweave.workspace`."""
