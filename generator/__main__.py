"""`python -m generator`: the command line."""

from generator.cli import run

run()
