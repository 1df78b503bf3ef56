"""`make bench` (`python -m tests.perf.bench`): the benchmark harness and its synthetic data.

Not tests: no module here is named test_*, so pytest does not collect them. `harness` drives the
server with wrk (`wrk` holds the Lua script and its runner), `render` times each page type
in-process with the page cache off, `database` builds the benchmark database, `prepare` runs the
steps that need Django, and `generate` holds the data generators.
"""
