"""`python -m generator` runs the same command line as `derivquiz`."""

from generator.cli import main

main()
