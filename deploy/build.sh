#!/usr/bin/env bash
# Builds the parindex binary: the one command CI, the Makefile, the end-to-end test and the
# container image use. DuckDB is linked through cgo, so a C compiler is needed; `go build` fetches
# only this platform's DuckDB library (never run `go mod download`: it fetches every platform's).
#
# usage: deploy/build.sh [OUTPUT]   (default: ./parindex)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-parindex}
CGO_ENABLED=1 ${GO:-go} build -ldflags='-s -w' -o "$out" .
