#!/usr/bin/env bash
# Runs every test of bindgen: the main module (unit, golden, round-trip tests
# through gcc/cgo/python3, the examples), the bench module's tests, and each
# fuzz target for a short bounded time. Needs go, gcc, g++, clang, python3
# with mypy and pytest, protoc and flatc on PATH; .ci/run installs them.
#
#   ./test.sh              everything (FUZZTIME=10s per fuzz target)
#   FUZZTIME=0 ./test.sh   skip the fuzzing step
set -euo pipefail
cd "$(dirname "$0")"

fuzztime=${FUZZTIME:-10s}
step() { printf '\n=== %s\n' "$*"; }

step "go vet ./..."
go vet ./...

step "go test ./..."
go test -count=1 -timeout 30m ./...

if [[ -f bench/go.mod ]]; then
	step "go test ./... (bench module)"
	(cd bench && go vet ./... && go test -count=1 -timeout 20m ./...)
fi

# fuzz DIR runs every fuzz target of the module in DIR for $fuzztime.
# `go test -list` prints each package's matching names, then its
# "ok  <pkg>" line; a fuzz target runs alone in its own package.
fuzz() {
	local pkg target
	while read -r pkg target; do
		printf -- '--- fuzz %s %s\n' "$pkg" "$target"
		(cd "$1" && go test -run='^$' -fuzz="^${target}\$" -fuzztime="$fuzztime" "$pkg" </dev/null)
		nfuzz=$((nfuzz + 1))
	done < <(cd "$1" && go test -list '^Fuzz' ./... | awk '/^Fuzz/ { names[++k] = $1; next }
		/^ok / { for (i = 1; i <= k; i++) print $2, names[i]; k = 0 }')
}

if [[ $fuzztime != 0 ]]; then
	step "fuzz targets, $fuzztime each"
	nfuzz=0
	fuzz .
	if [[ -f bench/go.mod ]]; then fuzz bench; fi
	echo "fuzzed $nfuzz targets"
fi

step "all tests passed"
