"""`python -m benchmarks [--only NAME,...] [--quick]`: what `make bench` runs."""

import sys

from benchmarks.runner import main

sys.exit(main())
