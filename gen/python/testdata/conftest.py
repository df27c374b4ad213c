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
from collections.abc import Iterator
from types import ModuleType

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
