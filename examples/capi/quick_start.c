/* The C API's quick start, as docs/api.md shows it (the part between the [quick-start]
 * markers): rank a scheme and a score sheet and print the JSON of `thidua rank`, or every
 * problem found, each with its id and position.
 *
 * Run: capi_quick_start SCHEME.toml SCORES.csv
 * ctest runs it on the bundled sample (its output must be `thidua rank --format json`'s,
 * byte for byte) and on a broken sheet (quick_start-error.expected). */
#include <stdio.h>
#include <thidua/thidua.h>

int main(int argc, char** argv) {
  if (argc != 3) {
    fputs("usage: capi_quick_start SCHEME.toml SCORES.csv\n", stderr);
    return 2;
  }
  const char* scheme_path = argv[1];
  const char* scores_path = argv[2];
  /* [quick-start] */
  thidua_scheme* scheme = NULL; thidua_sheet* sheet = NULL; thidua_result* result = NULL;
  thidua_error* error = NULL; char* json = NULL;
  thidua_status status = thidua_scheme_load(scheme_path, &scheme, &error);
  if (status == THIDUA_OK) status = thidua_sheet_load(scheme, scores_path, NULL, &sheet, &error);
  if (status == THIDUA_OK) status = thidua_rank(scheme, sheet, NULL, NULL, &result, &error);
  if (status == THIDUA_OK) status = thidua_result_json(result, &json, &error);
  if (status == THIDUA_OK) fputs(json, stdout);
  else for (size_t i = 0; i < thidua_error_count(error); ++i) printf("%s\n", thidua_error_text(error, i));
  thidua_string_free(json); thidua_result_free(result); thidua_sheet_free(sheet);
  thidua_scheme_free(scheme); thidua_error_free(error);
  /* [quick-start] */
  return status == THIDUA_OK ? 0 : 2;
}
