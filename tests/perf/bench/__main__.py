import sys

from tests.perf.bench.harness import main

sys.exit(main())
