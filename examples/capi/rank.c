/* Ranking from C through libthidua.so (include/thidua/thidua.h, docs/api.md).
 *
 *   rank SCHEME.toml SCORES.csv [ID]
 *
 * Prints the ranking as JSON (the `thidua rank --format json` document), or with an ID the
 * explanation of that subject. The pattern any FFI follows: call, check the status, read
 * the error on failure, free what you were given. Build: cc rank.c -lthidua */
#include <stdio.h>

#include <thidua/thidua.h>

int main(int argc, char** argv) {
  if (argc != 3 && argc != 4) {
    fprintf(stderr, "usage: %s SCHEME.toml SCORES.csv [ID]\n", argv[0]);
    return 2;
  }
  /* Every handle and string starts NULL: the frees at the end are then always right. */
  thidua_scheme* scheme = NULL;
  thidua_sheet* sheet = NULL;
  thidua_result* result = NULL;
  thidua_error* error = NULL;
  char* json = NULL;

  /* Each call returns THIDUA_OK or a status; on failure `error` says what and where, and
   * the remaining calls are skipped. */
  thidua_status status = thidua_scheme_load(argv[1], &scheme, &error);
  if (status == THIDUA_OK) status = thidua_sheet_load(scheme, argv[2], NULL, &sheet, &error);
  if (status == THIDUA_OK) status = thidua_rank(scheme, sheet, NULL, NULL, &result, &error);
  if (status == THIDUA_OK)
    status = argc == 4 ? thidua_explain_json(result, argv[3], &json, &error) : thidua_result_json(result, &json, &error);

  if (status == THIDUA_OK) {
    fputs(json, stdout);
  } else {
    /* Every problem found, each with its id and position:
     * "[thidua.data.112] diem.csv:57:4: DV2 = 18.5 exceeds its maximum 15" */
    for (size_t i = 0; i < thidua_error_count(error); ++i) fprintf(stderr, "%s\n", thidua_error_text(error, i));
  }

  /* Strings given through char** are the caller's; handles are freed in any order (a result
   * keeps what it needs). Freeing NULL does nothing. */
  thidua_string_free(json);
  thidua_result_free(result);
  thidua_sheet_free(sheet);
  thidua_scheme_free(scheme);
  thidua_error_free(error);
  /* Exit status as the command line's: 2 bad input, 1 anything else. */
  return status == THIDUA_OK ? 0 : status == THIDUA_E_INPUT || status == THIDUA_E_IO ? 2 : 1;
}
