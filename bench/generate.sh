#!/bin/sh
# Regenerates the benchmark's generated code (committed, so the benchmark
# runs without protoc or bindgen). Needs protoc and protoc-gen-go on PATH.
set -e
cd "$(dirname "$0")"
(cd .. && go run ./cmd/bindgen gen --lang=c,wire --out=bench/benchmsg bench/order.idl)
mv benchmsg/benchmsg.py benchmsg/benchmsg_wire.py python/
# The C codec (benchmsg.h from --lang=c, benchmsg_wire.h/.c) lives beside
# its harness in c/: a Go package directory must not hold C files.
mv benchmsg/benchmsg.h benchmsg/benchmsg_wire.h benchmsg/benchmsg_wire.c c/
protoc --go_out=pb --go_opt=paths=source_relative order.proto
protoc --python_out=python order.proto
