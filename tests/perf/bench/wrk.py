"""wrk for `make bench`: one page type for a bounded time, with a browser's Accept-Encoding.

A Lua script rotates through the page type's paths and, for "every URL new" rows, appends
`bench=<thread>-<n>` so each request misses the page cache; it prints one JSON line with
requests, latency percentiles and errors (socket errors and non-2xx/3xx answers).
"""

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass

ACCEPT_ENCODING = "br, gzip"

LUA = r"""
local paths = {%(paths)s}
local bust = %(bust)s
local counter = 0
local threads = {}
local id = 0

function setup(thread)
  id = id + 1
  thread:set("tid", id)
  table.insert(threads, thread)
end

function init(args)
  tid = tid or 0
end

function request()
  counter = counter + 1
  local path = paths[(counter %% #paths) + 1]
  if bust then
    local sep = string.find(path, "?", 1, true) and "&" or "?"
    path = path .. sep .. "bench=" .. tid .. "-" .. counter
  end
  return wrk.format(nil, path)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\nRESULT {"requests": %%d, "duration_us": %%d, "bytes": %%d, "p50_us": %%d, "p99_us": %%d, '
    .. '"errors": %%d, "status_errors": %%d}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""


@dataclass
class Target:
    name: str
    paths: list[str]
    bust: bool = False
    # The page type whose in-process render time (page cache off) the row shows.
    page: str = ""


@dataclass
class Result:
    target: Target
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int


def run_wrk(base: str, target: Target, *, duration: int, connections: int) -> Result:
    paths = ", ".join(json.dumps(path) for path in target.paths)
    script = LUA % {"paths": paths, "bust": "true" if target.bust else "false"}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        command = [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "5s",
            "-H",
            f"Accept-Encoding: {ACCEPT_ENCODING}",
            "-s",
            handle.name,
            base,
        ]
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(handle.name)
    data = json.loads(out.split("RESULT ", 1)[1].splitlines()[0])
    return Result(
        target=target,
        rps=data["requests"] / (data["duration_us"] / 1e6),
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        errors=data["errors"] + data["status_errors"],
        requests=data["requests"],
    )
