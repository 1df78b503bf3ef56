"""`make bench` (`python -m tests.perf.bench`): the benchmark harness and its synthetic data.

Not tests: no module here is named test_*, so pytest does not collect them. `harness` drives the
server with wrk, `database` builds the benchmark database, `prepare` runs the steps that need
Django, and `generate` holds the data generators.
"""
