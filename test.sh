#!/usr/bin/env bash
# Runs every test of bindgen: the main module (unit, golden, round-trip tests
# through gcc/cgo/python3, the examples), the bench module's tests, and each
# fuzz target for a short bounded time. Needs go, gcc, g++, clang, python3
# with mypy and pytest, protoc and flatc on PATH, staticcheck on PATH or in
# $(go env GOPATH)/bin; .ci/run installs them.
#
#   ./test.sh                everything (each fuzz target for a fixed number
#                            of executions, about 8 s each on 2 cores)
#   FUZZSCALE=10 ./test.sh   ten times as many fuzz executions
#   FUZZTIME=0 ./test.sh     skip the fuzzing step
#   FUZZTIME=60s ./test.sh   fuzz each target for a duration instead
#
# Why counts and not a duration by default: with -fuzztime=<duration>, Go
# 1.26's fuzz coordinator can report "context deadline exceeded" as a
# failure when the deadline fires while a worker is mid-call
# (golang/go#75804, fixed in Go 1.27). A count (-fuzztime=<N>x) sets no
# deadline, so a loaded machine fuzzes more slowly instead of failing.
# Minimizing a new input is bounded by -fuzzminimizetime=5s (the default,
# 60 s, stalled FuzzGenerate for most of a minute; that bound is kept by
# the worker, not by the coordinator, so it does not meet the race).
set -euo pipefail
cd "$(dirname "$0")"

fuzztime=${FUZZTIME:-}
fuzzscale=${FUZZSCALE:-1}
# Executions per fuzz target (baseline coverage included), sized to about
# 8 s with two workers on a 2 vCPU machine. A target missing here gets
# the default and a note, so that a new target is sized on purpose.
declare -A fuzzexecs=(
	[FuzzGenerate]=30000
	[FuzzParseCheck]=50000
	[FuzzFormat]=8000
	[FuzzScalars]=80000
	[FuzzInner]=30000
	[FuzzChoice]=150000
	[FuzzEverything]=150000
	[FuzzNode]=80000
	[FuzzConfig]=100000
	[FuzzRPCServer]=50000
	[FuzzRPCClient]=100000
)
step() { printf '\n=== %s\n' "$*"; }

step "go vet ./..."
go vet ./...

# staticcheck (default checks) over bindgen's own code in every module;
# it skips the generated files, which cmd/bindgen's TestLintGo checks.
step "staticcheck ./... (main, bench, grpctest)"
staticcheck=$(command -v staticcheck || echo "$(go env GOPATH)/bin/staticcheck")
"$staticcheck" ./...
for m in bench grpctest; do
	if [[ -f $m/go.mod ]]; then (cd "$m" && "$staticcheck" ./...); fi
done

step "go test ./..."
go test -count=1 -timeout 30m ./...

# The conformance codec again with every container of scalars calling the
# Go runtime's generic helpers (the form a file takes when it is the
# smaller one): the shared vectors through both forms.
step "go test -tags wiregeneric ./gen/wire/internal/conformance"
go vet -tags wiregeneric ./gen/wire/internal/conformance
go test -count=1 -tags wiregeneric ./gen/wire/internal/conformance

if [[ -f bench/go.mod ]]; then
	step "go test ./... (bench module)"
	(cd bench && go vet ./... && go test -count=1 -timeout 20m ./...)
fi

if [[ -f grpctest/go.mod ]]; then
	step "go test ./... (grpctest module)"
	(cd grpctest && go vet ./... && go test -count=1 -timeout 10m ./...)
fi

# fuzz DIR runs every fuzz target of the module in DIR for its budget.
# `go test -list` prints each package's matching names, then its
# "ok  <pkg>" line; a fuzz target runs alone in its own package.
fuzz() {
	local pkg target list
	# Listed first, so that a package that fails to build fails the run.
	list=$(cd "$1" && go test -list '^Fuzz' ./...)
	while read -r pkg target; do
		local budget=$fuzztime
		if [[ -z $budget ]]; then
			if [[ -z ${fuzzexecs[$target]:-} ]]; then
				echo "note: $target has no budget in test.sh; using 20000 executions"
			fi
			budget=$((${fuzzexecs[$target]:-20000} * fuzzscale))x
		fi
		printf -- '--- fuzz %s %s (%s)\n' "$pkg" "$target" "$budget"
		(cd "$1" && go test -run='^$' -fuzz="^${target}\$" -fuzztime="$budget" -fuzzminimizetime=5s -timeout=10m "$pkg" </dev/null)
		nfuzz=$((nfuzz + 1))
	done < <(awk '/^Fuzz/ { names[++k] = $1; next }
		/^ok / { for (i = 1; i <= k; i++) print $2, names[i]; k = 0 }' <<<"$list")
}

if [[ $fuzztime != 0 ]]; then
	step "fuzz targets"
	nfuzz=0
	fuzz .
	if [[ -f bench/go.mod ]]; then fuzz bench; fi
	if [[ -f grpctest/go.mod ]]; then fuzz grpctest; fi
	echo "fuzzed $nfuzz targets"
	# Every budgeted target must still exist and have run.
	if ((nfuzz < ${#fuzzexecs[@]})); then
		echo "fuzzed only $nfuzz targets, but test.sh budgets ${#fuzzexecs[@]}" >&2
		exit 1
	fi
fi

step "all tests passed"
