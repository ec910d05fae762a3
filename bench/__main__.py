"""`python -m bench`: the side-by-side benchmark (bench/harness.py)."""

import sys

from bench.harness import main

sys.exit(main(sys.argv[1:]))
