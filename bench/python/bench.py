"""Python wire codec benchmark: bindgen's generated benchmsg_wire.py vs the
stdlib json module and the protobuf package, on the message of bench_test.go.

    cd bench/python && python3 bench.py
"""

from __future__ import annotations

import dataclasses
import json
import platform
import sys
import time
import timeit

import google.protobuf
from google.protobuf.internal import api_implementation

import benchmsg as m
import benchmsg_wire as w
import order_pb2 as pb


def new_order() -> m.Order:
    return m.Order(
        id=1234567890123,
        customer="Ada Lovelace",
        email="ada@example.com",
        status=m.Status.SUSPENDED,
        created_ms=1764072000123,
        total=1234.56,
        shipping=m.Address(street="12 Analytical Engine Road", city="London", zip=10115),
        items=[m.LineItem(sku=f"SKU-{1000 + i * 37:06d}", quantity=1 + i % 4, price=9.99 + i * 3.5) for i in range(8)],
        tags=["priority", "gift", "fragile", "express"],
        attrs={"channel": "web", "coupon": "WINTER25", "locale": "en-GB"},
        scores=[98, -3, 1500, 42, 7, 0, 65000, -120],
        priority=3,
        verified=True,
    )


def to_proto(o: m.Order) -> pb.Order:
    p = pb.Order(
        id=o.id, customer=o.customer, email=o.email, status=int(o.status), created_ms=o.created_ms,
        total=o.total, tags=o.tags, scores=o.scores, priority=o.priority, verified=o.verified,
    )
    p.shipping.street, p.shipping.city, p.shipping.zip = o.shipping.street, o.shipping.city, o.shipping.zip
    for it in o.items:
        p.items.add(sku=it.sku, quantity=it.quantity, price=it.price)
    p.attrs.update(o.attrs)
    return p


def order_to_dict(o: m.Order) -> dict:
    """What encoding a dataclass as JSON takes by hand (faster than asdict)."""
    return {
        "id": o.id, "customer": o.customer, "email": o.email, "status": int(o.status),
        "created_ms": o.created_ms, "total": o.total,
        "shipping": {"street": o.shipping.street, "city": o.shipping.city, "zip": o.shipping.zip},
        "items": [{"sku": i.sku, "quantity": i.quantity, "price": i.price} for i in o.items],
        "tags": o.tags, "attrs": o.attrs, "scores": o.scores, "priority": o.priority, "verified": o.verified,
    }


def order_from_dict(d: dict) -> m.Order:
    """What decoding JSON into the dataclasses takes by hand."""
    return m.Order(
        id=d["id"], customer=d["customer"], email=d["email"], status=m.Status(d["status"]),
        created_ms=d["created_ms"], total=d["total"], shipping=m.Address(**d["shipping"]),
        items=[m.LineItem(**i) for i in d["items"]], tags=d["tags"], attrs=d["attrs"],
        scores=d["scores"], priority=d["priority"], verified=d["verified"],
    )


def best(fn, number: int) -> float:
    """Best of 7 repeats, in microseconds of process CPU time per call (the
    CPU time, not the wall clock, so that other load on the machine counts
    less)."""
    return min(timeit.repeat(fn, number=number, repeat=7, timer=time.process_time)) / number * 1e6


def main() -> None:
    o = new_order()
    data = w.encode_order(o)
    assert w.decode_order(data) == o
    d = dataclasses.asdict(o)
    js = json.dumps(d)
    assert order_from_dict(json.loads(js)) == o
    p = to_proto(o)
    pbs = p.SerializeToString()
    n = 5000
    rows = [
        ("bindgen", len(data), best(lambda: w.encode_order(o), n), best(lambda: w.decode_order(data), n)),
        ("json (dict)", len(js), best(lambda: json.dumps(d), n), best(lambda: json.loads(js), n)),
        ("json (objs)", len(js), best(lambda: json.dumps(order_to_dict(o)), n), best(lambda: order_from_dict(json.loads(js)), n)),
        ("protobuf", len(pbs), best(lambda: p.SerializeToString(), n), best(lambda: pb.Order.FromString(pbs), n)),
    ]
    print(f"python {platform.python_version()}, protobuf {google.protobuf.__version__} ({api_implementation.Type()} backend), {platform.machine()}")
    print(f"{'codec':<12} {'bytes':>5} {'encode us':>10} {'decode us':>10}")
    for name, size, enc, dec in rows:
        print(f"{name:<12} {size:>5} {enc:>10.2f} {dec:>10.2f}")
    b = rows[0]
    for name, _, enc, dec in rows[1:]:
        print(f"bindgen vs {name}: encode {enc / b[2]:.2f}x, decode {dec / b[3]:.2f}x (>1 = bindgen faster)")


if __name__ == "__main__":
    sys.exit(main())
