#!/usr/bin/env python3
"""The C API from Python through ctypes (standard library only).

    python3 capi_test.py path/to/libthidua.so path/to/examples/data [path/to/thidua]

Ranks the bundled sample by path, checks the JSON, the explanation, an audit and the error
model (ids, positions, statuses), and frees every handle and string it was given. With the `thidua` command, also that the
JSON is byte for byte what `thidua rank` and `thidua explain` print.
"""
import ctypes
import json
import os
import subprocess
import sys
import threading
import unittest

LIBRARY, DATA = sys.argv[1], sys.argv[2]
CLI = sys.argv[3] if len(sys.argv) > 3 and not sys.argv[3].startswith("-") else None
del sys.argv[1:4 if CLI else 3]  # what is left is unittest's
SCHEME = os.path.join(DATA, "truong-hoc-2024-2025.toml")
SCORES = os.path.join(DATA, "diem-hoi-dong.csv")

OK, E_INPUT, E_USAGE, E_IO, E_ARGUMENT, E_NOT_FOUND, E_UNSUPPORTED = 0, 2, 3, 4, 5, 6, 7
FORMAT_TOML, FORMAT_CSV, FORMAT_JSON = 1, 2, 3

lib = ctypes.CDLL(LIBRARY)
P = ctypes.c_void_p          # every handle is an opaque pointer
PP = ctypes.POINTER(ctypes.c_void_p)
S = ctypes.c_char_p          # UTF-8 in
SIZE = ctypes.c_size_t


def declare(name, restype, *argtypes):
    f = getattr(lib, name)
    f.restype, f.argtypes = restype, list(argtypes)


declare("thidua_version", S)
declare("thidua_abi_version", ctypes.c_int)
declare("thidua_status_name", S, ctypes.c_int)
declare("thidua_scheme_load", ctypes.c_int, S, PP, PP)
declare("thidua_scheme_parse", ctypes.c_int, S, SIZE, ctypes.c_int, S, PP, PP)
declare("thidua_scheme_id", S, P)
declare("thidua_scheme_free", None, P)
declare("thidua_sheet_load", ctypes.c_int, P, S, S, PP, PP)
declare("thidua_sheet_parse", ctypes.c_int, P, S, SIZE, ctypes.c_int, S, S, PP, PP)
declare("thidua_sheet_size", SIZE, P)
declare("thidua_sheet_free", None, P)
declare("thidua_rank", ctypes.c_int, P, P, P, S, PP, PP)
declare("thidua_result_size", SIZE, P)
declare("thidua_result_json", ctypes.c_int, P, PP, PP)
declare("thidua_result_render", ctypes.c_int, P, S, PP, ctypes.POINTER(SIZE), PP)
declare("thidua_explain_json", ctypes.c_int, P, S, PP, PP)
declare("thidua_result_free", None, P)
declare("thidua_audit_json", ctypes.c_int, P, P, S, S, PP, PP)
# Strings the library gives are declared as void* (not c_char_p, which would copy them and
# lose the pointer that thidua_string_free needs).
declare("thidua_string_free", None, P)
declare("thidua_error_status", ctypes.c_int, P)
declare("thidua_error_count", SIZE, P)
declare("thidua_error_id", S, P, SIZE)
declare("thidua_error_message", S, P, SIZE)
declare("thidua_error_file", S, P, SIZE)
declare("thidua_error_line", ctypes.c_uint, P, SIZE)
declare("thidua_error_column", ctypes.c_uint, P, SIZE)
declare("thidua_error_text", S, P, SIZE)
declare("thidua_error_json", S, P)
declare("thidua_error_free", None, P)


class ThiduaError(Exception):
    def __init__(self, status, details):
        super().__init__(details["diagnostics"][0]["text"] if details["diagnostics"] else details["status"])
        self.status, self.details = status, details


def check(status, error):
    """Raises ThiduaError with the error's JSON when status is not OK; frees the error."""
    if status == OK:
        assert not error.value
        return
    details = json.loads(lib.thidua_error_json(error).decode())
    lib.thidua_error_free(error)
    raise ThiduaError(status, details)


def take_string(pointer):
    """The text of a string the library returned, freed."""
    try:
        return ctypes.string_at(pointer).decode()
    finally:
        lib.thidua_string_free(pointer)


def load(scheme_path, scores_path):
    scheme, sheet, error = P(), P(), P()
    check(lib.thidua_scheme_load(scheme_path.encode(), ctypes.byref(scheme), ctypes.byref(error)), error)
    try:
        check(lib.thidua_sheet_load(scheme, scores_path.encode(), None, ctypes.byref(sheet), ctypes.byref(error)), error)
    except ThiduaError:
        lib.thidua_scheme_free(scheme)
        raise
    return scheme, sheet


def rank_json(scheme, sheet):
    result, out, error = P(), P(), P()
    check(lib.thidua_rank(scheme, sheet, None, None, ctypes.byref(result), ctypes.byref(error)), error)
    try:
        check(lib.thidua_result_json(result, ctypes.byref(out), ctypes.byref(error)), error)
        return take_string(out)
    finally:
        lib.thidua_result_free(result)


class CApi(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.scheme, cls.sheet = load(SCHEME, SCORES)

    @classmethod
    def tearDownClass(cls):
        lib.thidua_sheet_free(cls.sheet)
        lib.thidua_scheme_free(cls.scheme)

    def test_version(self):
        self.assertEqual(lib.thidua_abi_version(), 1)
        self.assertTrue(lib.thidua_version().decode())
        self.assertEqual(lib.thidua_status_name(E_INPUT), b"THIDUA_E_INPUT")

    def test_rank(self):
        self.assertEqual(lib.thidua_scheme_id(self.scheme).decode(), "truong-hoc-2024-2025")
        self.assertEqual(lib.thidua_sheet_size(self.sheet), 60)
        doc = json.loads(rank_json(self.scheme, self.sheet))
        self.assertEqual(list(doc), ["scheme", "results"])
        first = doc["results"][0]
        self.assertEqual((first["id"], first["total_text"], first["rank"], first["class"], first["group"]),
                         ("MN04", "96.00", 1, "xuat_sac", "Mầm non"))
        self.assertEqual(len(doc["results"]), 60)
        self.assertEqual([f["id"] for f in doc["scheme"]["families"]], ["chuyen_mon", "dan_van"])

    def test_render_xlsx(self):
        result, out, size, error = P(), P(), SIZE(), P()
        check(lib.thidua_rank(self.scheme, self.sheet, None, None, ctypes.byref(result), ctypes.byref(error)), error)
        try:
            check(lib.thidua_result_render(result, b"xlsx", ctypes.byref(out), ctypes.byref(size),
                                           ctypes.byref(error)), error)
            workbook = ctypes.string_at(out, size.value)
            lib.thidua_string_free(out)
            self.assertTrue(workbook.startswith(b"PK"))
        finally:
            lib.thidua_result_free(result)

    def test_explain(self):
        result, out, error = P(), P(), P()
        check(lib.thidua_rank(self.scheme, self.sheet, None, None, ctypes.byref(result), ctypes.byref(error)), error)
        try:
            check(lib.thidua_explain_json(result, b"TH05", ctypes.byref(out), ctypes.byref(error)), error)
            e = json.loads(take_string(out))
            self.assertEqual((e["id"], e["total_text"], e["rank"], e["class"]), ("TH05", "86.00", 12, "tot"))
            status = lib.thidua_explain_json(result, "không có".encode(), ctypes.byref(out), ctypes.byref(error))
            self.assertEqual(status, E_NOT_FOUND)
            self.assertIsNone(out.value)
            with self.assertRaises(ThiduaError) as caught:
                check(status, error)
            self.assertEqual(caught.exception.details["diagnostics"][0]["id"], "thidua.usage.103")
            self.assertIn("không có", caught.exception.details["diagnostics"][0]["message"])
        finally:
            lib.thidua_result_free(result)

    def test_bad_sheet(self):
        header = ("id,name,group,CM1,CM2,CM3,CM4,CM5,CM6,CM7,CM8,DV1,DV2,DV3,DV4,DV5,DV6,DV7,bonus,deduction,"
                  "flag:ky_luat,flag:vi_pham_nghiem_trong\n")
        good = "MN01,A,Mầm non,99.45,1.05,12,1,6.5,100,6.25,7,5.25,1,100,4,2,2.5,1,0,0,0,0\n"
        bad = "MN02,B,Mầm non,99.45,1.05,12,1,6.5,100,6.25,7,99,1,100,4,2,2.5,1,0,0,0,0\n"
        text = (header + good + bad).encode()
        sheet, error = P(), P()
        status = lib.thidua_sheet_parse(self.scheme, text, len(text), FORMAT_CSV, b"bad.csv", None,
                                        ctypes.byref(sheet), ctypes.byref(error))
        self.assertEqual(status, E_INPUT)
        self.assertIsNone(sheet.value)
        self.assertEqual(lib.thidua_error_count(error), 1)
        self.assertEqual(lib.thidua_error_id(error, 0), b"thidua.data.112")
        self.assertEqual(lib.thidua_error_file(error, 0), b"bad.csv")
        self.assertEqual((lib.thidua_error_line(error, 0), lib.thidua_error_column(error, 0)), (3, 12))
        self.assertTrue(lib.thidua_error_text(error, 0).startswith(b"[thidua.data.112] bad.csv:3:12: "))
        lib.thidua_error_free(error)

    def test_scheme_from_text(self):
        with open(SCHEME, "rb") as f:
            toml = f.read()
        scheme, error = P(), P()
        check(lib.thidua_scheme_parse(toml, len(toml), FORMAT_TOML, SCHEME.encode(), ctypes.byref(scheme),
                                      ctypes.byref(error)), error)
        try:
            self.assertEqual(lib.thidua_scheme_id(scheme), b"truong-hoc-2024-2025")
            # A sheet read against this scheme ranks the same as by path.
            with open(SCORES, "rb") as f:
                csv = f.read()
            sheet = P()
            check(lib.thidua_sheet_parse(scheme, csv, len(csv), FORMAT_CSV, b"diem-hoi-dong.csv", None,
                                         ctypes.byref(sheet), ctypes.byref(error)), error)
            try:
                self.assertEqual(rank_json(scheme, sheet), rank_json(self.scheme, self.sheet))
            finally:
                lib.thidua_sheet_free(sheet)
        finally:
            lib.thidua_scheme_free(scheme)

    def test_errors(self):
        scheme, error = P(), P()
        self.assertEqual(lib.thidua_scheme_load(None, ctypes.byref(scheme), ctypes.byref(error)), E_ARGUMENT)
        self.assertEqual(lib.thidua_error_status(error), E_ARGUMENT)
        lib.thidua_error_free(error)
        with self.assertRaises(ThiduaError) as caught:
            load("/khong/co/tep.toml", SCORES)
        self.assertEqual(caught.exception.status, E_IO)
        self.assertEqual(caught.exception.details["diagnostics"][0]["id"], "thidua.io.101")
        sheet = P()
        status = lib.thidua_sheet_load(self.scheme, SCORES.encode(), b'{"assessor": "nobody"}', ctypes.byref(sheet),
                                       ctypes.byref(error))
        self.assertEqual(status, E_USAGE)
        lib.thidua_error_free(error)
        status = lib.thidua_scheme_parse(b"{}", 2, FORMAT_JSON, None, ctypes.byref(scheme), ctypes.byref(error))
        self.assertEqual(status, E_INPUT)
        lib.thidua_error_free(error)

    def test_json_documents_in_memory(self):
        # A system sends the scheme and the scores as JSON, no files: same ranking as TOML + CSV.
        data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "json")
        scheme_doc = open(os.path.join(data, "truong-hoc-2024-2025.json"), "rb").read()
        sheet_doc = open(os.path.join(data, "diem-hoi-dong.json"), "rb").read()
        scheme, sheet, result, out, error = P(), P(), P(), P(), P()
        name = os.path.join(data, "truong-hoc-2024-2025.json").encode()
        check(lib.thidua_scheme_parse(scheme_doc, len(scheme_doc), FORMAT_JSON, name, ctypes.byref(scheme),
                                      ctypes.byref(error)), error)
        check(lib.thidua_sheet_parse(scheme, sheet_doc, len(sheet_doc), FORMAT_JSON, b"diem.json", None,
                                     ctypes.byref(sheet), ctypes.byref(error)), error)
        check(lib.thidua_rank(scheme, sheet, None, None, ctypes.byref(result), ctypes.byref(error)), error)
        check(lib.thidua_result_json(result, ctypes.byref(out), ctypes.byref(error)), error)
        ranked = json.loads(ctypes.string_at(out).decode())
        lib.thidua_string_free(out)
        self.assertEqual(ranked["results"][0]["id"], "MN04")
        self.assertEqual(ranked["results"][0]["total"], 96.0)
        self.assertEqual(len(ranked["results"]), 60)
        for handle, free in ((result, lib.thidua_result_free), (sheet, lib.thidua_sheet_free),
                             (scheme, lib.thidua_scheme_free)):
            free(handle)

    def test_audit(self):
        out, error = P(), P()
        check(lib.thidua_audit_json(self.scheme, self.sheet, b"sensitivity", b'{"top": 2, "threads": 1}',
                                    ctypes.byref(out), ctypes.byref(error)), error)
        doc = json.loads(take_string(out))
        self.assertEqual(doc["top"], 2)
        self.assertIn("weights", doc)

    @unittest.skipUnless(CLI, "no thidua command given")
    def test_same_bytes_as_the_command(self):
        common = ["--scheme", SCHEME, "--scores", SCORES, "--format", "json"]
        rank = subprocess.run([CLI, "rank", *common], check=True, capture_output=True).stdout.decode()
        self.assertEqual(rank_json(self.scheme, self.sheet), rank)
        explain = subprocess.run([CLI, "explain", *common, "--id", "THCS03"], check=True,
                                 capture_output=True).stdout.decode()
        result, out, error = P(), P(), P()
        check(lib.thidua_rank(self.scheme, self.sheet, None, None, ctypes.byref(result), ctypes.byref(error)), error)
        try:
            check(lib.thidua_explain_json(result, b"THCS03", ctypes.byref(out), ctypes.byref(error)), error)
            self.assertEqual(take_string(out), explain)
        finally:
            lib.thidua_result_free(result)

    def test_threads(self):
        results = [None] * 4

        def work(i):
            results[i] = rank_json(self.scheme, self.sheet)

        threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertTrue(results[0])
        self.assertEqual(results, [results[0]] * 4)


if __name__ == "__main__":
    unittest.main(verbosity=2)
