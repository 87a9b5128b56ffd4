"""Why no test may run the database engine in a thread that ends before the process does.

SQLAlchemy's async engine runs every driver call in a greenlet. When a thread that ran greenlets
ends, greenlet destroys that thread's state later, from a pending call that the *main* thread
runs at an arbitrary point of whatever it is doing. Freeing the dead thread's greenlets fires
their weakref callbacks there (coverage keeps one per greenlet when it measures), and an
exception raised inside them, such as pytest-timeout's signal-method timeout, is printed as
"Exception ignored" and dropped. The test command once hung for good that way: the timeout fired
inside the cleanup and was lost. `tests/support/http_client.py` therefore runs apps in the
test's own event loop, and migrations run on the main thread.

The first test is the reduced reproduction of that loss, run in a process of its own; the
second checks that the HTTP client the tests use starts no thread at all.
"""

from __future__ import annotations

import subprocess
import sys
import threading

from litestar import Litestar, get

from tests.support.http_client import http_client

_REPRODUCTION = """
import asyncio, signal, threading, time, weakref
import greenlet

class Timeout(Exception):
    pass

def on_alarm(signum, frame):  # what pytest-timeout's signal method does
    raise Timeout()

def freed(ref):  # a weakref callback on the dead thread's greenlet: runs in the main thread
    print("callback in", threading.current_thread().name, flush=True)
    end = time.monotonic() + 1.5
    while time.monotonic() < end:
        pass

refs = []

def short_lived_thread():
    refs.append(weakref.ref(greenlet.getcurrent(), freed))
    async def work():
        greenlet.greenlet(lambda: None).switch()  # as sqlalchemy.util.greenlet_spawn does
    asyncio.run(work())

signal.signal(signal.SIGALRM, on_alarm)
signal.setitimer(signal.ITIMER_REAL, 0.5)
try:
    thread = threading.Thread(target=short_lived_thread)
    thread.start()
    thread.join()
    time.sleep(0.001)
    total = sum(range(3_000_000))
    print("the test went on: its timeout was lost", flush=True)
except Timeout:
    print("the test was interrupted", flush=True)
"""


def test_a_timeout_raised_during_a_dead_threads_greenlet_cleanup_is_lost() -> None:
    ran = subprocess.run(
        [sys.executable, "-c", _REPRODUCTION],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    assert "callback in MainThread" in ran.stdout
    assert "the test went on: its timeout was lost" in ran.stdout
    assert "Timeout" in ran.stderr  # "Exception ignored in: <function freed ...>"


async def test_the_test_client_serves_in_the_callers_thread_and_starts_none() -> None:
    @get("/thread", sync_to_thread=False)
    def thread_name() -> str:
        return threading.current_thread().name

    before = set(threading.enumerate())
    # No logging config: Litestar's default starts a queue-listener thread of its own.
    async with http_client(Litestar([thread_name], logging_config=None)) as client:
        served_by = (await client.get("/thread")).text
        started = set(threading.enumerate()) - before

    assert served_by == threading.current_thread().name
    assert started == set()
