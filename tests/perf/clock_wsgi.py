"""careersite's WSGI application on a clock a test sets: for gunicorn instances that must see time pass.

Before each request the worker reads CAREERSITE_TEST_CLOCK_FILE: empty or missing, the real clock; an epoch
time, the process's clock stands at that time (time-machine) until the file changes. A test then proves what
happens "once the time has come" by moving the clock, never by sleeping until it and hoping no request ran late.
"""

import os
from pathlib import Path

import time_machine

from careersite.wsgi import application as site_application

CLOCK_FILE = Path(os.environ["CAREERSITE_TEST_CLOCK_FILE"])
_clock = {"at": None, "travel": None}


def _follow_the_clock_file() -> None:
    try:
        text = CLOCK_FILE.read_text().strip()
    except FileNotFoundError:
        text = ""
    at = float(text) if text else None
    if at == _clock["at"]:
        return
    if _clock["travel"] is not None:
        _clock["travel"].stop()
        _clock["travel"] = None
    if at is not None:
        _clock["travel"] = time_machine.travel(at, tick=False)
        _clock["travel"].start()
    _clock["at"] = at


def application(environ, start_response):
    _follow_the_clock_file()
    return site_application(environ, start_response)
