/* thidua/thidua.h: the C API of libthidua.so, the stable ABI (docs/api.md, "C API").
 *
 * Any language with a C foreign-function interface (Python ctypes, C#, Go cgo, Java FFM,
 * Rust, PHP FFI, ...) can rank through this header: opaque handles, UTF-8 strings, the
 * results as the JSON documents of `thidua rank --format json`, `thidua explain --format
 * json` and `thidua audit ... --format json` (docs/json.md, docs/audit.md).
 *
 *   thidua_scheme* scheme = NULL; thidua_sheet* sheet = NULL; thidua_result* result = NULL;
 *   thidua_error* error = NULL; char* json = NULL;
 *   if (thidua_scheme_load("truong-hoc.toml", &scheme, &error) == THIDUA_OK &&
 *       thidua_sheet_load(scheme, "diem.csv", NULL, &sheet, &error) == THIDUA_OK &&
 *       thidua_rank(scheme, sheet, NULL, NULL, &result, &error) == THIDUA_OK &&
 *       thidua_result_json(result, &json, &error) == THIDUA_OK)
 *     puts(json);
 *   else
 *     fprintf(stderr, "%s\n", thidua_error_text(error, 0));
 *   thidua_string_free(json); thidua_result_free(result); thidua_sheet_free(sheet);
 *   thidua_scheme_free(scheme); thidua_error_free(error);
 *
 * The rules of the boundary
 *  - Every function that can fail returns a thidua_status; THIDUA_OK (0) is success. No C++
 *    exception ever leaves a function of this header; out of memory is THIDUA_E_NO_MEMORY.
 *  - Output pointers are set on success and set to NULL on failure (when the pointer to
 *    them is not NULL). `error` may be NULL when the caller does not want the details; on
 *    failure *error receives a thidua_error (free it with thidua_error_free), on success
 *    *error is set to NULL.
 *  - Strings are UTF-8 and NUL-terminated. A `char*` output is owned by the caller: free
 *    it with thidua_string_free. A `const char*` returned by an accessor is owned by the
 *    handle it comes from and lives as long as that handle.
 *  - Handles are immutable once created. One handle may be used from many threads at once
 *    by every function that takes it as `const`; free it only when no call using it is
 *    running. Handles keep what they need alive: a result keeps its scheme and sheet, so the
 *    scheme and sheet handles may be freed before the result. Every *_free accepts NULL.
 *  - ABI: handles are opaque (no structure layout is part of the ABI), enums are ints with
 *    fixed values, and between releases functions, enum values and JSON keys are only ever
 *    added, never changed or removed. THIDUA_ABI_VERSION changes only if that promise had to
 *    be broken; compare it with thidua_abi_version() at run time.
 */
#ifndef THIDUA_THIDUA_H
#define THIDUA_THIDUA_H

#include <stddef.h>

#if defined(_WIN32)
#  if defined(THIDUA_BUILDING)
#    define THIDUA_API __declspec(dllexport)
#  else
#    define THIDUA_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__) || defined(__clang__)
#  define THIDUA_API __attribute__((visibility("default")))
#else
#  define THIDUA_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** The ABI this header describes (see "ABI" above). */
#define THIDUA_ABI_VERSION 1

/* ------------------------------------------------------------------------------ handles */

typedef struct thidua_scheme thidua_scheme; /**< a checked scoring scheme (thang điểm) */
typedef struct thidua_sheet thidua_sheet;   /**< a score sheet bound to one scheme */
typedef struct thidua_result thidua_result; /**< a ranking, with the scheme and sheet it came from */
typedef struct thidua_error thidua_error;   /**< what went wrong: one or more diagnostics */

/* ------------------------------------------------------------------------------- status */

/** Returned by every function that can fail. The values never change. */
typedef enum thidua_status {
  THIDUA_OK = 0,
  THIDUA_E_INTERNAL = 1,    /**< a bug in thidua (the CLI's exit status 1); please report it */
  THIDUA_E_INPUT = 2,       /**< bad scheme or score data (thidua.scheme.*, thidua.data.*): see the error */
  THIDUA_E_USAGE = 3,       /**< a bad option (options JSON, audit name, format) */
  THIDUA_E_IO = 4,          /**< a file that cannot be read or written (thidua.io.*) */
  THIDUA_E_ARGUMENT = 5,    /**< a NULL pointer or a value outside its enum */
  THIDUA_E_NOT_FOUND = 6,   /**< no subject with that id (thidua.usage.103) */
  THIDUA_E_UNSUPPORTED = 7, /**< a format or feature this build does not handle */
  THIDUA_E_NO_MEMORY = 8    /**< out of memory */
} thidua_status;

/** "THIDUA_OK", "THIDUA_E_INPUT", ...; "THIDUA_E_UNKNOWN" for other values. Static storage. */
THIDUA_API const char* thidua_status_name(int status);

/** Formats of a document given in memory: the `int format` of the *_parse functions (an int,
 *  so that a value from another language is never an invalid enum; anything else is
 *  THIDUA_E_ARGUMENT). */
typedef enum thidua_format {
  THIDUA_FORMAT_TOML = 1, /**< a scheme (docs/scheme.md) */
  THIDUA_FORMAT_CSV = 2,  /**< a score sheet, wide or long (docs/scores.md) */
  THIDUA_FORMAT_JSON = 3  /**< a scheme or a score sheet as JSON (docs/json.md, input) */
} thidua_format;

/* ------------------------------------------------------------------------------ version */

/** The library's version, "major.minor.patch" (e.g. "0.2.0"). Static storage. */
THIDUA_API const char* thidua_version(void);
/** THIDUA_ABI_VERSION of the library actually loaded. */
THIDUA_API int thidua_abi_version(void);

/* ------------------------------------------------------------------------------- scheme */

/** Reads and checks a scheme file; the format comes from the file (TOML, or JSON where the
 *  library reads it). Positions in errors name `path`. */
THIDUA_API thidua_status thidua_scheme_load(const char* path, thidua_scheme** out, thidua_error** error);

/** Same from a document in memory: `length` bytes at `text` (no NUL needed; `text` may be
 *  NULL when `length` is 0). `name` (may be NULL: "<scheme>") is the file name errors show,
 *  and files the scheme names (an individual scheme: `[members] scheme = "ca-nhan.toml"`)
 *  are read relative to its folder: give the path the text came from, if any.
 *  `format`: THIDUA_FORMAT_TOML, or THIDUA_FORMAT_JSON (the TOML document's data as JSON,
 *  docs/json-input.md; errors then carry a JSON pointer: thidua_error_pointer). */
THIDUA_API thidua_status thidua_scheme_parse(const char* text, size_t length, int format,
                                             const char* name, thidua_scheme** out, thidua_error** error);

/** The scheme's id (`[scheme] id`), owned by the handle. NULL for a NULL handle. */
THIDUA_API const char* thidua_scheme_id(const thidua_scheme* scheme);

THIDUA_API void thidua_scheme_free(thidua_scheme* scheme);

/* -------------------------------------------------------------------------------- sheet */

/* `options_json` of the sheet functions: NULL, "" or a JSON object with any of
 *   "assessor":    "review" (default) | "self" | "any"  which rows of a long file to read
 *   "period":      "hk1"   keep only this period's rows of a long file with a period column
 *   "self_scores": true    the sheet holds self-scores (tự chấm): reserved criteria are
 *                          left out or rejected as the scheme says
 * An unknown key or a bad value is THIDUA_E_USAGE. */

/** Reads a score sheet against `scheme`: CSV (wide or long), .xlsx (`file.xlsx` or
 *  `file.xlsx!Sheet`), or any other format the library reads from files. */
THIDUA_API thidua_status thidua_sheet_load(const thidua_scheme* scheme, const char* path, const char* options_json,
                                           thidua_sheet** out, thidua_error** error);

/** Same from a document in memory (see thidua_scheme_parse; `name` defaults to "<scores>").
 *  `format`: THIDUA_FORMAT_CSV, or THIDUA_FORMAT_JSON (`{"rows": [...]}` or
 *  `{"entries": [...]}`, docs/json-input.md). */
THIDUA_API thidua_status thidua_sheet_parse(const thidua_scheme* scheme, const char* text, size_t length,
                                            int format, const char* name, const char* options_json,
                                            thidua_sheet** out, thidua_error** error);

/** Number of subjects in the sheet (0 for NULL). */
THIDUA_API size_t thidua_sheet_size(const thidua_sheet* sheet);

THIDUA_API void thidua_sheet_free(thidua_sheet* sheet);

/* ------------------------------------------------------------------------------ ranking */

/** Scores, classifies and ranks every subject of `sheet` under `scheme` (the sheet must have
 *  been read against that scheme). `self_scores` (may be NULL): a sheet of self-scores to
 *  report beside the review (read with {"assessor": "any", "self_scores": true}).
 *  `options_json`: NULL, "" or an object: {"why": "full" | "brief" | "none"}, as `thidua
 *  rank --why`: how much of each result's `why` thidua_result_json gives (full, the default:
 *  criterion by criterion; brief: without the criteria, and the ranking keeps no criterion
 *  points; none: no `why`, the country-size choice). Unknown keys are THIDUA_E_USAGE.
 *  A scheme with [[period]]s is ranked with thidua_rank_periods. */
THIDUA_API thidua_status thidua_rank(const thidua_scheme* scheme, const thidua_sheet* sheet,
                                     const thidua_sheet* self_scores, const char* options_json,
                                     thidua_result** out, thidua_error** error);

/** The year of a scheme with [[period]]s: `count` sheets, one per period in scheme order.
 *  `options_json` as thidua_rank ("why": "full" keeps criterion points only where titles
 *  read them, as `thidua rank` with periods). */
THIDUA_API thidua_status thidua_rank_periods(const thidua_scheme* scheme, const thidua_sheet* const* periods,
                                             size_t count, const thidua_sheet* self_scores,
                                             const char* options_json, thidua_result** out, thidua_error** error);

/** Number of ranked subjects (0 for NULL). */
THIDUA_API size_t thidua_result_size(const thidua_result* result);

/** The ranking as `thidua rank --format json` prints it, byte for byte (docs/json.md). */
THIDUA_API thidua_status thidua_result_json(const thidua_result* result, char** json, thidua_error** error);

/** The ranking in another of the command line's formats: "json", "csv" (UTF-8 with BOM,
 *  for Excel), "table" (plain text), "xlsx" (the council's workbook: binary, use *length),
 *  "html" (the report). *data is NUL-terminated; *length (when `length` is not NULL) is its
 *  size in bytes without that NUL. */
THIDUA_API thidua_status thidua_result_render(const thidua_result* result, const char* format, char** data,
                                             size_t* length, thidua_error** error);

/** How one subject's total, class and rank came about, as `thidua explain --format json`
 *  prints it. THIDUA_E_NOT_FOUND when no subject has that id. */
THIDUA_API thidua_status thidua_explain_json(const thidua_result* result, const char* id, char** json,
                                             thidua_error** error);

/** The same as the text `thidua explain --id ID` prints: Vietnamese, one line per criterion,
 *  then the class, the rank and what the next class needs (docs/explain.md), for a system
 *  that shows it as it is. */
THIDUA_API thidua_status thidua_explain_text(const thidua_result* result, const char* id, char** text,
                                             thidua_error** error);

/* ------------------------------------------------------------------------------- titles */

/* `options_json` of the titles functions (danh hiệu, docs/titles.md): NULL, "" or a JSON
 * object with any of
 *   "members":       the staff file (can-bo.csv): id, name, unit, flag:..., fields
 *   "member_scores": the members' scores under the individual scheme ([members] scheme);
 *                    needs "members"
 *   "history":       earlier years' classes and titles (lich-su.csv), for streaks
 *      each a file path ("can-bo.csv", or a workbook: "can-bo.xlsx!Sheet"), or a document in memory:
 *      {"text": "id,name,unit\n...", "format": "csv", "name": "can-bo.csv"} where "name" (default
 *      "<members>", "<member-scores>", "<history>") is the file name errors show and "format"
 *      is "csv" (the default) or "json" (JSON rows, as THIDUA_FORMAT_JSON)
 *   "store":         the path of an existing history store (SQLite, `thidua rank --store`):
 *                    earlier years are read from it, and "history" adds to them
 *   "base_salary":   lương cơ sở in whole đồng (2340000): overrides [awards] base_salary for
 *                    this call (the scheme handle is not changed)
 * The titles are decided as `thidua titles` decides them, over the ranked subjects of the
 * result (thidua_rank and thidua_rank_periods keep the criterion points titles may read).
 * THIDUA_E_USAGE: an unknown key or a bad value, a scheme with no title in force, "members"
 * missing when the titles in force read the staff or "member_scores" missing when the scheme
 * has an individual scheme (thidua.usage.102), "member_scores" without "members" or without
 * an individual scheme. A problem in a file or text is THIDUA_E_INPUT (thidua.data.*, its
 * position naming the path or "name"); a file that cannot be read is THIDUA_E_IO. */

/** The titles of the ranked year: `thidua titles --members ... --format json` byte for byte
 *  (each title's holders, counts, quotas and rewards; docs/json.md). With "output": "ranking"
 *  in the options: the ranking with the titles, `thidua rank --members ... --format json`
 *  (each result's `titles`, the members' results and the titles). "output" is "titles"
 *  (the default) or "ranking". */
THIDUA_API thidua_status thidua_titles_json(const thidua_result* result, const char* options_json, char** json,
                                            thidua_error** error);

/** The same in another format, as thidua_result_render: `format` "table", "csv" or "json"
 *  gives the proposal list (`thidua titles --format F`); with "output": "ranking", "table",
 *  "csv", "json", "xlsx" or "html" gives the ranking with its titles (`thidua rank --members
 *  ... --format F`: the council's workbook with its titles sheet, the HTML report). A
 *  workbook is binary: use `length`. */
THIDUA_API thidua_status thidua_titles_render(const thidua_result* result, const char* format, const char* options_json,
                                              char** data, size_t* length, thidua_error** error);

/** One subject's explanation with each title's conditions and decision, as
 *  `thidua explain --id ID --members ... --format json` prints it: a ranked subject, or a
 *  member of the staff file (its individual score when it has one). `options_json` as
 *  thidua_titles_json without "output". THIDUA_E_NOT_FOUND when neither has that id. */
THIDUA_API thidua_status thidua_explain_titles_json(const thidua_result* result, const char* id,
                                                    const char* options_json, char** json, thidua_error** error);

THIDUA_API void thidua_result_free(thidua_result* result);

/* ------------------------------------------------------------------------------- audits */

/** Runs one audit of docs/audit.md and gives its JSON (as `thidua audit TOOL --format json`).
 *  `tool`: "weights" (the scheme only: `sheet` may be NULL), "influence", "objective",
 *  "methods", "sensitivity", "smaa", "ahp" (a pairwise matrix only: `scheme` and `sheet` may
 *  be NULL and are not read). `options_json` (NULL, "" or an object):
 *    sensitivity: "top" (default 3), "threads" (0 = every core)
 *    smaa: "samples" (10000), "seed" (1), "mode" ("simplex" | "around" | "order"),
 *          "spread" (0.2, around only), "flat" (false), "ranks" (10), "pairs" (10), "threads" (0)
 *    ahp:  "matrix" (required): a CSV file path or {"text": "...", "name": "ahp.csv"}, or an
 *          array of them (several experts: their geometric mean); "ri" ("saaty" |
 *          "saaty2008" | "alonso-lamata"), "threshold" (0.10), "top" (3); "write_scheme" (a
 *          scheme file) with "to" (a path): writes a copy of the scheme with the derived
 *          weights, the eigenvector's or with "geometric": true the geometric mean's
 *  Unknown tools, keys or bad values are THIDUA_E_USAGE. A malformed matrix is
 *  THIDUA_E_INPUT (thidua.data.132 to .135, with its position). */
THIDUA_API thidua_status thidua_audit_json(const thidua_scheme* scheme, const thidua_sheet* sheet, const char* tool,
                                           const char* options_json, char** json, thidua_error** error);

/** `thidua audit diff`: two schemes on the same subjects (docs/audit.md). */
THIDUA_API thidua_status thidua_audit_diff_json(const thidua_scheme* a, const thidua_sheet* sheet_a,
                                                const thidua_scheme* b, const thidua_sheet* sheet_b, char** json,
                                                thidua_error** error);

/* ------------------------------------------------------------------------------ strings */

/** Frees a string this library returned through a `char**`. Accepts NULL. */
THIDUA_API void thidua_string_free(char* text);

/* ------------------------------------------------------------------------------- errors */

/* An error holds one or more diagnostics, first problem first. Each has an id from the
 * catalogue of docs/errors.md ("thidua.data.112"; "" for problems outside it: a NULL
 * argument, out of memory, an internal error), a message, and a position: file, worksheet
 * (for .xlsx), JSON pointer (for JSON), 1-based line and column (0 when not known; for CSV
 * the column is the cell number, for .xlsx the row and column of the cell). Strings are owned by the error. An index out of range gives "" (or 0). */

/** The status of the call that produced the error (THIDUA_OK for NULL). */
THIDUA_API thidua_status thidua_error_status(const thidua_error* error);
/** Diagnostics held. */
THIDUA_API size_t thidua_error_count(const thidua_error* error);
/** Problems found, including those beyond the stored limit (1000). */
THIDUA_API size_t thidua_error_total(const thidua_error* error);
THIDUA_API const char* thidua_error_id(const thidua_error* error, size_t index);
THIDUA_API const char* thidua_error_message(const thidua_error* error, size_t index);
THIDUA_API const char* thidua_error_file(const thidua_error* error, size_t index);
THIDUA_API const char* thidua_error_sheet(const thidua_error* error, size_t index);
/** For a JSON input, the JSON pointer of the value (RFC 6901: "/rows/5/DV2"); "" otherwise. */
THIDUA_API const char* thidua_error_pointer(const thidua_error* error, size_t index);
THIDUA_API unsigned thidua_error_line(const thidua_error* error, size_t index);
THIDUA_API unsigned thidua_error_column(const thidua_error* error, size_t index);
/** One line as the command line prints it:
 *  "[thidua.data.112] diem.csv:57:4: criterion DV2 = 18.5 exceeds its maximum 15". */
THIDUA_API const char* thidua_error_text(const thidua_error* error, size_t index);
/** Everything as JSON: {"status": "THIDUA_E_INPUT", "total": N, "diagnostics": [{"id",
 *  "message", "file", "sheet", "pointer", "line", "column", "text"}, ...]}. Owned by the error. */
THIDUA_API const char* thidua_error_json(const thidua_error* error);

THIDUA_API void thidua_error_free(thidua_error* error);

#ifdef __cplusplus
}
#endif

#endif /* THIDUA_THIDUA_H */
