"""Shared fixtures for the generated-module round-trip tests.

The Go test (gen/python/roundtrip_test.go) generates each module into a
temporary directory next to these files, builds the C implementation as
lib<name>.so and sets <NAME>_LIBRARY; every test then checks that the C
library's live-allocation counter is back to zero.
"""

from __future__ import annotations

import ctypes
import gc
import importlib
import os
import threading
import time
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import pytest


def _live(mod: ModuleType) -> int:
    lib = mod._lib or mod.load()
    name = mod.__name__ + "_live_allocations"
    f = getattr(lib, name)
    f.argtypes = []
    f.restype = ctypes.c_int64
    return int(f())


def _module(name: str) -> ModuleType:
    if not os.environ.get(name.upper() + "_LIBRARY"):
        pytest.fail(f"{name.upper()}_LIBRARY is not set: run these tests through go test ./gen/python/")
    return importlib.import_module(name)


@pytest.fixture
def calc() -> Iterator[ModuleType]:
    mod = _module("calc")
    gc.collect()
    before = _live(mod)
    yield mod
    gc.collect()
    assert _live(mod) == before == 0, "live allocations after the test"


@pytest.fixture
def conf() -> Iterator[ModuleType]:
    mod = _module("conformance")
    gc.collect()
    before = _live(mod)
    yield mod
    gc.collect()
    assert _live(mod) == before == 0, "live allocations after the test"


@pytest.fixture
def pybench() -> Iterator[ModuleType]:
    mod = _module("pybench")
    gc.collect()
    before = _live(mod)
    yield mod
    gc.collect()
    assert _live(mod) == before == 0, "live allocations after the test"


class InFlight:
    """Watches one native handle for a destroy while a call still uses it.

    The native functions named in calls are replaced (for the test) by
    wrappers that count the calls passing the handle as in flight and sleep
    briefly before the real call: the GIL is released then, as during the
    native call itself, so close() on another thread lands inside calls.
    The replaced destroy function records a violation when it destroys the
    handle while a call is in flight; a call that finds its handle already
    destroyed records one too and skips the real call, so that the test
    fails cleanly instead of touching freed memory.
    (A skipped call returns 0.)
    """

    def __init__(self, mod: ModuleType, handle: int, calls: list[str], destroy: str) -> None:
        self.mp = mp = pytest.MonkeyPatch()
        self.handle = handle
        self.lock = threading.Lock()
        self.busy = 0
        self.calls = 0
        self.destroyed = 0
        self.violations: list[str] = []
        for name in calls:
            mp.setattr(mod, name, self._wrap(name, getattr(mod, name)))
        real_destroy = getattr(mod, destroy)

        def destroy_(h: int) -> None:
            if h == self.handle:
                with self.lock:
                    if self.busy:
                        self.violations.append(f"destroyed with {self.busy} call(s) in flight")
                    self.destroyed += 1
            real_destroy(h)

        mp.setattr(mod, destroy, destroy_)

    def __enter__(self) -> InFlight:
        return self

    def __exit__(self, *exc: object) -> None:
        self.mp.undo()

    def _wrap(self, name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any) -> Any:
            if self.handle not in args:
                return real(*args)
            with self.lock:
                self.busy += 1
                self.calls += 1
            time.sleep(0.0002)
            # The real call holds the lock, so a destroy waits for it.
            with self.lock:
                try:
                    if self.destroyed:
                        self.violations.append(f"{name} called on a destroyed handle")
                        return 0
                    return real(*args)
                finally:
                    self.busy -= 1

        return call


@pytest.fixture
def inflight() -> Iterator[Callable[..., InFlight]]:
    """Makes InFlight watchers (use each in a with block); any still
    active are undone when the test ends."""
    made: list[InFlight] = []

    def make(mod: ModuleType, handle: int, calls: list[str], destroy: str) -> InFlight:
        made.append(InFlight(mod, handle, calls, destroy))
        return made[-1]

    yield make
    for w in reversed(made):
        w.mp.undo()


@pytest.fixture
def hammer() -> Callable[..., tuple[Callable[[], int], Callable[[], list[str]]]]:
    """hammer(closed, calls, threads=4) starts threads that run calls in a
    loop until one raises closed, and returns join (joins them and counts
    those that stopped on closed) and errors (any other exceptions)."""
    return _hammer


def _hammer(closed: type[Exception], calls: list[Callable[[], object]], threads: int = 4) -> tuple[Callable[[], int], Callable[[], list[str]]]:
    errors: list[str] = []
    done: list[int] = []
    go = threading.Barrier(threads + 1)

    def worker() -> None:
        go.wait()
        try:
            while True:
                for c in calls:
                    c()
        except closed:
            done.append(1)
        except BaseException as e:
            errors.append(repr(e))

    ts = [threading.Thread(target=worker) for _ in range(threads)]
    for t in ts:
        t.start()
    go.wait()

    def join() -> int:
        for t in ts:
            t.join(timeout=30)
            assert not t.is_alive(), "a worker is stuck"
        return len(done)

    return join, lambda: errors
