"""Entry script for the frozen Elkaar bundle (PyInstaller): the same ``elkaar`` command
as from source (window without arguments, CLI with a subcommand)."""

import sys

from desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
