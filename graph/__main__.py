"""`python -m graph ...` runs the plankg command line."""

from .cli import main

main()
