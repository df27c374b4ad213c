#!/bin/sh
# Regenerates the benchmark's generated code (committed, so the benchmark
# runs without protoc or bindgen). Needs protoc and protoc-gen-go on PATH.
set -e
cd "$(dirname "$0")"
# Each codec goes where its language's files live: the Go codec into the
# package benchmsg (which does not use cgo, so it must not hold C files),
# the C codec and the header beside their harness in c/, the Python codec
# beside bench.py.
(cd .. && go run ./cmd/bindgen gen --lang=go-wire,python-wire,c-wire \
	--go-out=bench/benchmsg --python-out=bench/python --c-out=bench/c bench/order.idl)
protoc --go_out=pb --go_opt=paths=source_relative order.proto
protoc --python_out=python order.proto
# SmallStruct: bindgen, protobuf-go and gogo/protobuf (protoc-gen-gogofaster
# v1.3.2 on PATH; its proto package differs so the two registries never
# meet the same names).
(cd .. && go run ./cmd/bindgen gen --lang=go-wire --go-out=bench/smallmsg bench/small.idl)
protoc --go_out=smallpb --go_opt=paths=source_relative small.proto
sed 's/package smallpb;/package gogosmall;/; s#bench/smallpb#bench/gogosmall#' small.proto >gogosmall/small.proto
(cd gogosmall && protoc --gogofaster_out=. --gogofaster_opt=paths=source_relative small.proto)
