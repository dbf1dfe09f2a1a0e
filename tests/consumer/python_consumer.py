#!/usr/bin/env python3
"""A Python system using the installed binding: python_consumer.py BINDING_DIR LIBTHIDUA SCHEME SCORES.

Imports thidua_ctypes from the installed share/thidua/python (not from the source tree),
loads the installed libthidua.so, ranks the sample and prints what the other consumers print.
"""
import sys

binding_dir, library, scheme_path, scores_path = sys.argv[1:5]
sys.path.insert(0, binding_dir)
import thidua_ctypes  # noqa: E402 (from the installed tree)

if not thidua_ctypes.__file__.startswith(binding_dir):
    sys.exit(f"thidua_ctypes came from {thidua_ctypes.__file__}, not {binding_dir}")
thidua = thidua_ctypes.Thidua(library)
scheme = thidua.scheme(scheme_path)
doc = thidua.ranking(thidua.rank(scheme, thidua.sheet(scheme, scores_path)))
first = doc["results"][0]
print(f"consumer python ok: {len(doc['results'])} subjects, first {first['id']} {first['total_text']} (rank {first['rank']})")
