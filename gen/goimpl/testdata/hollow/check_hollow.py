"""What Python sees of the Go-built hollow library: every empty struct and
payload-free case of hollow.idl crosses both ways as the generated
dataclasses, raising calls raise hollow.Oops, and nothing stays
allocated."""

import ctypes

import hollow as h


def code_of(f: object, *args: object) -> int:
    try:
        f(*args)  # type: ignore[operator]
    except h.Oops as e:
        return int(e.code)
    raise AssertionError("no Oops raised")


SAMPLE = h.Log(
    events=[
        h.EventIdle(),
        h.EventBlank(h.Nothing()),
        h.EventFlag(h.FlagOn()),
        h.EventBlanks([h.Nothing()] * 3),
        h.EventMaybe(None),
        h.EventMaybe(h.Nothing()),
        h.EventCount(7),
        h.EventQuit(),
    ],
    by_name={"idle": h.EventIdle(), "quit": h.EventQuit(), "off": h.EventFlag(h.FlagOff())},
    flags=[h.FlagOn(), h.FlagOff(), h.FlagOn()],
    gaps={1: h.Nothing(), 2: None},
    last=h.EventQuit(),
    maybe_flag=h.FlagOff(),
)


def main() -> None:
    lib = h.load()
    live = lib.hollow_live_allocations
    live.restype = ctypes.c_int64
    handles = lib.hollow_goimpl_live_handles
    handles.restype = ctypes.c_int64

    assert h.nothing_or_fail(False) == h.Nothing()
    assert code_of(h.nothing_or_fail, True) == h.Oops.BAD
    assert type(h.flag_or_fail(True, False)) is h.FlagOn
    assert type(h.flag_or_fail(False, False)) is h.FlagOff
    assert code_of(h.flag_or_fail, True, True) == h.Oops.BAD

    assert h.flip([h.FlagOn(), h.FlagOff()]) == [h.FlagOff(), h.FlagOn()]
    assert h.flip([]) == []
    events: list[h.Event | None] = [None, h.EventIdle(), h.EventCount(3), h.EventQuit(), h.EventBlanks([])]
    assert h.tags(events) == [0, 1, 6, 9, 4]

    s = h.sample()
    assert s == SAMPLE, s
    assert h.echo_log(s) == SAMPLE
    assert h.echo_log(h.Log(events=[h.EventQuit()])) == h.Log(events=[h.EventQuit()])
    assert code_of(h.echo_log, h.Log()) == h.Oops.BAD
    assert h.lookup(SAMPLE.by_name, "off") == h.EventFlag(h.FlagOff())
    assert h.lookup(SAMPLE.by_name, "quit") == h.EventQuit()
    assert h.lookup(SAMPLE.by_name, "nope") is None

    with h.Switch(h.FlagOn()) as sw:
        assert sw.on() == h.FlagOn()
        assert sw.toggle() == h.FlagOff()
        assert sw.on() is None
        assert code_of(sw.event) == h.Oops.BAD
        assert sw.set(h.FlagOn()) == h.Nothing()
        assert sw.event() == h.EventFlag(h.FlagOn())
    with h.Switch.blank(h.Nothing()) as b:
        assert b.on() is None
        assert b.toggle() == h.FlagOn()

    assert live() == 0, live()
    assert handles() == 0, handles()
    print("ok")


main()
