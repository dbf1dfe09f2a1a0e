#!/usr/bin/env bash
# Rewrites the golden files of tests/unit/golden_test.cpp from the current sources:
#   tests/data/golden/xep-hang.json   what `thidua demo` writes as JSON
#   tests/data/golden/xep-hang.csv    what `thidua demo` writes as CSV
#   tests/data/golden/danh-hieu.csv   what `thidua demo` writes as the titles proposal list
#   tests/data/golden/demo-table.txt  what `thidua demo` prints
#
# Use it only after a deliberate change to the output, then review every changed line:
#   scripts/update-golden.sh && git diff tests/data/golden/
# A changed total, class or rank is a change to the engine: check it against the sample's
# independent scorer (python3 examples/data/generate_sample.py --report) before committing.
#
# BUILD_DIR (default build-golden) is the build folder; it is configured and built here.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-"$root/build-golden"}
golden="$root/tests/data/golden"

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Debug -DTHIDUA_WERROR=ON >/dev/null
cmake --build "$build" -j "$(nproc)" --target thidua_cli >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The same command line as the test: run inside a fresh folder with --out-dir out, so the
# last printed line names out/xep-hang.json wherever this runs.
(cd "$work" && "$build/bin/thidua" demo --out-dir out >stdout.txt 2>stderr.txt) || {
  echo "update-golden: thidua demo failed:" >&2
  cat "$work/stderr.txt" >&2
  exit 1
}
if [ -s "$work/stderr.txt" ]; then
  echo "update-golden: note: thidua demo printed on standard error:" >&2
  cat "$work/stderr.txt" >&2
fi

mkdir -p "$golden"
cp "$work/out/xep-hang.json" "$golden/xep-hang.json"
cp "$work/out/xep-hang.csv" "$golden/xep-hang.csv"
cp "$work/out/danh-hieu.csv" "$golden/danh-hieu.csv"
cp "$work/stdout.txt" "$golden/demo-table.txt"
echo "update-golden: wrote $golden/{xep-hang.json,xep-hang.csv,danh-hieu.csv,demo-table.txt}"
git -C "$root" --no-pager diff --stat -- tests/data/golden/ || true
