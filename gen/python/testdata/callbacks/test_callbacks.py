"""Callbacks through the real C library (gen/c/testdata/callbacks_impl.c):
borrowed for a call, kept by a Hub and called later, called from threads
the library starts. Run by gen/python's TestPythonCallbacks, which sets
CBT_LIBRARY; every test checks that the live-allocation counter and the
table of callback values C may call are back to zero."""

from __future__ import annotations

import ctypes
import gc
import os
import sys
import threading
import traceback
import weakref
from collections.abc import Iterator
from typing import Any

import pytest

import cbt


def _live() -> int:
    lib = cbt._lib or cbt.load()
    f = lib.cbt_live_allocations
    f.argtypes = []
    f.restype = ctypes.c_int64
    return int(f())


@pytest.fixture(autouse=True)
def no_leaks() -> Iterator[None]:
    assert os.environ.get("CBT_LIBRARY"), "CBT_LIBRARY is not set: run through go test ./gen/python/"
    gc.collect()
    before = _live()
    yield
    gc.collect()
    assert _live() == before == 0, "live allocations after the test"
    assert cbt._cb_live() == 0, "callback values still registered"


class Probe:
    """Implements cbt.Probe; checks every argument C passes exactly."""

    def __init__(self, panic_in: str = "") -> None:
        self.errs: list[str] = []
        self.notes = 0
        self.last_note = ""
        self.panic_in = panic_in

    def _maybe(self, m: str) -> None:
        if self.panic_in == m:
            raise RuntimeError("boom in " + m)

    def inc(self, x: int) -> int:
        self._maybe("inc")
        return x + 1

    def scalars(self, a: bool, b: int, c: int, d: int, e: int, f: int, g: int, h: int, i: float, j: float) -> float:
        if (a, b, c, d, e, f, g, h, i, j) != (True, -8, -16, -64, 8, 16, 32, 2**64 - 1, 1.5, 2.25):
            self.errs.append(f"scalars got {(a, b, c, d, e, f, g, h, i, j)}")
            return -1.0
        return 7.25

    def color(self, c: cbt.Color) -> cbt.Color:
        if c is not cbt.Color.GREEN:
            self.errs.append(f"color got {c!r}")
        return cbt.Color.RED

    def echo(self, s: str) -> str:
        if s != "abc\x00d\u00e9":
            self.errs.append(f"echo got {s!r}")
        return s[::-1]  # by character: a str result is valid UTF-8

    def blob(self, b: bytes) -> bytes:
        if b != bytes([0, 1, 2, 255]):
            self.errs.append(f"blob got {b!r}")
        return b[::-1]

    def items(self, items: list[cbt.Item], counts: dict[str, int], maybe: int | None, ev: cbt.Event) -> float:
        want = [cbt.Item("first", 0.5, [1, 2]), cbt.Item("second", 0.25, [40])]
        if items != want:
            self.errs.append(f"items got {items!r}")
        if counts != {"a": 100, "b": 200}:
            self.errs.append(f"counts got {counts!r}")
        if ev != cbt.EventItem(want[1]):
            self.errs.append(f"ev got {ev!r}")
        total = sum(it.weight + sum(it.tags) for it in items) + sum(counts.values())
        if maybe is not None:
            total += maybe
        if isinstance(ev, cbt.EventItem):
            total += ev.value.weight
        return total

    def check(self, x: int) -> int:
        self._maybe("check")
        if x < 0:
            raise cbt.CbError(cbt.CbError.REFUSED)
        if x == 999:
            raise ValueError("not an IDL error")
        return x * 2

    def note(self, s: str) -> None:
        self._maybe("note")
        self.last_note = s
        self.notes += 1


def test_every_type_through_a_callback() -> None:
    for seed, want in [
        (7, "inc=8 scalars=7.25 color=0 echo=c3a96400636261 blob=ff020100 items=344.00 check=14"),
        (8, "inc=9 scalars=7.25 color=0 echo=c3a96400636261 blob=ff020100 items=386.00 check=16"),
    ]:
        p = Probe()
        assert cbt.run_probe(p, seed) == want
        assert p.errs == []
        assert (p.notes, p.last_note) == (1, "done")


def test_callback_errors() -> None:
    p = Probe()
    assert cbt.check_with(p, 21) == 42
    with pytest.raises(cbt.CbError) as e:
        cbt.check_with(p, -1)
    assert e.value.code == cbt.CbError.REFUSED
    # Any other exception: the library sees CALLBACK_FAILED, and the
    # caller gets the original exception back, with its traceback.
    with pytest.raises(ValueError, match="not an IDL error") as v:
        cbt.check_with(p, 999)
    frames = [f.name for f in traceback.extract_tb(v.value.__traceback__)]
    assert "check" in frames, frames


def test_exceptions_in_callbacks() -> None:
    with pytest.raises(RuntimeError, match="boom in check") as e:
        cbt.check_with(Probe(panic_in="check"), 1)
    assert "_maybe" in [f.name for f in traceback.extract_tb(e.value.__traceback__)]
    with pytest.raises(RuntimeError, match="boom in note"):
        cbt.notes(Probe(panic_in="note"), "x", 3)
    # inc raises: C sees 0 and carries on; the outer call still raises.
    p = Probe(panic_in="inc")
    with pytest.raises(RuntimeError, match="boom in inc"):
        cbt.run_probe(p, 7)
    assert p.notes == 1


def test_bad_results() -> None:
    class Bad(Probe):
        def inc(self, x: int) -> int:
            return "no"  # type: ignore[return-value]

    with pytest.raises(TypeError, match="the result of Probe.inc"):
        cbt.run_probe(Bad(), 1)


def test_none_callback() -> None:
    with pytest.raises(TypeError, match="probe: expected Probe"):
        cbt.run_probe(None, 1)  # type: ignore[arg-type]


class Sink:
    def __init__(self, add: int, fail: bool = False) -> None:
        self.add = add
        self.calls = 0
        self.fail = fail
        self.threads: set[int] = set()

    def put(self, x: int) -> int:
        self.calls += 1
        self.threads.add(threading.get_ident())
        if self.fail:
            raise RuntimeError(f"sink fails on {x}")
        if x < 0:
            raise cbt.CbError(cbt.CbError.REFUSED)
        return x + self.add


def _set_dropped(hub: cbt.Hub, add: int) -> weakref.ref[Sink]:
    s = Sink(add)
    hub.set(s)
    return weakref.ref(s)


def test_kept_callback() -> None:
    hub = cbt.Hub()
    try:
        with pytest.raises(cbt.CbError) as e:
            hub.fire(1)
        assert e.value.code == cbt.CbError.NO_SINK
        w = _set_dropped(hub, 100)
        gc.collect()
        gc.collect()
        assert w() is not None, "the kept sink was collected while the library holds it"
        assert hub.fire(5) == 105  # no reference left but the library's
        with pytest.raises(cbt.CbError):
            hub.fire(-1)
        assert hub.fire_in_thread(10) == 45 + 10 * 100
        assert cbt._cb_live() == 1
        w2 = _set_dropped(hub, 1000)  # releases the first sink
        assert cbt._cb_live() == 1
        gc.collect()
        assert w() is None, "a released sink is still alive"
        assert hub.fire(5) == 1005
        hub.clear()
        assert cbt._cb_live() == 0
        gc.collect()
        assert w2() is None
        assert not hub.has_sink()
    finally:
        hub.close()


def test_kept_by_constructor_released_by_close() -> None:
    s = Sink(1)
    hub = cbt.Hub.with_sink(s)
    assert hub.fire(1) == 2
    hub.close()
    assert cbt._cb_live() == 0


def test_foreign_thread() -> None:
    s = Sink(2)
    assert cbt.put_in_thread(s, 1000) == 999 * 1000 // 2 + 2 * 1000
    assert s.calls == 1000
    assert threading.get_ident() not in s.threads, "the calls came from this thread"
    with pytest.raises(RuntimeError, match="sink fails on 0"):
        cbt.put_in_thread(Sink(0, fail=True), 3)


def test_kept_failure_after_the_call() -> None:
    reported: list[BaseException] = []
    cbt.report_callback_error = reported.append
    hub = cbt.Hub()
    try:
        hub.set(Sink(0, fail=True))
        with pytest.raises(cbt.CbError) as e:
            hub.fire(4)
        assert int(e.value.code) == -2147483648
        with pytest.raises(cbt.CbError):
            hub.fire_in_thread(2)
    finally:
        cbt.report_callback_error = None
        hub.close()
    assert len(reported) == 2
    assert isinstance(reported[0], RuntimeError) and str(reported[0]) == "sink fails on 4"


def test_concurrent_callbacks() -> None:
    hub = cbt.Hub()
    hub.set(Sink(1))
    errs: list[str] = []

    def work(i: int) -> None:
        for j in range(30):
            p = Probe()
            cbt.run_probe(p, i * 100 + j)
            errs.extend(p.errs)
            if hub.fire_in_thread(3) != 6:
                errs.append("fire_in_thread")

    ts = [threading.Thread(target=work, args=(i,)) for i in range(6)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    hub.close()
    assert errs == []


def _typed(p: cbt.Probe, s: cbt.Sink) -> None:
    """Only for mypy: the classes above satisfy the Protocols."""


_typed(Probe(), Sink(0))


# ---- Maker: compound results (run_maker compares each with its argument) ----

MAKER_METHODS = ["item", "pt", "event", "nums", "names", "items", "events", "counts", "by_id", "maybe", "maybe_name", "maybe_item", "checked", "checked_item"]

# Every list and map length run_maker makes (seed % 3), each case of
# event, present (odd) and absent (even) optionals.
MAKER_SEEDS = [0, 1, 2, 3, 4, 5, 7]


class Maker:
    """Implements cbt.Maker: every method returns a copy of its argument.
    wrong names a method that returns something else instead, raise_in one
    that raises, and bad makes one return a value that does not fit its
    type halfway through (the list or map is partly converted)."""

    def __init__(self, wrong: str = "", raise_in: str = "", bad: str = "") -> None:
        self.wrong = wrong
        self.raise_in = raise_in
        self.bad = bad

    def _hook(self, m: str) -> bool:
        if self.raise_in == m:
            raise RuntimeError("maker raises in " + m)
        return self.wrong == m

    def item(self, v: cbt.Item) -> cbt.Item:
        r = cbt.Item(v.name, v.weight, list(v.tags))
        if self._hook("item"):
            r.name += "x"
        if self.bad == "item":
            r.tags = [1, 2**32]
        return r

    def pt(self, v: cbt.Pt) -> cbt.Pt:
        if self._hook("pt"):
            return cbt.Pt(v.x + 1, v.y)
        if self.bad == "pt":
            return cbt.Pt(2**31, 0)
        return cbt.Pt(v.x, v.y)

    def event(self, v: cbt.Event) -> cbt.Event:
        if self._hook("event"):
            return cbt.EventNote("x") if isinstance(v, cbt.EventTick) else cbt.EventTick()
        return v

    def nums(self, v: list[int]) -> list[int]:
        r = list(v)
        if self._hook("nums"):
            r.append(1)
        if self.bad == "nums":
            r = [1, -1]
        return r

    def names(self, v: list[str]) -> list[str]:
        r = list(v)
        if self._hook("names"):
            r.append("x")
        if self.bad == "names":
            r = ["fine", "\ud800"]  # a lone surrogate: not UTF-8
        return r

    def items(self, v: list[cbt.Item]) -> list[cbt.Item]:
        r = [cbt.Item(i.name, i.weight, list(i.tags)) for i in v]
        if self._hook("items"):
            r.append(cbt.Item())
        return r

    def events(self, v: list[cbt.Event]) -> list[cbt.Event]:
        r = list(v)
        if self._hook("events"):
            r.append(cbt.EventTick())
        if self.bad == "events":
            r = [cbt.EventNote("converted first"), None]  # type: ignore[list-item]
        return r

    def counts(self, v: dict[str, int]) -> dict[str, int]:
        r = dict(v)
        if self._hook("counts"):
            r["zz"] = 1
        if self.bad == "counts":
            r = {"a": 1, "b": -(2**31) - 1}
        return r

    def by_id(self, v: dict[int, cbt.Item]) -> dict[int, cbt.Item]:
        r = dict(v)
        if self._hook("by_id"):
            r[99] = cbt.Item()
        return r

    def maybe(self, v: int | None) -> int | None:
        if self._hook("maybe"):
            return 1 if v is None else None
        if self.bad == "maybe":
            return 2**63
        return v

    def maybe_name(self, v: str | None) -> str | None:
        if self._hook("maybe_name"):
            return "" if v is None else None
        return v

    def maybe_item(self, v: cbt.Item | None) -> cbt.Item | None:
        if self._hook("maybe_item"):
            return cbt.Item() if v is None else None
        return v

    def checked(self, v: list[str]) -> list[str]:
        if not v:
            raise cbt.CbError(cbt.CbError.REFUSED)
        r = list(v)
        if self._hook("checked"):
            r.append("x")
        if self.bad == "checked":
            r = ["ok", 3]  # type: ignore[list-item]
        return r

    def checked_item(self, v: cbt.Item | None) -> cbt.Item | None:
        if v is None:
            raise cbt.CbError(cbt.CbError.REFUSED)
        if self._hook("checked_item"):
            return cbt.Item(v.name, v.weight + 1, v.tags)
        return v


def _run_ways(m: Maker, seed: int) -> dict[str, str]:
    """run_maker borrowed, on a thread the library starts, kept by a
    Workshop and called later, and kept and called from a thread."""
    got = {"borrowed": cbt.run_maker(m, seed), "thread": cbt.run_maker_in_thread(m, seed)}
    w = cbt.Workshop(m)
    try:
        got["kept"] = w.run(seed)
        got["kept thread"] = w.run_in_thread(seed)
    finally:
        w.close()
    return got


@pytest.mark.parametrize("seed", MAKER_SEEDS)
def test_every_result_through_a_callback(seed: int) -> None:
    assert _run_ways(Maker(), seed) == dict.fromkeys(["borrowed", "thread", "kept", "kept thread"], "")


@pytest.mark.parametrize("method", MAKER_METHODS)
def test_wrong_result_is_seen(method: str) -> None:
    """The comparison above can fail, for every method."""
    for seed in (1, 2):
        assert set(_run_ways(Maker(wrong=method), seed).values()) == {method}


def test_result_errors() -> None:
    for run in (cbt.run_maker, cbt.run_maker_in_thread):
        with pytest.raises(cbt.CbError) as e:
            run(Maker(), -1)
        assert e.value.code == cbt.CbError.REFUSED
    w = cbt.Workshop(Maker())
    try:
        with pytest.raises(cbt.CbError):
            w.run(-1)
        with pytest.raises(cbt.CbError):
            w.run_in_thread(-2)
    finally:
        w.close()


@pytest.mark.parametrize("method", MAKER_METHODS)
def test_result_exceptions(method: str) -> None:
    for run in (cbt.run_maker, cbt.run_maker_in_thread):
        with pytest.raises(RuntimeError, match="maker raises in " + method):
            run(Maker(raise_in=method), 2)


@pytest.mark.parametrize(
    ("method", "exc"),
    [("item", OverflowError), ("pt", OverflowError), ("nums", OverflowError), ("names", ValueError), ("events", TypeError), ("counts", OverflowError), ("maybe", OverflowError), ("checked", TypeError)],
)
def test_results_that_do_not_fit(method: str, exc: type[Exception]) -> None:
    """A result the C type cannot hold (out of range, not UTF-8, the
    wrong type halfway through a list) is the outer call's exception; the
    library sees the zero result or CALLBACK_FAILED, and nothing leaks."""
    for run in (cbt.run_maker, cbt.run_maker_in_thread):
        with pytest.raises(exc, match="the result of Maker." + method):
            run(Maker(bad=method), 2)


def test_kept_result_failure_reported() -> None:
    reported: list[BaseException] = []
    cbt.report_callback_error = reported.append
    w = cbt.Workshop(Maker(bad="events"))
    try:
        assert w.run(2) == "events"
        assert w.run_in_thread(2) == "events"
    finally:
        cbt.report_callback_error = None
        w.close()
    assert [type(e) for e in reported] == [TypeError, TypeError]


def _typed_maker(m: cbt.Maker) -> None:
    """Only for mypy: Maker satisfies the Protocol."""


_typed_maker(Maker())


class Visitor:
    """Implements cbt.Visitor. visit and visit_maybe check the hub the
    library lends (hub i fires x + 10*i) and keep it, to be used after the
    loan ended; make and make_maybe return what the test decides."""

    def __init__(self) -> None:
        self.fired: list[int] = []
        self.kept: list[cbt.Hub] = []
        self.errs: list[str] = []
        self.during: Any = None  # run inside visit, while the loan lasts
        self.made: Any = lambda seed: None
        self.made_maybe: Any = lambda seed: None

    def visit(self, h: cbt.Hub) -> bool:
        self.fired.append(h.fire(5))
        self.kept.append(h)
        if self.during is not None:
            self.during(h)
        return True

    def visit_maybe(self, h: cbt.Hub | None) -> bool:
        if h is None:
            return True  # none for an odd hub
        if not h.has_sink():
            self.errs.append("a lent hub without its sink")
        # close() ends the loan early and must not destroy the library's
        # hub: visit_hubs fires every hub afterwards.
        h.close()
        try:
            h.has_sink()
            self.errs.append("a lent hub after close() still works")
        except cbt.ClosedError:
            pass
        self.kept.append(h)
        return True

    def make(self, seed: int) -> cbt.Hub:
        r: cbt.Hub = self.made(seed)
        return r

    def make_maybe(self, seed: int) -> cbt.Hub | None:
        r: cbt.Hub | None = self.made_maybe(seed)
        return r


def test_lent_objects() -> None:
    v = Visitor()
    assert cbt.visit_hubs(v, 4) == 8  # 4294967295: a hub broke
    assert v.errs == []
    assert sorted(v.fired) == [5, 15, 25, 35]
    assert len(v.kept) == 6
    for h in v.kept:
        with pytest.raises(cbt.ClosedError):
            h.fire(1)
        with pytest.raises(cbt.ClosedError):
            h.has_sink()
        h.close()
        assert "closed" in repr(h)


def test_lent_object_used_by_a_thread() -> None:
    # A thread that visit starts keeps firing the lent hub; the loan ends
    # when visit returns, after the call in flight finished, and from then
    # on the thread gets ClosedError, never a hub the library destroyed.
    results: list[BaseException] = []
    threads: list[threading.Thread] = []

    def during(h: cbt.Hub) -> None:
        started = threading.Event()

        def loop() -> None:
            while True:
                try:
                    h.fire(1)
                except BaseException as e:  # noqa: BLE001 - recorded
                    results.append(e)
                    return
                finally:
                    started.set()

        t = threading.Thread(target=loop)
        t.start()
        threads.append(t)
        started.wait()

    v = Visitor()
    v.during = during
    assert cbt.visit_hubs(v, 3) == 6
    for t in threads:
        t.join()
    assert [type(e) for e in results] == [cbt.ClosedError] * 3


def test_given_objects() -> None:
    made: list[cbt.Hub] = []

    def make(seed: int) -> cbt.Hub:
        if seed < 0:
            raise cbt.CbError(cbt.CbError.REFUSED)
        h = cbt.Hub() if seed == 0 else cbt.Hub.with_sink(Sink(100))
        made.append(h)
        return h

    def make_maybe(seed: int) -> cbt.Hub | None:
        if seed % 2 == 1:
            return None
        h = cbt.Hub.with_sink(Sink(1000))
        made.append(h)
        return h

    v = Visitor()
    v.made, v.made_maybe = make, make_maybe
    assert cbt.adopt(v, 7) == 107
    assert cbt.adopt(v, 0) == -1  # a hub without a sink
    with pytest.raises(cbt.CbError) as e:
        cbt.adopt(v, -1)
    assert e.value.code == cbt.CbError.REFUSED
    assert cbt.adopt_maybe(v, 4) == 1004
    assert cbt.adopt_maybe(v, 3) == -2  # none
    assert len(made) == 3
    for h in made:
        # The library owns and destroyed it: the Python object is closed,
        # and its finalizer destroys nothing (the fixture counts).
        with pytest.raises(cbt.ClosedError):
            h.has_sink()
        h.close()
    assert cbt._cb_live() == 0  # the library released the sinks the hubs kept


def test_given_object_failures() -> None:
    def closed(seed: int) -> cbt.Hub:
        h = cbt.Hub()
        h.close()
        return h

    v = Visitor()
    with pytest.raises(TypeError, match="the result of Visitor.make: expected Hub, got NoneType"):
        cbt.adopt(v, 1)
    v.made = lambda seed: 42
    with pytest.raises(TypeError, match="expected Hub, got int"):
        cbt.adopt(v, 1)
    v.made = closed
    with pytest.raises(cbt.ClosedError, match="the result of Visitor.make: cbt.Hub is closed"):
        cbt.adopt(v, 1)
    # make_maybe cannot fail: the library gets NULL, and the outer call
    # raises what went wrong.
    v.made_maybe = closed
    with pytest.raises(cbt.ClosedError, match="the result of Visitor.make_maybe: cbt.Hub is closed"):
        cbt.adopt_maybe(v, 2)

    # A lent hub, given back while its loan lasts: the library owns it, so
    # it cannot move, and the library still uses it afterwards.
    inner: list[BaseException] = []

    def during(h: cbt.Hub) -> None:
        giver = Visitor()
        giver.made = lambda seed: h
        try:
            cbt.adopt(giver, 1)
        except cbt.ClosedError as e:
            inner.append(e)

    outer = Visitor()
    outer.during = during
    assert cbt.visit_hubs(outer, 1) == 2
    assert len(inner) == 1
    assert "lent to a callback method" in str(inner[0])


def test_given_object_in_use_by_a_thread() -> None:
    # make returns a hub another thread is inside a call on: the handle
    # moves once that call returned, and the thread's next call fails.
    gate = threading.Event()
    release = threading.Event()

    class Slow:
        def put(self, x: int) -> int:
            gate.set()
            release.wait()
            return x

    h = cbt.Hub.with_sink(Slow())
    errs: list[BaseException] = []

    def use() -> None:
        h.fire(1)
        try:
            h.fire(1)
        except BaseException as e:  # noqa: BLE001 - recorded
            errs.append(e)

    t = threading.Thread(target=use)
    t.start()
    gate.wait()
    threading.Timer(0.05, release.set).start()
    v = Visitor()
    v.made = lambda seed: h
    # The library fires the hub too: Slow.put returns at once by then.
    assert cbt.adopt(v, 3) == 3
    t.join()
    assert [type(e) for e in errs] == [cbt.ClosedError]


def test_lent_object_after_an_exception() -> None:
    v = Visitor()

    def boom(h: cbt.Hub) -> None:
        raise RuntimeError("visit fails")

    v.during = boom
    with pytest.raises(RuntimeError, match="visit fails"):
        cbt.visit_hubs(v, 2)
    for h in v.kept:
        with pytest.raises(cbt.ClosedError):
            h.fire(1)


def _typed_visitor(v: cbt.Visitor) -> None:
    """Only for mypy: Visitor satisfies the Protocol."""


_typed_visitor(Visitor())
