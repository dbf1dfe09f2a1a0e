#!/usr/bin/env python3
"""Ranking from Python through libthidua.so with ctypes (include/thidua/thidua.h, docs/api.md).

    python3 rank.py [--library libthidua.so] SCHEME.toml SCORES.csv [ID]

Prints each block's first three from the `thidua rank --format json` document, or with an
ID the explanation of that subject. Only the standard library: the same pattern works from
any language with a C FFI.
"""
import argparse
import ctypes
import ctypes.util
import json
import sys

parser = argparse.ArgumentParser()
parser.add_argument("--library", default=ctypes.util.find_library("thidua") or "libthidua.so.0")
parser.add_argument("scheme")
parser.add_argument("scores")
parser.add_argument("id", nargs="?")
args = parser.parse_args()

lib = ctypes.CDLL(args.library)
# Handles are opaque pointers. Strings the library allocates come back as void* so that they
# can be handed to thidua_string_free; `const char*` owned by a handle may be c_char_p.
H, OUT = ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p)
for name, restype, argtypes in [
    ("thidua_scheme_load", ctypes.c_int, [ctypes.c_char_p, OUT, OUT]),
    ("thidua_sheet_load", ctypes.c_int, [H, ctypes.c_char_p, ctypes.c_char_p, OUT, OUT]),
    ("thidua_rank", ctypes.c_int, [H, H, H, ctypes.c_char_p, OUT, OUT]),
    ("thidua_result_json", ctypes.c_int, [H, OUT, OUT]),
    ("thidua_explain_json", ctypes.c_int, [H, ctypes.c_char_p, OUT, OUT]),
    ("thidua_error_json", ctypes.c_char_p, [H]),
    ("thidua_string_free", None, [H]),
    ("thidua_scheme_free", None, [H]),
    ("thidua_sheet_free", None, [H]),
    ("thidua_result_free", None, [H]),
    ("thidua_error_free", None, [H]),
]:
    function = getattr(lib, name)
    function.restype, function.argtypes = restype, argtypes


class ThiduaError(Exception):
    """A failed call: `diagnostics` holds every problem with its id, file, line and column."""

    def __init__(self, error):
        details = json.loads(lib.thidua_error_json(error).decode())
        lib.thidua_error_free(error)
        self.status, self.diagnostics = details["status"], details["diagnostics"]
        super().__init__("\n".join(d["text"] for d in self.diagnostics) or self.status)


def call(function, *arguments):
    """Calls `function(*arguments, &error)` and raises ThiduaError unless it returns THIDUA_OK."""
    error = H()
    if function(*arguments, ctypes.byref(error)) != 0:
        raise ThiduaError(error)


def take_string(pointer):
    try:
        return ctypes.string_at(pointer).decode()
    finally:
        lib.thidua_string_free(pointer)


scheme, sheet, result, text = H(), H(), H(), H()
try:
    call(lib.thidua_scheme_load, args.scheme.encode(), ctypes.byref(scheme))
    call(lib.thidua_sheet_load, scheme, args.scores.encode(), None, ctypes.byref(sheet))
    call(lib.thidua_rank, scheme, sheet, None, None, ctypes.byref(result))
    if args.id:
        call(lib.thidua_explain_json, result, args.id.encode(), ctypes.byref(text))
        e = json.loads(take_string(text))
        print(f"{e['id']} {e['name']}: {e['total_text']} điểm, {e['class_name']}, hạng {e['rank']} ({e['group']})")
    else:
        call(lib.thidua_result_json, result, ctypes.byref(text))
        shown = {}
        for r in json.loads(take_string(text))["results"]:
            if shown.setdefault(r["group"], 0) < 3:
                shown[r["group"]] += 1
                print(f"{r['group']:10} {r['rank']:>3}  {r['id']:8} {r['total_text']:>6}  {r['name']}")
except ThiduaError as e:
    print(e, file=sys.stderr)
    sys.exit(2)
finally:
    # Freeing NULL is fine, so every handle can be freed whatever failed.
    lib.thidua_result_free(result)
    lib.thidua_sheet_free(sheet)
    lib.thidua_scheme_free(scheme)
