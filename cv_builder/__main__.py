"""`python -m cv_builder` runs the command-line tool."""

from .entry import run

run()
