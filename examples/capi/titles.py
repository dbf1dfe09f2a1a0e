#!/usr/bin/env python3
"""Titles (danh hiệu) from a staff-records system through libthidua.so (docs/api.md).

    python3 titles.py [--library libthidua.so] SCHEME.toml SCORES.csv STAFF.csv MEMBER_SCORES.csv HISTORY.csv

The units are ranked from their score file; the staff list is sent as JSON rows built in
memory, as a staff-records system would from its own database (here read from STAFF.csv);
the members' scores and the earlier years are files. Prints each title's count and reward,
and its first three holders.
"""
import argparse
import csv
import json
import sys

from thidua_ctypes import Thidua, ThiduaError

parser = argparse.ArgumentParser()
parser.add_argument("--library")
for name in ("scheme", "scores", "staff", "member_scores", "history"):
    parser.add_argument(name)
args = parser.parse_args()


def staff_rows(path):
    """The staff as JSON rows: flags as booleans, counts as numbers (docs/json-input.md)."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = []
        for row in csv.DictReader(f):
            rows.append({key: (value == "1") if key.startswith("flag:") else int(value) if value.isdigit() else value
                         for key, value in row.items()})
    return json.dumps({"rows": rows}, ensure_ascii=False)


thidua = Thidua(args.library)
try:
    scheme = thidua.scheme(args.scheme)
    result = thidua.rank(scheme, thidua.sheet(scheme, args.scores))
    titles = thidua.titles(result, {
        "members": {"text": staff_rows(args.staff), "format": "json", "name": "hồ sơ cán bộ"},
        "member_scores": args.member_scores,
        "history": args.history,
    })
    for t in titles["titles"]:
        reward = f"{t['reward_each']:,}".replace(",", ".")
        print(f"{t['id']:10} {t['name']}: {t['count']} ({reward} đ mỗi người), đầu danh sách: "
              + ", ".join(t["holders"][:3]))
except ThiduaError as e:
    print(e, file=sys.stderr)
    sys.exit(2)
