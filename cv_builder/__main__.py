"""`python -m cv_builder` runs the command-line tool."""

from .cli.entry import run

run()
