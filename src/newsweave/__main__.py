"""``python -m newsweave`` runs the command line."""

from newsweave.cli.app import main

main()
