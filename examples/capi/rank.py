#!/usr/bin/env python3
"""Ranking from Python through libthidua.so with ctypes (include/thidua/thidua.h, docs/api.md).

    python3 rank.py [--library libthidua.so] SCHEME.toml SCORES.csv [ID]

Prints each block's first three from the `thidua rank --format json` document, or with an
ID the explanation of that subject. Only the standard library (thidua_ctypes.py beside it):
the same pattern works from any language with a C FFI.
"""
import argparse
import sys

from thidua_ctypes import Thidua, ThiduaError

parser = argparse.ArgumentParser()
parser.add_argument("--library")
parser.add_argument("scheme")
parser.add_argument("scores")
parser.add_argument("id", nargs="?")
args = parser.parse_args()

thidua = Thidua(args.library)
try:
    scheme = thidua.scheme(args.scheme)
    result = thidua.rank(scheme, thidua.sheet(scheme, args.scores))
    if args.id:
        e = thidua.explain(result, args.id)
        print(f"{e['id']} {e['name']}: {e['total_text']} điểm, {e['class_name']}, hạng {e['rank']} ({e['group']})")
    else:
        shown = {}
        for r in thidua.ranking(result)["results"]:
            if shown.setdefault(r["group"], 0) < 3:
                shown[r["group"]] += 1
                print(f"{r['group']:10} {r['rank']:>3}  {r['id']:8} {r['total_text']:>6}  {r['name']}")
except ThiduaError as e:
    print(e, file=sys.stderr)
    sys.exit(2)
