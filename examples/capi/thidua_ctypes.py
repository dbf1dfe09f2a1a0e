"""A minimal binding of libthidua.so with ctypes (include/thidua/thidua.h, docs/api.md).

Only the standard library. The pattern any language with a C FFI follows: declare the
functions, call, check the status, read the error as JSON on failure, free what you were
given. rank.py and titles.py beside it use it:

    from thidua_ctypes import Thidua, ThiduaError
    t = Thidua("libthidua.so.0")
    result = t.rank(t.scheme("truong-hoc.toml"), t.sheet(scheme, "diem.csv"))
"""
import ctypes
import ctypes.util
import json

# Handles are opaque pointers. Strings the library allocates come back as void* so that they
# can be handed to thidua_string_free; `const char*` owned by a handle may be c_char_p.
H, OUT, S = ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p), ctypes.c_char_p
SIGNATURES = [
    ("thidua_scheme_load", ctypes.c_int, [S, OUT, OUT]),
    ("thidua_sheet_load", ctypes.c_int, [H, S, S, OUT, OUT]),
    ("thidua_rank", ctypes.c_int, [H, H, H, S, OUT, OUT]),
    ("thidua_result_json", ctypes.c_int, [H, OUT, OUT]),
    ("thidua_explain_json", ctypes.c_int, [H, S, OUT, OUT]),
    ("thidua_titles_json", ctypes.c_int, [H, S, OUT, OUT]),
    ("thidua_error_json", S, [H]),
    ("thidua_string_free", None, [H]),
    ("thidua_scheme_free", None, [H]),
    ("thidua_sheet_free", None, [H]),
    ("thidua_result_free", None, [H]),
    ("thidua_error_free", None, [H]),
]


def default_library():
    return ctypes.util.find_library("thidua") or "libthidua.so.0"


class ThiduaError(Exception):
    """A failed call: `diagnostics` holds every problem with its id, file, line and column."""

    def __init__(self, details):
        self.status, self.diagnostics = details["status"], details["diagnostics"]
        super().__init__("\n".join(d["text"] for d in self.diagnostics) or self.status)


class Handle:
    """An opaque handle freed with its *_free function when the object goes away."""

    def __init__(self, pointer, free):
        self.pointer, self._free = pointer, free

    def __del__(self):
        self._free(self.pointer)  # freeing NULL is fine


class Thidua:
    def __init__(self, library=None):
        self.lib = ctypes.CDLL(library or default_library())
        for name, restype, argtypes in SIGNATURES:
            function = getattr(self.lib, name)
            function.restype, function.argtypes = restype, argtypes

    def _call(self, function, *arguments):
        """Calls `function(*arguments, &error)`; raises ThiduaError unless it returns THIDUA_OK."""
        error = H()
        if function(*arguments, ctypes.byref(error)) != 0:
            details = json.loads(self.lib.thidua_error_json(error).decode())
            self.lib.thidua_error_free(error)
            raise ThiduaError(details)

    def _text(self, function, *arguments):
        out = H()
        self._call(function, *arguments, ctypes.byref(out))
        try:
            return ctypes.string_at(out).decode()
        finally:
            self.lib.thidua_string_free(out)

    def scheme(self, path):
        h = H()
        self._call(self.lib.thidua_scheme_load, path.encode(), ctypes.byref(h))
        return Handle(h, self.lib.thidua_scheme_free)

    def sheet(self, scheme, path, options=None):
        h = H()
        self._call(self.lib.thidua_sheet_load, scheme.pointer, path.encode(), _json(options), ctypes.byref(h))
        return Handle(h, self.lib.thidua_sheet_free)

    def rank(self, scheme, sheet, options=None):
        h = H()
        self._call(self.lib.thidua_rank, scheme.pointer, sheet.pointer, None, _json(options), ctypes.byref(h))
        return Handle(h, self.lib.thidua_result_free)

    def ranking(self, result):
        return json.loads(self._text(self.lib.thidua_result_json, result.pointer))

    def explain(self, result, id):
        return json.loads(self._text(self.lib.thidua_explain_json, result.pointer, id.encode()))

    def titles(self, result, options):
        return json.loads(self._text(self.lib.thidua_titles_json, result.pointer, _json(options)))


def _json(options):
    return None if options is None else json.dumps(options, ensure_ascii=False).encode()
