"""A flooder for the load tests: one client asking for a new URL on every request over many connections.

    python -m tests.perf.flood --port 8000 --connections 32 --seconds 20 --forwarded-for 203.0.113.66 \
        --path '/schools/results/?education=high_school&flood={n}'

Each connection sends a request, reads the whole answer (the app server closes the connection after it, as
gunicorn's sync workers do) and sends the next at once, so the flood is as fast as the server answers. `{n}` in
the path becomes a number no request used before. Prints one JSON line: requests, duration, statuses (200, 429,
other), socket errors, and latency p50/p99 in ms. Loopback only; asyncio in a process of its own, so it does not
take the interpreter from the test that measures a reader beside it.
"""

import argparse
import asyncio
import itertools
import json
import sys
import time


async def one_connection(args, numbers, deadline, result, latencies):
    while time.monotonic() < deadline:
        path = args.path.replace("{n}", str(next(numbers)))
        request = (
            f"GET {path} HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: br, gzip\r\n"
            f"X-Forwarded-For: {args.forwarded_for}\r\nConnection: close\r\n\r\n"
        ).encode()
        started = time.monotonic()
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection("127.0.0.1", args.port), args.timeout
            )
            writer.write(request)
            answer = await asyncio.wait_for(reader.read(), args.timeout)
            writer.close()
        except (TimeoutError, OSError):
            result["socket_errors"] += 1
            continue
        latencies.append((time.monotonic() - started) * 1000)
        status = answer[9:12]
        key = {b"200": "ok", b"429": "limited"}.get(status, "other")
        result[key] += 1


async def flood(args) -> dict:
    result = {"ok": 0, "limited": 0, "other": 0, "socket_errors": 0}
    latencies: list[float] = []
    numbers = itertools.count()
    started = time.monotonic()
    deadline = started + args.seconds
    await asyncio.gather(
        *(
            one_connection(args, numbers, deadline, result, latencies)
            for _ in range(args.connections)
        )
    )
    duration = time.monotonic() - started
    latencies.sort()

    def percentile(share):
        if not latencies:
            return 0.0
        return round(latencies[min(len(latencies) - 1, int(len(latencies) * share))], 1)

    requests = result["ok"] + result["limited"] + result["other"]
    return {
        "requests": requests,
        "duration_s": round(duration, 2),
        **result,
        "p50_ms": percentile(0.50),
        "p99_ms": percentile(0.99),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", required=True)
    parser.add_argument("--forwarded-for", required=True)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--timeout", type=float, default=5)
    sys.stdout.write(json.dumps(asyncio.run(flood(parser.parse_args()))) + "\n")


if __name__ == "__main__":
    main()
