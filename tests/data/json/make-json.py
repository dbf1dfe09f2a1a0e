#!/usr/bin/env python3
"""Writes the JSON twins of the example scheme and review scores, for tests/unit/json_input_test.cpp.

    python3 tests/data/json/make-json.py

truong-hoc-2024-2025.json: examples/data/truong-hoc-2024-2025.toml as JSON (tomllib), with the
relative paths it names ([members] scheme, [awards] include) made relative to this folder.
diem-hoi-dong.json: examples/data/diem-hoi-dong.csv as {"rows": [...]}, numbers written with
their CSV text, flags as true/false, empty cells as null.
"""
import csv
import datetime
import json
import os
import re
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.normpath(os.path.join(HERE, "..", "..", "..", "examples", "data"))


def relative(name):
    return os.path.relpath(os.path.join(EXAMPLES, name), HERE)


def plain(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def scheme():
    with open(os.path.join(EXAMPLES, "truong-hoc-2024-2025.toml"), "rb") as f:
        doc = plain(tomllib.load(f))
    if "members" in doc:
        doc["members"]["scheme"] = relative(doc["members"]["scheme"])
    if "awards" in doc and "include" in doc["awards"]:
        doc["awards"]["include"] = [relative(p) for p in doc["awards"]["include"]]
    with open(os.path.join(HERE, "truong-hoc-2024-2025.json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2)
        f.write("\n")


NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")


def cell(key, text):
    if text == "":
        return "null"
    if key.startswith("flag:") and text in ("0", "1"):
        return "true" if text == "1" else "false"
    if key not in ("id", "name", "group") and NUMBER.fullmatch(text):
        return text  # the CSV's digits, exactly
    return json.dumps(text, ensure_ascii=False)


def scores():
    with open(os.path.join(EXAMPLES, "diem-hoi-dong.csv"), encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    lines = []
    for row in rows:
        members = ", ".join(f"{json.dumps(k, ensure_ascii=False)}: {cell(k, v)}" for k, v in row.items())
        lines.append("    {" + members + "}")
    with open(os.path.join(HERE, "diem-hoi-dong.json"), "w", encoding="utf-8") as f:
        f.write('{\n  "rows": [\n' + ",\n".join(lines) + "\n  ]\n}\n")


if __name__ == "__main__":
    scheme()
    scores()
