"""Round trip of testdata/conformance.idl through the generated
conformance.py and testdata/c/conformance_impl.c: every type in every
position, edge values, errors with their paths, and the Store object."""

from __future__ import annotations

import ctypes
import decimal
import fractions
import gc
import math
import struct
import time
import weakref
from types import ModuleType
from typing import Any

import pytest

INTS = {
    "i8": (-(2**7), 2**7 - 1),
    "i16": (-(2**15), 2**15 - 1),
    "i32": (-(2**31), 2**31 - 1),
    "i64": (-(2**63), 2**63 - 1),
    "u8": (0, 2**8 - 1),
    "u16": (0, 2**16 - 1),
    "u32": (0, 2**32 - 1),
    "u64": (0, 2**64 - 1),
}
F32_MAX = 3.4028234663852886e38
STRINGS = ["", "a", "wörld ✓ 日本 🎉", "nul\0inside", "\0", "x" * 70000]
BLOBS = [b"", b"\0", b"\xff\xfe\0\x01", bytes(range(256)) * 300]


def f32(x: float) -> float:
    return struct.unpack("<f", struct.pack("<f", x))[0]  # type: ignore[no-any-return]


def bits(x: float) -> bytes:
    return struct.pack("<d", x)


# --- builders ----------------------------------------------------------------


def scalars(m: ModuleType, i: int = 0) -> Any:
    return m.Scalars(
        flag=i % 2 == 0,
        tiny=-128 + i,
        small=32767 - i,
        medium=-(2**31) + i,
        large=2**63 - 1 - i,
        byte=255 - i,
        word=i,
        dword=2**32 - 1 - i,
        qword=2**64 - 1 - i,
        single=f32(0.1 * i),
        double=-2.5 * i,
        color=[m.Color.RED, m.Color.INFRARED, m.Color.BLUE][i % 3],
    )


def tree(m: ModuleType) -> Any:
    leaf = m.Tree("leaf", [], None)
    return m.Tree("root", [leaf, m.Tree("mid", [m.Tree("x")], m.Tree("next"))], m.Tree("n", [leaf]))


def values(m: ModuleType) -> list[Any]:
    return [
        m.ValueFlag(True),
        m.ValueFlag(False),
        m.ValueInteger(-(2**63)),
        m.ValueReal(math.inf),
        m.ValueText("tëxt\0"),
        m.ValueData(b"\0\1"),
        m.ValueColor(m.Color.INFRARED),
        m.ValueScalars(scalars(m, 2)),
        m.ValueBlob(m.Blob("t", b"d")),
        m.ValueItems(["a", "", "c"]),
        m.ValueTable({"k": -1, "": 2**31 - 1}),
        m.ValueMaybe(None),
        m.ValueMaybe(7),
        m.ValueTree(tree(m)),
        m.ValueNested([m.ValueInteger(1), m.ValueNested([m.ValueText("deep")]), m.ValueNested([])]),
        m.ValueEmptyList([]),
        m.ValueEmptyList([0, 255]),
    ]


def lists(m: ModuleType) -> Any:
    return m.Lists(
        flags=[True, False, True],
        octets=[0, 255, 7],
        shorts=[-(2**15), 2**15 - 1],
        ints=[-(2**31), 0, 2**31 - 1],
        longs=[0, 2**64 - 1],
        floats=[f32(0.1), -0.0, math.inf, F32_MAX],
        doubles=[5e-324, -1e308, math.inf, -math.inf, 0.0],
        colors=[m.Color.GREEN, m.Color.INFRARED],
        strings=STRINGS,
        blobs=BLOBS,
        scalars=[scalars(m, i) for i in range(5)],
        matrix=[[1, 2], [], [-3]],
        maybes=["x", None, ""],
        tables=[{"a": -128}, {}, {"b": 127, "c": 0}],
        values=values(m),
    )


def maps(m: ModuleType) -> Any:
    return m.Maps(
        by_i8={-128: "min", 127: "max"},
        by_i16={-1: b"\0"},
        by_i32={2**31 - 1: f32(1.5)},
        by_i64={-(2**63): [1, 2, 3], 0: []},
        by_u8={0: True, 255: False},
        by_u16={65535: m.Color.BLUE},
        by_u32={2**32 - 1: scalars(m, 3)},
        by_u64={2**64 - 1: None, 0: "zero"},
        by_bool={True: 1.0, False: -1.0},
        by_string={"outer": {"inner": 1}, "": {}},
        by_color={m.Color.RED: m.ValueText("r"), m.Color.INFRARED: m.ValueNested([])},
    )


def optionals(m: ModuleType, present: bool) -> Any:
    if not present:
        return m.Optionals()
    return m.Optionals(
        flag=False,
        tiny=-128,
        qword=2**64 - 1,
        real=math.nan,
        color=m.Color.RED,
        text="",
        data=b"",
        scalars=scalars(m, 1),
        blob=m.Blob(),
        numbers=[],
        labels={"a": "b"},
        value=m.ValueMaybe(None),
        tree=m.Tree(),
    )


def everything(m: ModuleType) -> Any:
    return m.Everything(
        scalars=scalars(m, 4),
        blob=m.Blob("text", b"data"),
        keywords=m.Keywords(from_=-1, class_="cls", default=True, type_=255),
        lists=lists(m),
        maps=maps(m),
        optionals=optionals(m, True),
        value=m.ValueNested(values(m)),
        tree=tree(m),
        expr=m.ExprSum([m.ExprLiteral(1), m.ExprNegate(m.Negate(m.ExprName("answer")))]),
    )


def same(a: Any, b: Any) -> bool:
    """Equality where NaN equals NaN (dataclass == treats NaN as unequal)."""
    if isinstance(a, float) and isinstance(b, float):
        return bits(a) == bits(b) or (math.isnan(a) and math.isnan(b))
    if type(a) is not type(b):
        return False
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if hasattr(a, "__dataclass_fields__"):
        return all(same(getattr(a, f), getattr(b, f)) for f in a.__dataclass_fields__)
    return bool(a == b)


# --- constants and types -----------------------------------------------------


def test_constants(conf: ModuleType) -> None:
    m = conf
    assert m.MAX_U64 == 2**64 - 1 and m.MIN_I64 == -(2**63) and m.MIN_I32 == -(2**31)
    assert m.MAX_U32 == 2**32 - 1 and m.MIN_I8 == -128 and m.MAX_U16 == 0xFFFF
    assert m.PI == 3.141592653589793 and m.TENTH == 0.1 and m.TINY == 5e-324
    assert m.NEGATIVE == -2.5 and m.WHOLE == 3.0 and isinstance(m.WHOLE, float)
    assert m.YES is True and m.NO is False
    assert m.TRICKY == 'tab\tquote"backslash\\nul\0café ??= end' and m.EMPTY == ""
    assert m.Color.INFRARED == -1
    assert m.ConfError.FULL == 3 and m.ConfError(3).name == "FULL"


# --- scalars -----------------------------------------------------------------


@pytest.mark.parametrize("t", list(INTS))
def test_int_edges(conf: ModuleType, t: str) -> None:
    echo = getattr(conf, "echo_" + t)
    lo, hi = INTS[t]
    for v in (lo, hi, 0, lo + 1, hi - 1):
        assert echo(v) == v
    with pytest.raises(OverflowError, match=rf"^v: {lo - 1} is out of range for {t} \[{lo}, {hi}\]"):
        echo(lo - 1)
    with pytest.raises(OverflowError, match=rf"^v: {hi + 1} is out of range for {t}"):
        echo(hi + 1)
    for bad in (1.0, "1", None, b"", [], math.nan):
        with pytest.raises(TypeError, match=rf"^v: expected int \({t}\), got "):
            echo(bad)


def test_floats(conf: ModuleType) -> None:
    for x in (0.0, -0.0, 1.5, 5e-324, -1.7976931348623157e308, math.inf, -math.inf):
        assert bits(conf.echo_f64(x)) == bits(x)
    nan = struct.unpack("<d", b"\x01\x00\x00\x00\x00\x00\xf8\x7f")[0]  # NaN with a payload
    assert bits(conf.echo_f64(nan)) == bits(nan)
    assert conf.echo_f64(3) == 3.0  # an int is a float argument
    for x in (0.1, -0.0, F32_MAX, -F32_MAX, math.inf, -math.inf, 1e-45):
        assert bits(conf.echo_f32(x)) == bits(f32(x))
    assert math.isnan(conf.echo_f32(math.nan))
    with pytest.raises(OverflowError, match=r"^v: .* out of range for f32"):
        conf.echo_f32(3.5e38)
    with pytest.raises(OverflowError, match=r"^v: "):
        conf.echo_f64(10**400)
    # Decimal and Fraction have __float__, which ctypes would take; the
    # IDL's float parameters take int and float only.
    for bad in ("1", None, 1j, decimal.Decimal("1.5"), fractions.Fraction(1, 2)):
        with pytest.raises(TypeError, match=r"^v: expected float \(f64\), got "):
            conf.echo_f64(bad)
        with pytest.raises(TypeError, match=r"^v: expected float \(f32\), got "):
            conf.echo_f32(bad)


def test_bool_and_enum(conf: ModuleType) -> None:
    assert conf.echo_bool(True) is True and conf.echo_bool(False) is False
    for bad in (1, 0, None, "True"):
        with pytest.raises(TypeError, match=r"^v: expected bool, got "):
            conf.echo_bool(bad)
    for c in conf.Color:
        assert conf.echo_color(c) is c
    assert conf.echo_color(-1) is conf.Color.INFRARED
    with pytest.raises(ValueError, match=r"^v: 3 is not a valid Color"):
        conf.echo_color(3)
    with pytest.raises(TypeError, match=r"^v: expected Color, got str"):
        conf.echo_color("RED")


def test_scalars_from(conf: ModuleType) -> None:
    s = scalars(conf, 1)
    got = conf.scalars_from(
        s.flag, s.tiny, s.small, s.medium, s.large, s.byte, s.word, s.dword, s.qword, s.single, s.double, s.color
    )
    assert got == s
    args: list[Any] = [True, 0, 0, 0, 0, 0, 0, 0, 0, 0.0, 0.0, conf.Color.RED]
    for i, name in enumerate(["tiny", "small", "medium", "large", "byte", "word", "dword", "qword"]):
        bad = list(args)
        bad[i + 1] = 2**64
        with pytest.raises(OverflowError, match=f"^{name}: "):
            conf.scalars_from(*bad)


# --- strings and bytes -------------------------------------------------------


@pytest.mark.parametrize("s", STRINGS)
def test_strings(conf: ModuleType, s: str) -> None:
    assert conf.echo_string(s) == s
    assert conf.echo_opt_string(s) == s


@pytest.mark.parametrize("b", BLOBS)
def test_bytes(conf: ModuleType, b: bytes) -> None:
    assert conf.echo_bytes(b) == b
    assert conf.reverse_bytes(b) == b[::-1]
    assert conf.echo_bytes(bytearray(b)) == b


def test_string_errors(conf: ModuleType) -> None:
    with pytest.raises(TypeError, match="^v: expected str, got bytes"):
        conf.echo_string(b"x")
    with pytest.raises(ValueError, match="^v: string cannot be encoded as UTF-8"):
        conf.echo_string("a\udcff")
    with pytest.raises(TypeError, match="^v: expected bytes, got str"):
        conf.echo_bytes("x")


# --- compound echoes ---------------------------------------------------------


def test_echo_structs(conf: ModuleType) -> None:
    m = conf
    for i in range(3):
        assert m.echo_scalars(scalars(m, i)) == scalars(m, i)
    assert m.echo_scalars(m.Scalars()) == m.Scalars()
    assert m.echo_blob(m.Blob("t\0", b"\0")) == m.Blob("t\0", b"\0")
    k = m.Keywords(from_=-(2**31), class_="é", default=True, type_=None)
    assert m.echo_keywords(k) == k
    assert m.make_keywords(1, "c", False, 7) == m.Keywords(1, "c", False, 7)
    assert m.make_keywords(from_=1, class_="", default=True, type_=None) == m.Keywords(1, "", True, None)
    assert m.echo_lists(m.Lists()) == m.Lists()
    assert same(m.echo_lists(lists(m)), lists(m))
    assert m.echo_maps(m.Maps()) == m.Maps()
    assert same(m.echo_maps(maps(m)), maps(m))
    assert m.echo_optionals(optionals(m, False)) == optionals(m, False)
    assert same(m.echo_optionals(optionals(m, True)), optionals(m, True))
    assert m.echo_tree(tree(m)) == tree(m)
    assert same(m.echo_everything(everything(m)), everything(m))
    assert same(m.echo_everything(m.Everything()), m.Everything())


def test_echo_values(conf: ModuleType) -> None:
    for v in values(conf):
        assert same(conf.echo_value(v), v), v
        assert same(conf.echo_opt_value(v), v)
    assert conf.echo_opt_value(None) is None


def test_echo_top_level(conf: ModuleType) -> None:
    m = conf
    assert m.echo_list_f64([]) == [] and m.echo_list_f64([1, 2.5]) == [1.0, 2.5]
    assert m.echo_list_string(STRINGS) == STRINGS
    assert m.echo_list_scalars([scalars(m, i) for i in range(50)]) == [scalars(m, i) for i in range(50)]
    mp = {m.Color.BLUE: ["b"], m.Color.INFRARED: [], m.Color.RED: ["r", ""]}
    got = m.echo_map(mp)
    assert got == mp and list(got) == list(mp)
    assert all(type(k) is m.Color for k in got)
    assert m.echo_opt_i32(None) is None and m.echo_opt_i32(-(2**31)) == -(2**31)
    assert m.echo_opt_string(None) is None
    assert m.echo_opt_blob(None) is None and m.echo_opt_blob(m.Blob("a", b"b")) == m.Blob("a", b"b")
    assert m.echo_opt_list(None) is None and m.echo_opt_list([]) == []
    assert m.echo_opt_list([scalars(m, 1)]) == [scalars(m, 1)]


def test_empty_and_payload_free(conf: ModuleType) -> None:
    """Empty structs and payload-free union cases in every position."""
    m = conf
    assert m.echo_empty(m.Void()) == m.Void()
    assert m.echo_opt_empty(None) is None and m.echo_opt_empty(m.Void()) == m.Void()
    assert m.echo_empties([m.Void()] * 3) == [m.Void()] * 3 and m.echo_empties([]) == []
    assert m.count_empty(m.Void(), None) == 1 and m.count_empty(m.Void(), m.Void()) == 2
    for sig in [m.SignalNone_(), m.SignalEmpty(m.Void()), m.SignalCode(-7), m.SignalStop()]:
        back = m.echo_signal(sig)
        assert back == sig and type(back) is type(sig)
    assert [m.signal_tag(x) for x in (None, m.SignalNone_(), m.SignalEmpty(), m.SignalStop())] == [0, 1, 2, 5]
    assert type(m.echo_toggle(m.ToggleOn())) is m.ToggleOn and type(m.echo_toggle(m.ToggleOff())) is m.ToggleOff
    h = m.Hollow(
        m.Void(), m.SignalStop(), m.ToggleOn(), [m.Void(), m.Void()], {"a": m.Void(), "": m.Void()}, m.Void(),
        [m.SignalNone_(), m.SignalCode(1), m.SignalEmpty()], m.ToggleOff(), {0: m.ToggleOn(), 255: m.ToggleOff()}, 7,
    )
    assert m.echo_hollow(h) == h
    assert m.echo_hollow(m.Hollow()) == m.Hollow()
    with m.Store() as st:
        assert st.echo_empty(m.Void()) == m.Void()
    with pytest.raises(TypeError, match=r"^v: expected Void, got SignalStop"):
        m.echo_empty(m.SignalStop())
    with pytest.raises(TypeError, match=r"^v: expected Signal"):
        m.echo_signal(m.Void())
    with pytest.raises(ValueError, match=r"^v: ToggleUnknown \(tag 3\) cannot be passed"):
        m.echo_toggle(m.ToggleUnknown(3))


def test_echo_expr(conf: ModuleType) -> None:
    m = conf
    e = m.ExprSum([m.ExprLiteral(2), m.ExprNegate(m.Negate(m.ExprSum([m.ExprName("one")]))), m.ExprNegate(m.Negate(None))])
    assert m.echo_expr(e) == e


def test_large(conf: ModuleType) -> None:
    big = list(range(100_000))
    assert conf.sum(big) == sum(big)
    assert conf.iota(100_000) == big
    strs = [str(i) for i in range(20_000)]
    assert conf.echo_list_string(strs) == strs
    assert conf.concat(strs, ",") == ",".join(strs)


# --- transforms --------------------------------------------------------------


def test_transforms(conf: ModuleType) -> None:
    m = conf
    assert m.concat([], "-") == "" and m.concat(["a", "b", ""], "--") == "a--b--"
    assert m.split("", ord(",")) == [""]
    assert m.split("a,,b,", ord(",")) == ["a", "", "b", ""]
    assert m.iota(0) == [] and m.iota(3) == [0, 1, 2]
    assert m.sum([]) == 0 and m.sum([2**63 - 1, 1]) == -(2**63)
    assert m.lengths({"a": b"", "bb": b"xy"}) == {"a": 0, "bb": 2}
    assert m.or_default(None, 1.5) == 1.5 and m.or_default(2.5, 1.5) == 2.5
    names = ["flag", "flag", "integer", "real", "text", "data", "color", "scalars", "blob", "items", "table", "maybe", "maybe", "tree", "nested", "empty_list", "empty_list"]
    assert [m.describe(v) for v in values(m)] == names
    t = m.make_tree(2, 3)
    assert m.tree_size(t) == 1 + 3 + 9
    assert t.label == "t" and t.children[2].children[1].label == "t.2.1" and t.next is None
    assert m.tree_size(tree(m)) == 7
    assert m.make_tree(0, 5) == m.Tree("t", [], None)
    m.noop()


def test_errors(conf: ModuleType) -> None:
    m = conf
    E = m.ConfError
    assert m.eval(m.ExprSum([m.ExprLiteral(40), m.ExprName("one"), m.ExprName("one")])) == 42
    assert m.eval(m.ExprNegate(m.Negate(m.ExprLiteral(-(2**63))))) == -(2**63)
    with pytest.raises(E) as ei:
        m.eval(m.ExprName("nope"))
    assert ei.value.code == E.NOT_FOUND and ei.value.name == "NOT_FOUND"
    with pytest.raises(E) as ei:
        m.eval(m.ExprNegate(m.Negate(None)))
    assert ei.value.code == E.INVALID
    assert str(ei.value) == "INVALID (1): An argument was out of its domain."
    for c in m.Color:
        assert m.parse_color(c.name) is c
    with pytest.raises(E, match="NOT_FOUND"):
        m.parse_color("red")
    assert m.check(True) is None
    with pytest.raises(E) as ei:
        m.check(False)
    assert ei.value.code == E.REQUESTED
    assert same(m.echo_or_fail(everything(m), False), everything(m))
    with pytest.raises(E):
        m.echo_or_fail(everything(m), True)


# --- paths of bad nested values ----------------------------------------------


def test_paths(conf: ModuleType) -> None:
    m = conf
    cases: list[tuple[Any, Any, type[Exception], str]] = []

    def bad(fn: Any, arg: Any, exc: type[Exception], path: str) -> None:
        cases.append((fn, arg, exc, path))

    ev = everything(m)
    ev.lists.scalars[3].tiny = 128
    bad(m.echo_everything, ev, OverflowError, r"v\.lists\.scalars\[3\]\.tiny: 128 is out of range for i8")
    ev = everything(m)
    ev.maps.by_u32[2**32 - 1].qword = -1
    bad(m.echo_everything, ev, OverflowError, r"v\.maps\.by_u32\[4294967295\]\.qword: -1 is out of range for u64")
    ev = everything(m)
    ev.maps.by_string["outer"]["inner"] = "1"
    bad(m.echo_everything, ev, TypeError, r"v\.maps\.by_string\['outer'\]\['inner'\]: expected int \(i32\), got str")
    ev = everything(m)
    ev.maps.by_i8[128] = "x"
    bad(m.echo_everything, ev, OverflowError, r"v\.maps\.by_i8 key 128: 128 is out of range for i8")
    ev = everything(m)
    ev.tree.children[1].next.label = None
    bad(m.echo_everything, ev, TypeError, r"v\.tree\.children\[1\]\.next\.label: expected str, got NoneType")
    ev = everything(m)
    ev.value.value[13].value.children[0].children.append("x")
    bad(m.echo_everything, ev, TypeError, r"v\.value\.value\[13\]\.value\.children\[0\]\.children\[0\]: expected Tree, got str")
    ev = everything(m)
    ev.optionals.scalars.single = 1e39
    bad(m.echo_everything, ev, OverflowError, r"v\.optionals\.scalars\.single: .* out of range for f32")
    ev = everything(m)
    ev.lists.floats[1] = 1e39
    bad(m.echo_everything, ev, OverflowError, r"v\.lists\.floats\[1\]: .* out of range for f32")
    ev = everything(m)
    ev.lists.flags[2] = 1
    bad(m.echo_everything, ev, TypeError, r"v\.lists\.flags\[2\]: expected bool, got int")
    ev = everything(m)
    ev.lists.colors[0] = 9
    bad(m.echo_everything, ev, ValueError, r"v\.lists\.colors\[0\]: 9 is not a valid Color")
    ev = everything(m)
    ev.lists.scalars[1].color = 4
    bad(m.echo_everything, ev, ValueError, r"v\.lists\.scalars\[1\]\.color: 4 is not a valid Color")
    ev = everything(m)
    ev.lists.scalars[0].flag = None
    bad(m.echo_everything, ev, TypeError, r"v\.lists\.scalars\[0\]\.flag: expected bool, got NoneType")
    ev = everything(m)
    ev.lists.maybes[1] = b"x"
    bad(m.echo_everything, ev, TypeError, r"v\.lists\.maybes\[1\]: expected str, got bytes")
    ev = everything(m)
    ev.lists.matrix[2][0] = 2**15
    bad(m.echo_everything, ev, OverflowError, r"v\.lists\.matrix\[2\]\[0\]: 32768 is out of range for i16")
    ev = everything(m)
    ev.expr.value[1].value.operand = m.ExprUnknown(9)
    bad(m.echo_everything, ev, ValueError, r"v\.expr\.value\[1\]\.value\.operand: ExprUnknown \(tag 9\) cannot be passed")
    ev = everything(m)
    ev.value = m.Blob()
    bad(m.echo_everything, ev, TypeError, r"v\.value: expected Value \(ValueFlag \| .*\), got Blob")
    ev = everything(m)
    ev.keywords.type_ = 256
    bad(m.echo_everything, ev, OverflowError, r"v\.keywords\.type_: 256 is out of range for u8")
    ev = everything(m)
    ev.lists.longs = (1, -2)
    bad(m.echo_everything, ev, OverflowError, r"v\.lists\.longs\[1\]: -2 is out of range for u64")
    ev = everything(m)
    ev.maps.by_color["RED"] = m.ValueFlag(True)
    bad(m.echo_everything, ev, TypeError, r"v\.maps\.by_color key 'RED': expected Color, got str")
    bad(m.echo_list_scalars, [scalars(m, 0), scalars(m, 1), m.Scalars(word=-1)], OverflowError, r"v\[2\]\.word: -1 is out of range for u16")
    bad(m.echo_list_f64, [1.0, "2"], TypeError, r"v\[1\]: expected float \(f64\), got str")
    bad(m.echo_map, {m.Color.RED: ["a", 1]}, TypeError, r"v\[<Color\.RED: 0>\]\[1\]: expected str, got int")
    bad(m.echo_opt_i32, 2**31, OverflowError, r"v: 2147483648 is out of range for i32")
    bad(m.echo_value, m.ValueNested([m.ValueInteger(2**63)]), OverflowError, r"v\.value\[0\]\.value: 9223372036854775808 is out of range for i64")
    bad(m.echo_value, m.ValueEmptyList([256]), OverflowError, r"v\.value\[0\]: 256 is out of range for u8")
    bad(m.echo_value, m.ValueData("s"), TypeError, r"v\.value: expected bytes, got str")
    bad(m.lengths, {"a": "b"}, TypeError, r"m\['a'\]: expected bytes, got str")
    bad(m.echo_scalars, scalars(m, 1).__class__, TypeError, r"v: expected Scalars, got type")
    for fn, arg, exc, path in cases:
        with pytest.raises(exc, match="^" + path):
            fn(arg)


# --- objects -----------------------------------------------------------------


def test_store(conf: ModuleType) -> None:
    m = conf
    with m.Store() as s:
        assert s.size() == 0 and s.keys() == []
        s.put("a", m.ValueInteger(1))
        s.put("b", m.ValueTree(tree(m)))
        s.put("a", m.ValueText("again"))
        assert s.keys() == ["a", "b"] and s.size() == 2
        assert s.get("a") == m.ValueText("again") and s.get("zz") is None
        assert s.fetch("b") == m.ValueTree(tree(m))
        with pytest.raises(m.ConfError) as ei:
            s.fetch("zz")
        assert ei.value.code == m.ConfError.NOT_FOUND
        assert m.store_size(s) == 2 and m.size_or_zero(s) == 2 and m.size_or_zero(None) == 0
        c = s.clone()
        assert isinstance(c, m.Store) and c.keys() == ["a", "b"]
        c.put("c", m.ValueFlag(True))
        assert s.size() == 2 and c.size() == 3
        s.merge(c)
        assert s.keys() == ["a", "b", "c"]
        p = s.pick(c)
        assert p is not None and p.size() == 3
        p.close()
        assert s.pick(None) is None
        with m.Store() as empty:
            assert s.pick(empty) is None
        c.close()
        with pytest.raises(m.ClosedError, match=r"^other: conformance\.Store is closed"):
            s.merge(c)
        with pytest.raises(m.ClosedError, match=r"^store: "):
            m.store_size(c)
        with pytest.raises(TypeError, match=r"^other: expected Store, got str"):
            s.merge("c")
        with pytest.raises(TypeError, match=r"^value: expected Value"):
            s.put("x", m.Blob())
    with pytest.raises(m.ClosedError, match="Store is closed"):
        s.size()
    s.close()  # double close is harmless


def _store_users(m: ModuleType, s: Any, t: Any) -> list[Any]:
    # Every way a call can use s: methods, and s as an argument and an
    # optional argument of methods and functions.
    def pick() -> None:
        p = t.pick(s)
        if p is not None:
            p.close()

    return [s.size, lambda: m.store_size(s), lambda: m.size_or_zero(s), lambda: t.merge(s), pick]


def test_store_close_while_threads_call(conf: ModuleType, inflight: Any, hammer: Any) -> None:
    # close() while other threads are inside calls that use the store:
    # new calls raise ClosedError, and the handle is destroyed once, after
    # the last call in flight has returned.
    m = conf
    names = ["_f_conformance_Store_size", "_f_conformance_store_size", "_f_conformance_size_or_zero",
             "_f_conformance_Store_merge", "_f_conformance_Store_pick"]
    with m.Store() as t:
        for _ in range(3):
            s = m.store_with("k", m.ValueInteger(1))
            with inflight(m, s._h, names, "_f_conformance_Store_destroy") as w:
                join, errors = hammer(m.ClosedError, _store_users(m, s, t))
                while w.calls < 40:
                    time.sleep(0.0005)
                s.close()
                assert join() == 4, errors()
                assert w.violations == []
                assert w.destroyed == 1
        assert t.keys() == ["k"]


def test_store_close_race(conf: ModuleType, hammer: Any) -> None:
    # The same race against the real library (a heap-use-after-free under
    # the sanitizer run when a destroy lands inside a call).
    m = conf
    with m.Store() as t:
        for _ in range(100):
            s = m.store_with("k", m.ValueInteger(1))
            n = [0]
            join, errors = hammer(m.ClosedError, [*_store_users(m, s, t), lambda: n.append(0)], threads=2)
            while len(n) < 20:
                time.sleep(0)
            s.close()
            assert join() == 2, errors()


def test_store_capacity(conf: ModuleType) -> None:
    m = conf
    with pytest.raises(m.ConfError) as ei:
        m.Store.with_capacity(0)
    assert ei.value.code == m.ConfError.INVALID
    with m.Store.with_capacity(2) as s:
        s.put("a", m.ValueFlag(True))
        s.put("b", m.ValueFlag(False))
        s.put("a", m.ValueFlag(False))
        with pytest.raises(m.ConfError) as ei:
            s.put("c", m.ValueFlag(True))
        assert ei.value.code == m.ConfError.FULL
    with pytest.raises(OverflowError, match="^capacity: "):
        m.Store.with_capacity(2**32)


def test_store_functions(conf: ModuleType) -> None:
    m = conf
    s = m.store_with("k", m.ValueNested(values(m)))
    assert s.keys() == ["k"] and same(s.fetch("k"), m.ValueNested(values(m)))
    s.close()
    assert m.maybe_store(False) is None
    t = m.maybe_store(True)
    assert t is not None and t.size() == 0
    del t  # garbage collection alone releases it


def test_store_gc(conf: ModuleType) -> None:
    m = conf
    s = m.Store()
    s.put("x", m.ValueText("y"))
    r = weakref.ref(s)
    del s
    gc.collect()
    assert r() is None
    for i in range(1000):
        m.store_with(str(i), m.ValueInteger(i))


def test_store_cycles(conf: ModuleType) -> None:
    for _ in range(100_000):
        conf.Store().close()


def test_rss_flat(conf: ModuleType) -> None:
    import os

    def rss() -> int:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

    strs = ["abc", "dé"]
    for _ in range(10_000):
        conf.echo_list_string(strs)
        conf.echo_string("hello")
    gc.collect()
    before = rss()
    for _ in range(200_000):
        conf.echo_list_string(strs)
        conf.echo_string("hello")
        conf.iota(4)
    gc.collect()
    assert rss() - before < 1 << 20


# --- objects inside values ---------------------------------------------------
#
# Inputs are borrowed: every object inside an argument is entered (counted
# in flight) for the call and left afterwards, also when a later one is
# closed or bad. Outputs are owned: every handle in a result becomes a new
# object, and the release of the C value destroys none of them twice.


def live(m: ModuleType) -> int:
    f = m.load().conformance_live_allocations
    f.argtypes = []
    f.restype = ctypes.c_int64
    return int(f())


def store(m: ModuleType, **entries: int) -> Any:
    s = m.Store()
    for k, v in entries.items():
        s.put(k, m.ValueInteger(v))
    return s


def contents(m: ModuleType, s: Any) -> dict[str, int]:
    assert type(s) is m.Store
    out = {}
    for k in s.keys():
        v = s.fetch(k)
        assert type(v) is m.ValueInteger
        out[k] = v.value
    return out


def held(m: ModuleType, v: Any) -> list[Any]:
    """Every Store inside v (a Shelf, Slot, list or dict), in order."""
    if type(v) is m.Store:
        return [v]
    if v is None or type(v) is m.SlotNone_:
        return []
    if isinstance(v, (list, tuple)):
        return [s for e in v for s in held(m, e)]
    if isinstance(v, dict):
        return held(m, list(v.values()))
    if type(v) in (m.SlotStore, m.SlotShelf):
        return held(m, v.value)
    assert type(v) is m.Shelf
    return held(m, [v.main, v.spare, v.stores, v.gaps, v.named, v.below])


def idle(*objs: Any) -> bool:
    """No call is counted in flight on any of objs."""
    return all(o._n == 0 for o in objs)


def check_made(m: ModuleType, sh: Any, n: int) -> None:
    # make_shelf's documented contents, down the shelves below.
    assert type(sh) is m.Shelf and sh.label == "lbl"
    assert contents(m, sh.main) == {"main": n}
    if n % 2:
        assert contents(m, sh.spare) == {}
    else:
        assert sh.spare is None
    assert [contents(m, s) for s in sh.stores] == [{f"k{j}": j for j in range(i)} for i in range(n)]
    assert sh.gaps[0] is None and len(sh.gaps) == 2 and contents(m, sh.gaps[1]) == {"g": 1}
    assert {k: contents(m, s) for k, s in sh.named.items()} == {f"s{i}": {str(i): i} for i in range(n)}
    if n:
        check_made(m, sh.below, n - 1)
    else:
        assert sh.below is None


def test_make_shelf(conf: ModuleType) -> None:
    m = conf
    for n in range(5):
        sh = m.make_shelf("lbl", n)
        check_made(m, sh, n)
        stores = held(m, sh)
        assert len(stores) == len({s._h for s in stores}) == sum(2 + 2 * i + i % 2 for i in range(n + 1))
        for s in stores:
            s.close()
        assert live(m) == 0
        check = [s.size for s in stores]
        for f in check:
            with pytest.raises(m.ClosedError):
                f()


def test_shelf_size_same_store_many_times(conf: ModuleType) -> None:
    m = conf
    with store(m, x=1, y=2) as a, store(m, p=1, q=2, r=3) as b:
        below = m.Shelf("below", b, a)
        sh = m.Shelf("l", a, None, [a, a, b], [None, a, None], {"p": a, "q": b}, below)
        # main 2, stores 2 + 2 + 3, gaps 2, named 2 + 3, below 3 + 2.
        assert m.shelf_size(sh) == 21
        assert m.shelf_size(m.Shelf("l", a, stores=[a] * 1000, gaps=[None] * 1000)) == 2002
        assert m.shelf_size(m.Shelf("l", b)) == 3
        assert m.sizes([a, None, b, None, a]) == [2, None, 3, None, 2]
        assert m.sizes([]) == [] and m.sizes([None]) == [None]
        assert idle(a, b)
        # The receiver as the argument too.
        a.merge(a)
        assert contents(m, a) == {"x": 1, "y": 2} and idle(a)


def test_clone_shelf(conf: ModuleType) -> None:
    m = conf
    a, b = store(m, x=1), store(m, y=2, z=3)
    sh = m.Shelf("l", a, b, [a, b, a], [None, b], {"k": a, "": b}, m.Shelf("below", b, None, [a]))
    c = m.clone_shelf(sh)
    assert idle(a, b)
    outs = held(m, c)
    assert len(outs) == 10 and len({s._h for s in outs}) == 10
    assert not {s._h for s in outs} & {a._h, b._h}
    a.close()
    b.close()
    # The clones are independent of the closed originals.
    assert c.label == "l" and contents(m, c.main) == {"x": 1} and contents(m, c.spare) == {"y": 2, "z": 3}
    assert [contents(m, s) for s in c.stores] == [{"x": 1}, {"y": 2, "z": 3}, {"x": 1}]
    assert c.gaps[0] is None and contents(m, c.gaps[1]) == {"y": 2, "z": 3}
    assert {k: contents(m, s) for k, s in c.named.items()} == {"k": {"x": 1}, "": {"y": 2, "z": 3}}
    assert c.below.label == "below" and c.below.spare is None and c.below.below is None
    assert contents(m, c.below.main) == {"y": 2, "z": 3} and [contents(m, s) for s in c.below.stores] == [{"x": 1}]
    c.stores[0].put("new", m.ValueInteger(7))
    assert contents(m, c.stores[2]) == {"x": 1}  # two clones of one store are two stores
    for s in outs:
        s.close()


def test_clone_shelf_or_fail(conf: ModuleType) -> None:
    m = conf
    with store(m, x=1) as a:
        sh = m.Shelf("l", a, a, [a], [a], {"k": a}, m.Shelf("b", a))
        before = live(m)
        with pytest.raises(m.ConfError) as ei:
            m.clone_shelf_or_fail(sh, True)
        assert ei.value.code == m.ConfError.INVALID
        assert live(m) == before and idle(a)
        c = m.clone_shelf_or_fail(sh, False)
        assert live(m) > before and idle(a)
        assert [contents(m, s) for s in held(m, c)] == [{"x": 1}] * 6
    assert contents(m, c.main) == {"x": 1}
    del c
    gc.collect()


def test_clone_slot(conf: ModuleType) -> None:
    m = conf
    with store(m, x=1) as a:
        r = m.clone_slot(m.SlotStore(a))
        assert type(r) is m.SlotStore and r.value._h != a._h and contents(m, r.value) == {"x": 1}
        sh = m.clone_slot(m.SlotShelf(m.Shelf("l", a, None, [a, a], [None], {"k": a})))
        assert type(sh) is m.SlotShelf and sh.value.label == "l" and sh.value.gaps == [None]
        assert [contents(m, s) for s in held(m, sh)] == [{"x": 1}] * 4
        assert m.clone_slot(m.SlotNone_(True)) == m.SlotNone_(True)
        assert m.clone_slot(m.SlotNone_(False)) == m.SlotNone_(False)
        assert type(m.clone_slot(m.SlotVacant())) is m.SlotVacant
        with pytest.raises(ValueError, match=r"^v: SlotUnknown \(tag 9\) cannot be passed"):
            m.clone_slot(m.SlotUnknown(9))
        assert idle(a)
    assert contents(m, r.value) == {"x": 1}
    for s in held(m, [r, sh]):
        s.close()


def test_clone_stores_and_named(conf: ModuleType) -> None:
    m = conf
    with store(m, x=1) as a, store(m) as b:
        out = m.clone_stores([a, b, a])
        assert [contents(m, s) for s in out] == [{"x": 1}, {}, {"x": 1}]
        assert len({s._h for s in out} | {a._h, b._h}) == 5
        assert m.clone_stores([]) == [] and m.clone_stores(()) == []
        named = m.clone_named({"a": a, "b": b, "again": a})
        assert {k: contents(m, s) for k, s in named.items()} == {"a": {"x": 1}, "b": {}, "again": {"x": 1}}
        assert m.clone_named({}) == {}
        assert idle(a, b)
    for s in [*out, *named.values()]:
        assert s.size() >= 0
        s.close()


def test_objects_in_results_freed_by_gc(conf: ModuleType) -> None:
    # Dropping a result is enough: each store it holds is destroyed by
    # garbage collection alone, and the counter returns to its start.
    m = conf
    a = store(m, x=1)
    start = live(m)
    results = [
        m.make_shelf("lbl", 4),
        m.clone_shelf(m.Shelf("l", a, a, [a], [None, a], {"k": a}, m.Shelf("b", a))),
        m.clone_shelf_or_fail(m.Shelf("l", a), False),
        m.clone_slot(m.SlotStore(a)),
        m.clone_slot(m.SlotShelf(m.Shelf("l", a, stores=[a, a]))),
        m.clone_stores([a, a, a]),
        m.clone_named({"p": a, "q": a}),
    ]
    refs = [weakref.ref(s) for s in held(m, results)]
    assert len(refs) == 32 + 6 + 1 + 1 + 3 + 3 + 2
    assert live(m) > start
    del results
    gc.collect()
    assert all(r() is None for r in refs)
    assert live(m) == start
    for _ in range(200):
        m.make_shelf("x", 3)
        m.clone_stores([a])
    gc.collect()
    assert live(m) == start
    a.close()


def _natives(m: ModuleType, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Replaces the native functions taking objects inside values with
    recorders, so that a test can check that no C code ran."""
    called: list[str] = []
    for name in ["shelf_size", "clone_shelf", "clone_shelf_or_fail", "clone_slot", "clone_stores", "clone_named", "sizes"]:
        real = getattr(m, "_f_conformance_" + name)

        def rec(*args: Any, _name: str = name, _real: Any = real) -> Any:
            called.append(_name)
            return _real(*args)

        monkeypatch.setattr(m, "_f_conformance_" + name, rec)
    return called


def test_closed_object_inside_argument(conf: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    m = conf
    called = _natives(m, monkeypatch)
    a, b = store(m, x=1), store(m)
    closed = store(m, y=2)
    closed.close()
    cases: list[tuple[Any, Any, str]] = [
        (m.shelf_size, m.Shelf("l", closed), "s.main"),
        (m.shelf_size, m.Shelf("l", a, closed), "s.spare"),
        (m.shelf_size, m.Shelf("l", a, b, [a, b, closed, a]), r"s.stores\[2\]"),
        (m.shelf_size, m.Shelf("l", a, None, [], [None, a, closed]), r"s.gaps\[2\]"),
        (m.shelf_size, m.Shelf("l", a, named={"ok": a, "bad": closed}), r"s.named\['bad'\]"),
        (m.shelf_size, m.Shelf("l", a, below=m.Shelf("b", a, below=m.Shelf("c", a, stores=[closed]))), r"s.below.below.stores\[0\]"),
        (m.clone_shelf, m.Shelf("l", a, stores=[a], below=m.Shelf("b", closed)), "s.below.main"),
        (lambda s: m.clone_shelf_or_fail(s, False), m.Shelf("l", a, None, [b], [closed]), r"s.gaps\[0\]"),
        (m.clone_slot, m.SlotStore(closed), "v.value"),
        (m.clone_slot, m.SlotShelf(m.Shelf("l", a, named={"n": closed})), r"v.value.named\['n'\]"),
        (m.clone_stores, [a, a, closed], r"v\[2\]"),
        (m.clone_named, {"k": a, "x": closed}, r"m\['x'\]"),
        (m.sizes, [None, a, closed], r"v\[2\]"),
    ]
    for fn, arg, path in cases:
        with pytest.raises(m.ClosedError, match="^" + path + r": conformance\.Store is closed$"):
            fn(arg)
        assert called == [], path
        assert idle(a, b), path
    assert contents(m, a) == {"x": 1}
    a.close()
    b.close()


def test_none_in_required_object_position(conf: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    m = conf
    called = _natives(m, monkeypatch)
    a = store(m, x=1)
    cases: list[tuple[Any, Any, str]] = [
        (m.shelf_size, m.Shelf("l", None), "s.main: expected Store, got NoneType"),
        (m.shelf_size, m.Shelf("l", a, None, [a, None]), r"s.stores\[1\]: expected Store, got NoneType"),
        (m.shelf_size, m.Shelf("l", a, named={"k": None}), r"s.named\['k'\]: expected Store, got NoneType"),
        (m.shelf_size, m.Shelf("l", a, below=m.Shelf("b", None)), "s.below.main: expected Store, got NoneType"),
        (m.shelf_size, m.Shelf("l", a, "a"), "s.spare: expected Store, got str"),
        (m.shelf_size, m.Shelf("l", a, None, [a], [a, 1]), r"s.gaps\[1\]: expected Store, got int"),
        (m.shelf_size, m.Shelf("l", m.Shelf("x", a)), "s.main: expected Store, got Shelf"),
        (m.clone_slot, m.SlotStore(None), "v.value: expected Store, got NoneType"),
        (m.clone_slot, m.SlotShelf(m.Shelf("l", a, stores=[None])), r"v.value.stores\[0\]: expected Store, got NoneType"),
        (m.clone_stores, [a, None], r"v\[1\]: expected Store, got NoneType"),
        (m.clone_stores, None, "v: expected list, got NoneType"),
        (m.clone_named, {"k": None}, r"m\['k'\]: expected Store, got NoneType"),
        (m.sizes, [a, "s"], r"v\[1\]: expected Store, got str"),
    ]
    for fn, arg, msg in cases:
        with pytest.raises(TypeError, match="^" + msg + "$"):
            fn(arg)
        assert called == [], msg
        assert idle(a), msg
    with pytest.raises(TypeError):
        m.Shelf()  # label and main have no default
    with pytest.raises(TypeError):
        m.SlotStore()
    a.close()


def test_object_closed_during_call_stays_until_it_returns(conf: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    # An object inside an argument is closed while the call is in C (as
    # another thread could): it is destroyed once, after the call returns.
    m = conf
    a, b = store(m, x=1), store(m, y=1, z=2)
    destroyed: list[int] = []
    real_destroy = m._f_conformance_Store_destroy
    real_size = m._f_conformance_shelf_size

    def destroy(h: int) -> None:
        destroyed.append(h)
        real_destroy(h)

    def size(s: Any) -> int:
        a.close()
        b.close()
        assert destroyed == [] and a._n == 2 and b._n == 1
        return int(real_size(s))

    monkeypatch.setattr(m, "_f_conformance_Store_destroy", destroy)
    monkeypatch.setattr(m, "_f_conformance_shelf_size", size)
    ha, hb = a._h, b._h
    assert m.shelf_size(m.Shelf("l", a, None, [b, a])) == 1 + 2 + 1
    assert sorted(destroyed) == sorted([ha, hb])
    with pytest.raises(m.ClosedError):
        a.size()


def test_objects_inside_close_race(conf: ModuleType, hammer: Any) -> None:
    # Threads call with the same store many times inside their arguments
    # while it is closed (a heap-use-after-free under the sanitizer run if
    # a destroy landed inside a call); every thread stops on ClosedError.
    m = conf
    with store(m, k=1) as t:
        for _ in range(50):
            s = store(m, x=1)
            n = [0]
            calls = [
                lambda: m.shelf_size(m.Shelf("l", t, s, [s, t, s], [None, s], {"a": s, "b": s})),
                lambda: m.sizes([s, None, s]),
                lambda: [c.close() for c in m.clone_stores([s, t])],
                lambda: n.append(0),
            ]
            join, errors = hammer(m.ClosedError, calls, threads=2)
            while len(n) < 10:
                time.sleep(0)
            s.close()
            assert join() == 2, errors()
        assert idle(t) and contents(m, t) == {"k": 1}


def _null_one(m: ModuleType, monkeypatch: pytest.MonkeyPatch, fn: str, where: Any) -> None:
    """Makes native fn break the contract: after the real call, the handle
    where(result) picks (a ctypes array and index, or a struct and field
    name) is destroyed and set to NULL."""
    real = getattr(m, "_f_conformance_" + fn)
    destroy = m._f_conformance_Store_destroy

    def broken(*args: Any) -> Any:
        r = real(*args)
        c, k = where(r)
        if isinstance(k, str):
            destroy(getattr(c, k))
            setattr(c, k, None)
        else:
            destroy(c[k])
            c[k] = None
        return r

    monkeypatch.setattr(m, "_f_conformance_" + fn, broken)


def _handles(p: int, n: int) -> Any:
    return (ctypes.c_void_p * n).from_address(p)


@pytest.mark.parametrize(
    "fn,where,call",
    [
        ("make_shelf", lambda r: (r, "main"), lambda m, a: m.make_shelf("x", 3)),
        ("make_shelf", lambda r: (_handles(r.stores.ptr, r.stores.len), 1), lambda m, a: m.make_shelf("x", 3)),
        ("make_shelf", lambda r: (_handles(r.named.values, r.named.len), 2), lambda m, a: m.make_shelf("x", 3)),
        ("make_shelf", lambda r: (type(r).from_address(r.below), "main"), lambda m, a: m.make_shelf("x", 3)),
        ("clone_slot", lambda r: (r.u, "store"), lambda m, a: m.clone_slot(m.SlotStore(a))),
        ("clone_stores", lambda r: (_handles(r.ptr, r.len), 0), lambda m, a: m.clone_stores([a, a])),
        ("clone_named", lambda r: (_handles(r.values, r.len), 0), lambda m, a: m.clone_named({"k": a})),
    ],
)
def test_null_handle_in_result(conf: ModuleType, monkeypatch: pytest.MonkeyPatch, fn: str, where: Any, call: Any) -> None:
    # A NULL where an object is required breaks the contract: RuntimeError,
    # as for a NULL object result, and every other handle of the value is
    # destroyed (by the release or by the objects already made).
    m = conf
    with store(m, x=1) as a:
        start = live(m)
        _null_one(m, monkeypatch, fn, where)
        with pytest.raises(RuntimeError, match=r"^conformance: the library returned a NULL Store$"):
            call(m, a)
        gc.collect()
        assert live(m) == start and idle(a)


def test_null_in_optional_result_position_is_absent(conf: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    m = conf
    _null_one(m, monkeypatch, "make_shelf", lambda r: (_handles(r.gaps.ptr, r.gaps.len), 1))
    sh = m.make_shelf("x", 1)
    assert sh.gaps == [None, None] and contents(m, sh.spare) == {}
