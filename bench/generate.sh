#!/bin/sh
# Regenerates the benchmark's generated code (committed, so the benchmark
# runs without protoc or bindgen). Needs protoc and protoc-gen-go on PATH.
set -e
cd "$(dirname "$0")"
(cd .. && go run ./cmd/bindgen gen --lang=wire --out=bench/benchmsg bench/order.idl)
mv benchmsg/benchmsg.py benchmsg/benchmsg_wire.py python/
# The C codec is engineer B's benchmark; the Go package must not hold C files.
rm -f benchmsg/*.c benchmsg/*.h
protoc --go_out=pb --go_opt=paths=source_relative order.proto
protoc --python_out=python order.proto
