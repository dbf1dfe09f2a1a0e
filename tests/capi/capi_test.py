#!/usr/bin/env python3
"""The C API from Python through ctypes (standard library only).

    python3 capi_test.py path/to/libthidua.so path/to/examples/data [path/to/thidua]

Ranks the bundled sample by path, checks the JSON, the explanation, the audits (AHP too),
titles (danh hiệu) from files and from text in memory, and the error model (ids, positions,
statuses), and frees every handle and string it was given. With the `thidua` command, also
that the JSON is byte for byte what `thidua rank`, `thidua explain`, `thidua titles` and
`thidua audit ahp` print.
"""
import csv
import csv
import ctypes
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import unittest

LIBRARY, DATA = sys.argv[1], sys.argv[2]
CLI = sys.argv[3] if len(sys.argv) > 3 and not sys.argv[3].startswith("-") else None
del sys.argv[1:4 if CLI else 3]  # what is left is unittest's
SCHEME = os.path.join(DATA, "truong-hoc-2024-2025.toml")
SCORES = os.path.join(DATA, "diem-hoi-dong.csv")
MEMBERS = os.path.join(DATA, "can-bo.csv")
MEMBER_SCORES = os.path.join(DATA, "diem-ca-nhan.csv")
HISTORY = os.path.join(DATA, "lich-su.csv")
MATRIX = os.path.join(DATA, "ahp-dan-van.csv")
TITLE_FILES = {"members": MEMBERS, "member_scores": MEMBER_SCORES, "history": HISTORY}

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
declare("thidua_explain_text", ctypes.c_int, P, S, PP, PP)
declare("thidua_titles_json", ctypes.c_int, P, S, PP, PP)
declare("thidua_explain_titles_json", ctypes.c_int, P, S, S, PP, PP)
declare("thidua_titles_render", ctypes.c_int, P, S, S, PP, ctypes.POINTER(SIZE), PP)
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


def rank_json(scheme, sheet, rank_options=None):
    result, out, error = P(), P(), P()
    check(lib.thidua_rank(scheme, sheet, None, rank_options, ctypes.byref(result), ctypes.byref(error)), error)
    try:
        check(lib.thidua_result_json(result, ctypes.byref(out), ctypes.byref(error)), error)
        return take_string(out)
    finally:
        lib.thidua_result_free(result)


def call_json(function, *arguments):
    """Calls a function that ends in (char** json, thidua_error** error); returns the JSON text."""
    out, error = P(), P()
    check(function(*arguments, ctypes.byref(out), ctypes.byref(error)), error)
    return take_string(out)


def failure(function, *arguments):
    """Calls a function that must fail; returns (status, the error's JSON details)."""
    out, error = P(), P()
    status = function(*arguments, ctypes.byref(out), ctypes.byref(error))
    if status == OK:
        lib.thidua_string_free(out)
        raise AssertionError("expected a failure")
    assert not out.value
    details = json.loads(lib.thidua_error_json(error).decode())
    lib.thidua_error_free(error)
    return status, details


def options(**keys):
    return json.dumps(keys).encode()


def read_text(path):
    with open(path, encoding="utf-8-sig") as f:
        return f.read()


def rows_json(path):
    """A CSV table as JSON rows (docs/json-input.md): flags as booleans, numbers as numbers."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = []
        for row in csv.DictReader(f):
            for key, value in row.items():
                if key.startswith("flag:") or key == "revoked":
                    row[key] = value == "1"
                elif value and value.replace(".", "", 1).isdigit():
                    row[key] = float(value) if "." in value else int(value)
            rows.append(row)
    return json.dumps({"rows": rows}, ensure_ascii=False, indent=1)


def cli(*arguments):
    return subprocess.run([CLI, *arguments], check=True, capture_output=True).stdout.decode()


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
        with open(os.path.join(data, "truong-hoc-2024-2025.json"), "rb") as f:
            scheme_doc = f.read()
        with open(os.path.join(data, "diem-hoi-dong.json"), "rb") as f:
            sheet_doc = f.read()
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
        for why in ("full", "brief", "none"):  # the rank option "why" is `thidua rank --why`
            self.assertEqual(rank_json(self.scheme, self.sheet, json.dumps({"why": why}).encode()),
                             cli("rank", *common, "--why", why), why)
        explain = subprocess.run([CLI, "explain", *common, "--id", "THCS03"], check=True,
                                 capture_output=True).stdout.decode()
        result, out, error = P(), P(), P()
        check(lib.thidua_rank(self.scheme, self.sheet, None, None, ctypes.byref(result), ctypes.byref(error)), error)
        try:
            check(lib.thidua_explain_json(result, b"THCS03", ctypes.byref(out), ctypes.byref(error)), error)
            self.assertEqual(take_string(out), explain)
            # The Vietnamese text `thidua explain` prints, for a system that shows it as it is.
            check(lib.thidua_explain_text(result, b"MN03", ctypes.byref(out), ctypes.byref(error)), error)
            text = take_string(out)
            self.assertEqual(text, cli("explain", "--scheme", SCHEME, "--scores", SCORES, "--id", "MN03"))
            self.assertIn("Xếp loại: Hoàn thành tốt nhiệm vụ (tot)", text)
            status = lib.thidua_explain_text(result, b"KHONG_CO", ctypes.byref(out), ctypes.byref(error))
            self.assertEqual(status, E_NOT_FOUND)
            self.assertIsNone(out.value)
            lib.thidua_error_free(error)
        finally:
            lib.thidua_result_free(result)

    def ranked(self):
        result, error = P(), P()
        check(lib.thidua_rank(self.scheme, self.sheet, None, None, ctypes.byref(result), ctypes.byref(error)), error)
        self.addCleanup(lib.thidua_result_free, result)
        return result

    def test_titles(self):
        result = self.ranked()
        doc = json.loads(call_json(lib.thidua_titles_json, result, options(**TITLE_FILES)))
        self.assertEqual((doc["scheme"], doc["year"], doc["base_salary"]), ("truong-hoc-2024-2025", 2025, 2340000))
        counts = {t["id"]: t["count"] for t in doc["titles"]}
        self.assertEqual(counts, {"LDTT": 1693, "CSTDCS": 223, "CSTD_TINH": 4, "TTLDTT": 48, "TTLDXS": 17})
        provincial = next(t for t in doc["titles"] if t["id"] == "CSTD_TINH")
        self.assertEqual(provincial["holders"], ["GV0081", "GV1513", "GV1266", "GV0899"])
        self.assertEqual(provincial["reward_each"], 7020000)
        # The base salary of one call does not stay in the (shared) scheme handle.
        cheaper = json.loads(call_json(lib.thidua_titles_json, result, options(**TITLE_FILES, base_salary=2000000)))
        self.assertEqual(next(t for t in cheaper["titles"] if t["id"] == "CSTD_TINH")["reward_each"], 6000000)
        again = json.loads(call_json(lib.thidua_titles_json, result, options(**TITLE_FILES)))
        self.assertEqual(again, doc)
        ranking = json.loads(call_json(lib.thidua_titles_json, result, options(**TITLE_FILES, output="ranking")))
        self.assertEqual(list(ranking), ["scheme", "results", "members", "titles"])
        self.assertEqual(ranking["titles"], doc["titles"])
        self.assertEqual(ranking["results"][0]["titles"], ["TTLDTT", "TTLDXS"])

    def test_titles_in_memory(self):
        # The same files sent as text give the same bytes as by path.
        result = self.ranked()
        by_path = call_json(lib.thidua_titles_json, result, options(**TITLE_FILES))
        in_memory = {key: {"text": read_text(path), "name": os.path.basename(path)} for key, path in TITLE_FILES.items()}
        self.assertEqual(call_json(lib.thidua_titles_json, result, options(**in_memory)), by_path)
        in_memory["members"]["format"] = "csv"
        self.assertEqual(call_json(lib.thidua_titles_json, result, options(**in_memory)), by_path)
        # The members' scores as JSON rows (docs/json-input.md): numbers as the CSV wrote them.
        with open(MEMBER_SCORES, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))

        def cell(key, value):
            if value == "":
                return "null"
            if key not in ("id", "name") and re.fullmatch(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?", value):
                return value  # the CSV's digits, exactly
            return json.dumps(value, ensure_ascii=False)

        text = '{"rows": [' + ", ".join("{" + ", ".join(f"{json.dumps(k)}: {cell(k, v)}" for k, v in row.items()) + "}"
                                        for row in rows) + "]}"
        in_memory["member_scores"] = {"text": text, "format": "json", "name": "diem-ca-nhan.json"}
        self.assertEqual(call_json(lib.thidua_titles_json, result, options(**in_memory)), by_path)
        # A history said to be JSON but holding CSV: a JSON syntax error at its name.
        in_memory["history"]["format"] = "json"
        status, details = failure(lib.thidua_titles_json, result, options(**in_memory))
        self.assertEqual(status, E_INPUT)
        self.assertEqual(details["diagnostics"][0]["id"], "thidua.data.140")
        self.assertEqual(details["diagnostics"][0]["file"], in_memory["history"]["name"])
        # A format the option does not know is a usage error.
        in_memory["history"]["format"] = "xml"
        status, details = failure(lib.thidua_titles_json, result, options(**in_memory))
        self.assertEqual(status, E_USAGE)
        self.assertIn("history", details["diagnostics"][0]["message"])

    def test_titles_errors(self):
        result = self.ranked()
        # A members file in memory with a unit that is no unit of the sheet: its position.
        members = read_text(MEMBERS).splitlines()
        members[5] = members[5].replace(",MN01,", ",MN99,")
        bad = {"text": "\n".join(members) + "\n", "name": "can-bo-sai.csv"}
        status, details = failure(lib.thidua_titles_json, result, options(members=bad, member_scores=MEMBER_SCORES))
        self.assertEqual(status, E_INPUT)
        first = details["diagnostics"][0]
        self.assertEqual((first["id"], first["file"], first["line"], first["column"]),
                         ("thidua.data.126", "can-bo-sai.csv", 6, 3))
        self.assertIn("MN99", first["message"])
        # A bad number in the members' scores, in memory.
        scores = read_text(MEMBER_SCORES).splitlines()
        scores[2] = scores[2].replace(",13.5,", ",x,", 1)
        status, details = failure(lib.thidua_titles_json, result,
                                  options(members=MEMBERS, member_scores={"text": "\n".join(scores), "name": "ca-nhan.csv"}))
        self.assertEqual(status, E_INPUT)
        first = details["diagnostics"][0]
        self.assertTrue(first["id"].startswith("thidua.data."))
        self.assertEqual((first["file"], first["line"], first["column"]), ("ca-nhan.csv", 3, 3))
        # Usage: unknown keys (also inside a document), missing members, member scores alone.
        for bad_options, needle, id in (
                (options(**TITLE_FILES, histroy=HISTORY), "histroy", "thidua.usage.101"),
                (options(members={"text": "id", "nmae": "x.csv"}), "nmae", "thidua.usage.101"),
                (options(members=42), "members", "thidua.usage.101"),
                (options(history=HISTORY), "members", "thidua.usage.102"),
                (options(member_scores=MEMBER_SCORES), "member_scores", "thidua.usage.102"),
                (options(**TITLE_FILES, output="table"), "output", "thidua.usage.101"),
                (b"[]", "JSON object", "thidua.usage.101")):
            status, details = failure(lib.thidua_titles_json, result, bad_options)
            self.assertEqual(status, E_USAGE, bad_options)
            self.assertEqual(details["diagnostics"][0]["id"], id, bad_options)
            self.assertIn(needle, details["diagnostics"][0]["message"])
        status, details = failure(lib.thidua_titles_json, result, options(**TITLE_FILES, store="/khong/co/lich-su.db"))
        self.assertEqual((status, details["diagnostics"][0]["id"]), (E_IO, "thidua.io.101"))
        status, details = failure(lib.thidua_explain_titles_json, result, b"GV9999", options(**TITLE_FILES))
        self.assertEqual((status, details["diagnostics"][0]["id"]), (E_NOT_FOUND, "thidua.usage.103"))

    def test_ahp(self):
        doc = json.loads(call_json(lib.thidua_audit_json, None, None, b"ahp", options(matrix=MATRIX)))
        self.assertEqual((doc["n"], doc["labels"][0], doc["file"], doc["consistent"]), (7, "DV1", MATRIX, True))
        self.assertAlmostEqual(doc["weights"][0], 0.2046627519723289, places=15)
        self.assertAlmostEqual(doc["cr"], 0.014950653369220112, places=15)
        self.assertAlmostEqual(sum(doc["weights"]), 1.0, places=12)
        # The same matrix in memory: only "file" differs (the name given).
        text = read_text(MATRIX)
        memory = json.loads(call_json(lib.thidua_audit_json, self.scheme, self.sheet, b"ahp",
                                      options(matrix={"text": text, "name": "dan-van.csv"})))
        self.assertEqual(memory["file"], "dan-van.csv")
        self.assertEqual({**memory, "file": MATRIX}, doc)
        status, details = failure(lib.thidua_audit_json, None, None, b"ahp",
                                  options(matrix={"text": text.replace("1/2", "1/3", 1), "name": "dan-van.csv"}))
        first = details["diagnostics"][0]
        self.assertEqual((status, first["id"], first["file"], first["line"], first["column"]),
                         (E_INPUT, "thidua.data.133", "dan-van.csv", 3, 2))

    def test_ahp_write_scheme(self):
        # Professional work 3 times as important as dân vận: family weights 75 and 25 (not 70, 30).
        families = ",chuyen_mon,dan_van\nchuyen_mon,1,3\ndan_van,1/3,1\n"
        with tempfile.TemporaryDirectory() as folder:
            matrix = os.path.join(folder, "nhom.csv")
            with open(matrix, "w", encoding="utf-8") as f:
                f.write(families)
            to = os.path.join(folder, "truong-hoc-ahp.toml")
            doc = call_json(lib.thidua_audit_json, None, None, b"ahp",
                            options(matrix={"text": families, "name": matrix}, write_scheme=SCHEME, to=to))
            written = read_text(to)
            self.assertIn('id = "chuyen_mon"\nname = "Công tác chuyên môn"\nweight = 75\n', written)
            self.assertIn("weight = 25\n", written)
            self.assertEqual(written.replace("75", "70", 1).replace("weight = 25", "weight = 30"), read_text(SCHEME))
            # Not written when the labels name no part of the scheme.
            status, details = failure(lib.thidua_audit_json, None, None, b"ahp",
                                      options(matrix=MATRIX.replace("ahp-dan-van", "khong-co"), write_scheme=SCHEME,
                                              to=os.path.join(folder, "x.toml")))
            self.assertEqual(status, E_IO)
            status, details = failure(lib.thidua_audit_json, None, None, b"ahp",
                                      options(matrix={"text": families.replace("dan_van", "khac")}, write_scheme=SCHEME,
                                              to=os.path.join(folder, "y.toml")))
            self.assertEqual((status, details["diagnostics"][0]["id"]), (E_INPUT, "thidua.data.135"))
            self.assertFalse(os.path.exists(os.path.join(folder, "y.toml")))
            if CLI:
                cli_to = os.path.join(folder, "cli.toml")
                self.assertEqual(doc, cli("audit", "ahp", matrix, "--write-scheme", SCHEME, "--to", cli_to,
                                          "--format", "json"))
                self.assertEqual(written, read_text(cli_to))
                cli("audit", "ahp", MATRIX, "--write-scheme", SCHEME, "--to", cli_to, "--geometric")
                call_json(lib.thidua_audit_json, None, None, b"ahp",
                          options(matrix=MATRIX, write_scheme=SCHEME, to=to, geometric=True))
                self.assertEqual(read_text(to), read_text(cli_to))

    def titles_render(self, result, fmt, opts):
        out, size, error = P(), SIZE(), P()
        check(lib.thidua_titles_render(result, fmt.encode(), opts, ctypes.byref(out), ctypes.byref(size),
                                       ctypes.byref(error)), error)
        data = ctypes.string_at(out, size.value)
        lib.thidua_string_free(out)
        return data

    def test_titles_render_errors(self):
        result = self.ranked()
        for fmt, opts in (("xlsx", options(**TITLE_FILES)), ("pdf", options(**TITLE_FILES, output="ranking"))):
            out, size, error = P(), SIZE(), P()
            status = lib.thidua_titles_render(result, fmt.encode(), opts, ctypes.byref(out), ctypes.byref(size),
                                              ctypes.byref(error))
            self.assertEqual(status, E_USAGE, fmt)
            self.assertIsNone(out.value)
            self.assertEqual(lib.thidua_error_id(error, 0), b"thidua.usage.101")
            self.assertIn(b"format", lib.thidua_error_message(error, 0))
            lib.thidua_error_free(error)

    @unittest.skipUnless(CLI, "no thidua command given")
    def test_titles_same_bytes_as_the_command(self):
        result = self.ranked()
        files = ["--scheme", SCHEME, "--scores", SCORES, "--members", MEMBERS, "--member-scores", MEMBER_SCORES]
        with_history = [*files, "--history", HISTORY, "--format", "json"]
        in_memory = {key: {"text": read_text(path), "name": path} for key, path in TITLE_FILES.items()}
        titles = cli("titles", *with_history)
        self.assertEqual(call_json(lib.thidua_titles_json, result, options(**TITLE_FILES)), titles)
        self.assertEqual(call_json(lib.thidua_titles_json, result, options(**in_memory)), titles)
        # The staff and earlier years as JSON rows, as a staff-records system would send them.
        as_json = {key: {"text": rows_json(path), "format": "json", "name": path.replace(".csv", ".json")}
                   for key, path in TITLE_FILES.items() if key in ("members", "history")}
        self.assertEqual(call_json(lib.thidua_titles_json, result,
                                   options(**as_json, member_scores=MEMBER_SCORES)), titles)
        self.assertEqual(call_json(lib.thidua_titles_json, result, options(**TITLE_FILES, base_salary=1800000)),
                         cli("titles", *with_history, "--base-salary", "1800000"))
        self.assertEqual(call_json(lib.thidua_titles_json, result, options(members=MEMBERS, member_scores=MEMBER_SCORES)),
                         cli("titles", *files, "--format", "json"))
        self.assertEqual(call_json(lib.thidua_titles_json, result, options(**in_memory, output="ranking")),
                         cli("rank", *with_history))
        for id in ("TH05", "MN04", "GV0081", "GV0002"):
            self.assertEqual(call_json(lib.thidua_explain_titles_json, result, id.encode(), options(**TITLE_FILES)),
                             cli("explain", *with_history, "--id", id), id)
        # The other formats: the proposal list as `thidua titles`, the ranking with its titles
        # as `thidua rank --members`.
        plain = [*files, "--history", HISTORY]
        for fmt in ("table", "csv", "json"):
            self.assertEqual(self.titles_render(result, fmt, options(**TITLE_FILES)).decode(),
                             cli("titles", *plain, "--format", fmt), fmt)
        for fmt in ("table", "csv", "json", "html"):
            self.assertEqual(self.titles_render(result, fmt, options(**TITLE_FILES, output="ranking")).decode(),
                             cli("rank", *plain, "--format", fmt), fmt)
        workbook = self.titles_render(result, "xlsx", options(**TITLE_FILES, output="ranking"))
        self.assertTrue(workbook.startswith(b"PK"))
        self.assertIn(b"xl/worksheets/sheet", workbook)  # a zip with worksheets (titles sheet included)
        # Earlier years from a history store (SQLite) instead of the CSV.
        with tempfile.TemporaryDirectory() as folder:
            store = os.path.join(folder, "lich-su.db")
            cli("history", "import", "--store", store, "--file", HISTORY, "--by", "capi_test")
            from_store = call_json(lib.thidua_titles_json, result, options(members=MEMBERS, member_scores=MEMBER_SCORES,
                                                                           store=store))
            self.assertEqual(from_store, cli("titles", *files, "--store", store, "--format", "json"))
            self.assertEqual(from_store, titles)

    @unittest.skipUnless(CLI, "no thidua command given")
    def test_ahp_same_bytes_as_the_command(self):
        self.assertEqual(call_json(lib.thidua_audit_json, None, None, b"ahp", options(matrix=MATRIX)),
                         cli("audit", "ahp", MATRIX, "--format", "json"))
        self.assertEqual(call_json(lib.thidua_audit_json, None, None, b"ahp",
                                   options(matrix=[MATRIX, MATRIX], ri="saaty2008", threshold=0.05, top=5)),
                         cli("audit", "ahp", MATRIX, MATRIX, "--ri", "saaty2008", "--threshold", "0.05", "--top", "5",
                             "--format", "json"))
        self.assertEqual(call_json(lib.thidua_audit_json, None, None, b"ahp",
                                   options(matrix={"text": read_text(MATRIX), "name": MATRIX}, ri="alonso-lamata", top=0)),
                         cli("audit", "ahp", "--matrix", MATRIX, "--ri", "alonso-lamata", "--top", "0", "--format", "json"))

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
