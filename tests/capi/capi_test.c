/* The C API from C (include/thidua/thidua.h), compiled as C11 and linked to libthidua.so.
 *
 *   capi_test EXAMPLES_DATA_DIR [VERSION]
 *
 * Ranks the bundled sample by path and from text in memory, checks the JSON against values
 * `thidua rank --format json` prints, the error model (ids, positions, statuses, NULLs), the
 * audits, titles (danh hiệu) with members, their scores and the history, AHP, and four
 * threads sharing one scheme and one sheet. Prints "N passed, M failed". */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "thidua/thidua.h"

static int passed = 0, failed = 0;

#define CHECK(cond)                                                         \
  do {                                                                      \
    if (cond) {                                                             \
      ++passed;                                                             \
    } else {                                                                \
      ++failed;                                                             \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                       \
  } while (0)

static char scheme_path[4096], scores_path[4096];

static char* read_all(const char* path, size_t* length) {
  FILE* f = fopen(path, "rb");
  if (f == NULL) return NULL;
  size_t size = 0, cap = 1 << 16;
  char* data = malloc(cap);
  for (size_t n; data != NULL && (n = fread(data + size, 1, cap - size, f)) > 0;) {
    size += n;
    if (size == cap) {
      char* bigger = realloc(data, cap *= 2);
      if (bigger == NULL) free(data);
      data = bigger;
    }
  }
  fclose(f);
  if (length != NULL) *length = size;
  return data;
}

/* Ranks the sample by path; checks the JSON of the ranking. */
static void test_rank_by_path(thidua_scheme** scheme, thidua_sheet** sheet) {
  thidua_error* error = NULL;
  CHECK(thidua_scheme_load(scheme_path, scheme, &error) == THIDUA_OK);
  CHECK(error == NULL);
  CHECK(*scheme != NULL && strcmp(thidua_scheme_id(*scheme), "truong-hoc-2024-2025") == 0);
  CHECK(thidua_sheet_load(*scheme, scores_path, NULL, sheet, &error) == THIDUA_OK);
  CHECK(thidua_sheet_size(*sheet) == 60);

  thidua_result* result = NULL;
  CHECK(thidua_rank(*scheme, *sheet, NULL, NULL, &result, &error) == THIDUA_OK);
  CHECK(thidua_result_size(result) == 60);
  char* json = NULL;
  CHECK(thidua_result_json(result, &json, &error) == THIDUA_OK);
  CHECK(json != NULL);
  if (json != NULL) {
    /* The first result of the first block (Mầm non): MN04, 96.00, rank 1, xuất sắc. */
    const char* results = strstr(json, "\"results\": [");
    CHECK(results != NULL);
    if (results != NULL) {
      const char* first = strstr(results, "\"id\": \"");
      CHECK(first != NULL && strncmp(first, "\"id\": \"MN04\"", 12) == 0);
    }
    CHECK(strstr(json, "\"id\": \"truong-hoc-2024-2025\"") != NULL);
    CHECK(strstr(json, "\"total_text\": \"96.00\"") != NULL);
    CHECK(strstr(json, "\"group\": \"M\xe1\xba\xa7m non\"") != NULL); /* UTF-8 as is */
    CHECK(json[strlen(json) - 1] == '\n');
  }
  thidua_string_free(json);

  /* The other formats: a workbook is binary, its length says how long. */
  char* data = NULL;
  size_t length = 0;
  CHECK(thidua_result_render(result, "xlsx", &data, &length, &error) == THIDUA_OK);
  CHECK(data != NULL && length > 1000 && data[0] == 'P' && data[1] == 'K');
  thidua_string_free(data);
  CHECK(thidua_result_render(result, "csv", &data, &length, &error) == THIDUA_OK);
  CHECK(data != NULL && length == strlen(data) && strncmp(data, "\xef\xbb\xbf", 3) == 0);
  thidua_string_free(data);
  CHECK(thidua_result_render(result, "pdf", &data, &length, &error) == THIDUA_E_USAGE);
  CHECK(data == NULL && length == 0 && thidua_error_status(error) == THIDUA_E_USAGE);
  thidua_error_free(error);
  error = NULL;

  /* explain: a known subject, then an unknown one. */
  CHECK(thidua_explain_json(result, "TH05", &json, &error) == THIDUA_OK);
  CHECK(json != NULL && strstr(json, "\"id\": \"TH05\"") != NULL && strstr(json, "\"total_text\": \"86.00\"") != NULL &&
        strstr(json, "\"rank\": 12") != NULL);
  thidua_string_free(json);
  CHECK(thidua_explain_json(result, "KHONG_CO", &json, &error) == THIDUA_E_NOT_FOUND);
  CHECK(json == NULL && error != NULL);
  CHECK(strcmp(thidua_error_id(error, 0), "thidua.usage.103") == 0);
  CHECK(strstr(thidua_error_message(error, 0), "KHONG_CO") != NULL);
  thidua_error_free(error);
  error = NULL;
  thidua_result_free(result);
}

/* The scheme from TOML text, a sheet from CSV text, then a bad sheet. */
static void test_in_memory(void) {
  size_t length = 0;
  char* toml = read_all(scheme_path, &length);
  CHECK(toml != NULL);
  if (toml == NULL) return;
  thidua_scheme* scheme = NULL;
  thidua_error* error = NULL;
  CHECK(thidua_scheme_parse(toml, length, THIDUA_FORMAT_TOML, scheme_path, &scheme, &error) == THIDUA_OK);
  CHECK(scheme != NULL && strcmp(thidua_scheme_id(scheme), "truong-hoc-2024-2025") == 0);
  free(toml);

  const char* header =
      "id,name,group,CM1,CM2,CM3,CM4,CM5,CM6,CM7,CM8,DV1,DV2,DV3,DV4,DV5,DV6,DV7,bonus,deduction,"
      "flag:ky_luat,flag:vi_pham_nghiem_trong\n";
  char csv[1024];
  snprintf(csv, sizeof csv, "%s%s", header,
           "MN01,Tr\xc6\xb0\xe1\xbb\x9dng M\xe1\xba\xa7m non Hoa Sen,M\xe1\xba\xa7m non,99.45,1.05,12,1,6.5,100,6.25,7,"
           "5.25,1,100,4,2,2.5,1,0,0,0,0\n");
  thidua_sheet* sheet = NULL;
  CHECK(thidua_sheet_parse(scheme, csv, strlen(csv), THIDUA_FORMAT_CSV, "mot-dong.csv", NULL, &sheet, &error) ==
        THIDUA_OK);
  CHECK(thidua_sheet_size(sheet) == 1);
  thidua_sheet_free(sheet);

  /* DV1 = 99 on line 3, cell 12: above its maximum 6. */
  snprintf(csv, sizeof csv, "%s%s%s", header,
           "MN01,A,M\xe1\xba\xa7m non,99.45,1.05,12,1,6.5,100,6.25,7,5.25,1,100,4,2,2.5,1,0,0,0,0\n",
           "MN02,B,M\xe1\xba\xa7m non,99.45,1.05,12,1,6.5,100,6.25,7,99,1,100,4,2,2.5,1,0,0,0,0\n");
  sheet = (thidua_sheet*)1; /* must be set to NULL on failure */
  CHECK(thidua_sheet_parse(scheme, csv, strlen(csv), THIDUA_FORMAT_CSV, "bad.csv", NULL, &sheet, &error) ==
        THIDUA_E_INPUT);
  CHECK(sheet == NULL && error != NULL);
  CHECK(thidua_error_status(error) == THIDUA_E_INPUT);
  CHECK(thidua_error_count(error) == 1 && thidua_error_total(error) == 1);
  CHECK(strcmp(thidua_error_id(error, 0), "thidua.data.112") == 0);
  CHECK(strcmp(thidua_error_file(error, 0), "bad.csv") == 0);
  CHECK(thidua_error_line(error, 0) == 3 && thidua_error_column(error, 0) == 12);
  CHECK(strstr(thidua_error_message(error, 0), "DV1") != NULL);
  CHECK(strncmp(thidua_error_text(error, 0), "[thidua.data.112] bad.csv:3:12: ", 32) == 0);
  CHECK(strstr(thidua_error_json(error), "\"id\": \"thidua.data.112\"") != NULL);
  CHECK(strcmp(thidua_error_id(error, 7), "") == 0 && thidua_error_line(error, 7) == 0); /* out of range */
  thidua_error_free(error);

  /* A broken scheme: a TOML syntax error with its position. */
  const char* broken = "[scheme]\nid = \n";
  thidua_scheme* none = NULL;
  CHECK(thidua_scheme_parse(broken, strlen(broken), THIDUA_FORMAT_TOML, "hong.toml", &none, &error) ==
        THIDUA_E_INPUT);
  CHECK(none == NULL && strcmp(thidua_error_id(error, 0), "thidua.scheme.101") == 0 &&
        thidua_error_line(error, 0) == 2);
  thidua_error_free(error);

  /* JSON text: an empty document lacks the scheme's required keys. */
  const char* doc = "{}";
  CHECK(thidua_scheme_parse(doc, 2, THIDUA_FORMAT_JSON, "trong.json", &none, &error) == THIDUA_E_INPUT);
  CHECK(none == NULL && error != NULL && strcmp(thidua_error_id(error, 0), "thidua.scheme.102") == 0);
  thidua_error_free(error);
  /* A file that is not there. */
  CHECK(thidua_scheme_load("/khong/co/tep.toml", &none, &error) == THIDUA_E_IO);
  CHECK(strcmp(thidua_error_id(error, 0), "thidua.io.101") == 0);
  thidua_error_free(error);
  /* Bad options. */
  CHECK(thidua_sheet_parse(scheme, csv, strlen(csv), THIDUA_FORMAT_CSV, NULL, "{\"asessor\": \"self\"}", &sheet,
                           &error) == THIDUA_E_USAGE);
  CHECK(strstr(thidua_error_message(error, 0), "asessor") != NULL);
  thidua_error_free(error);
  CHECK(thidua_sheet_parse(scheme, csv, strlen(csv), THIDUA_FORMAT_CSV, NULL, "{nope", &sheet, &error) ==
        THIDUA_E_USAGE);
  thidua_error_free(error);
  thidua_scheme_free(scheme);
}

static void test_null_arguments(const thidua_scheme* scheme, const thidua_sheet* sheet) {
  thidua_error* error = NULL;
  thidua_scheme* s = NULL;
  thidua_result* r = NULL;
  char* json = NULL;
  CHECK(thidua_scheme_load(NULL, &s, &error) == THIDUA_E_ARGUMENT);
  CHECK(s == NULL && thidua_error_status(error) == THIDUA_E_ARGUMENT && strcmp(thidua_error_id(error, 0), "") == 0);
  CHECK(strstr(thidua_error_message(error, 0), "path") != NULL);
  thidua_error_free(error);
  CHECK(thidua_scheme_load(scheme_path, NULL, NULL) == THIDUA_E_ARGUMENT); /* error may be NULL */
  CHECK(thidua_rank(NULL, sheet, NULL, NULL, &r, &error) == THIDUA_E_ARGUMENT && r == NULL);
  thidua_error_free(error);
  CHECK(thidua_rank(scheme, NULL, NULL, NULL, &r, &error) == THIDUA_E_ARGUMENT && r == NULL);
  thidua_error_free(error);
  CHECK(thidua_result_json(NULL, &json, &error) == THIDUA_E_ARGUMENT && json == NULL);
  thidua_error_free(error);
  CHECK(thidua_explain_json(NULL, "TH05", &json, NULL) == THIDUA_E_ARGUMENT);
  {
    char* data = (char*)1; /* set to NULL on failure, whatever it held */
    size_t length = 7;
    CHECK(thidua_titles_render(NULL, "csv", NULL, &data, &length, NULL) == THIDUA_E_ARGUMENT);
    CHECK(data == NULL && length == 0);
  }
  CHECK(thidua_scheme_parse(NULL, 5, THIDUA_FORMAT_TOML, NULL, &s, NULL) == THIDUA_E_ARGUMENT && s == NULL);
  CHECK(thidua_scheme_parse("x", 1, 42, NULL, &s, NULL) == THIDUA_E_ARGUMENT);
  /* A sheet is bound to the scheme handle it was read against. */
  thidua_scheme* other = NULL;
  CHECK(thidua_scheme_load(scheme_path, &other, NULL) == THIDUA_OK);
  CHECK(thidua_rank(other, sheet, NULL, NULL, &r, &error) == THIDUA_E_ARGUMENT && r == NULL);
  CHECK(strstr(thidua_error_message(error, 0), "another scheme") != NULL);
  thidua_error_free(error);
  thidua_scheme_free(other);
  /* Freeing NULL is fine; accessors of a NULL error are empty. */
  thidua_scheme_free(NULL);
  thidua_sheet_free(NULL);
  thidua_result_free(NULL);
  thidua_error_free(NULL);
  thidua_string_free(NULL);
  CHECK(thidua_error_count(NULL) == 0 && thidua_error_status(NULL) == THIDUA_OK);
  CHECK(strcmp(thidua_status_name(THIDUA_E_NOT_FOUND), "THIDUA_E_NOT_FOUND") == 0);
  CHECK(thidua_abi_version() == THIDUA_ABI_VERSION && strlen(thidua_version()) > 0);
}

static void test_audits(const thidua_scheme* scheme, const thidua_sheet* sheet) {
  thidua_error* error = NULL;
  char* json = NULL;
  CHECK(thidua_audit_json(scheme, NULL, "weights", NULL, &json, &error) == THIDUA_OK);
  CHECK(json != NULL && strstr(json, "\"scheme_id\": \"truong-hoc-2024-2025\"") != NULL &&
        strstr(json, "\"checks\"") != NULL);
  thidua_string_free(json);
  CHECK(thidua_audit_json(scheme, sheet, "influence", "{}", &json, &error) == THIDUA_OK);
  CHECK(json != NULL && strstr(json, "\"families\"") != NULL && strstr(json, "\"total_std_dev\"") != NULL);
  thidua_string_free(json);
  CHECK(thidua_audit_json(scheme, sheet, "smaa", "{\"samples\": 200, \"seed\": 7, \"threads\": 2}", &json, &error) ==
        THIDUA_OK);
  CHECK(json != NULL && strstr(json, "\"seed\": 7") != NULL && strstr(json, "\"blocks\"") != NULL);
  thidua_string_free(json);
  CHECK(thidua_audit_json(scheme, sheet, "smaa", "{\"samples\": 0}", &json, &error) == THIDUA_E_USAGE);
  thidua_error_free(error);
  CHECK(thidua_audit_json(scheme, sheet, "astrology", NULL, &json, &error) == THIDUA_E_USAGE && json == NULL);
  thidua_error_free(error);
  CHECK(thidua_audit_json(scheme, NULL, "influence", NULL, &json, &error) == THIDUA_E_ARGUMENT);
  thidua_error_free(error);
}

/* A JSON string of `text` (quotes and backslashes escaped), for options naming paths. */
static void json_string(char* out, size_t size, const char* text) {
  size_t n = 0;
  if (n + 1 < size) out[n++] = '"';
  for (; *text != '\0' && n + 3 < size; ++text) {
    if (*text == '"' || *text == '\\') out[n++] = '\\';
    out[n++] = *text;
  }
  if (n + 1 < size) out[n++] = '"';
  out[n] = '\0';
}

/* The whole number after `"key": ` in the object that follows `"id": "ID"` (-1 if none). */
static long field_after(const char* json, const char* id, const char* key) {
  char needle[128];
  snprintf(needle, sizeof needle, "\"id\": \"%s\"", id);
  const char* at = json != NULL ? strstr(json, needle) : NULL;
  if (at == NULL) return -1;
  snprintf(needle, sizeof needle, "\"%s\": ", key);
  at = strstr(at, needle);
  return at != NULL ? strtol(at + strlen(needle), NULL, 10) : -1;
}

static char members_path[4096], member_scores_path[4096], history_path[4096], matrix_path[4096];
static char titles_options[13000]; /* members, member_scores and history by path, for test_threads */

/* Titles (danh hiệu) of the sample: the facts `thidua titles --format json` prints. */
static void test_titles(const thidua_scheme* scheme, const thidua_sheet* sheet) {
  thidua_result* result = NULL;
  thidua_error* error = NULL;
  char* json = NULL;
  CHECK(thidua_rank(scheme, sheet, NULL, NULL, &result, &error) == THIDUA_OK);
  char members[4200], scores[4200], history[4200], options[13000];
  json_string(members, sizeof members, members_path);
  json_string(scores, sizeof scores, member_scores_path);
  json_string(history, sizeof history, history_path);
  snprintf(options, sizeof options, "{\"members\": %s, \"member_scores\": %s, \"history\": %s}", members, scores,
           history);

  snprintf(titles_options, sizeof titles_options, "%s", options);
  CHECK(thidua_titles_json(result, options, &json, &error) == THIDUA_OK && error == NULL);
  CHECK(json != NULL && strncmp(json, "{\n  \"scheme\": \"truong-hoc-2024-2025\",\n  \"year\": 2025,\n", 53) == 0);
  CHECK(json != NULL && strstr(json, "\"base_salary\": 2340000,") != NULL);
  CHECK(field_after(json, "LDTT", "count") == 1693 && field_after(json, "LDTT", "reward_each") == 702000);
  CHECK(field_after(json, "CSTDCS", "count") == 223);
  CHECK(field_after(json, "TTLDXS", "count") == 17);
  /* Provincial CSTĐ needs three years of CSTĐCS: the history gives GV0081 and three more. */
  CHECK(field_after(json, "CSTD_TINH", "count") == 4);
  CHECK(json != NULL && strstr(json, "\"holders\": [\n        \"GV0081\",\n        \"GV1513\",") != NULL);
  thidua_string_free(json);

  /* Without the history no streak reaches three years. */
  snprintf(options, sizeof options, "{\"members\": %s, \"member_scores\": %s}", members, scores);
  CHECK(thidua_titles_json(result, options, &json, &error) == THIDUA_OK);
  CHECK(field_after(json, "CSTD_TINH", "count") == 0 && field_after(json, "LDTT", "count") == 1693);
  thidua_string_free(json);

  /* base_salary overrides the scheme's for this call only (the handle is not changed). */
  snprintf(options, sizeof options, "{\"members\": %s, \"member_scores\": %s, \"base_salary\": 1000000}", members,
           scores);
  CHECK(thidua_titles_json(result, options, &json, &error) == THIDUA_OK);
  CHECK(json != NULL && strstr(json, "\"base_salary\": 1000000,") != NULL);
  CHECK(field_after(json, "LDTT", "reward_each") == 300000);
  thidua_string_free(json);

  /* The ranking with the titles: each result's titles, the members and the titles. */
  snprintf(options, sizeof options, "{\"members\": %s, \"member_scores\": %s, \"history\": %s, \"output\": \"ranking\"}",
           members, scores, history);
  CHECK(thidua_titles_json(result, options, &json, &error) == THIDUA_OK);
  CHECK(json != NULL && strncmp(json, "{\n  \"scheme\": {", 15) == 0);
  CHECK(json != NULL && strstr(json, "\"members\": [") != NULL && strstr(json, "\"base_salary\": 2340000") == NULL);
  CHECK(json != NULL && strstr(json, "\"titles\": [\n        \"TTLDTT\",\n        \"TTLDXS\"\n      ]") != NULL);
  CHECK(field_after(json, "CSTD_TINH", "count") == 4);
  thidua_string_free(json);

  /* explain with titles: a unit, a member (its individual score and its titles), nobody. */
  snprintf(options, sizeof options, "{\"members\": %s, \"member_scores\": %s, \"history\": %s}", members, scores,
           history);
  CHECK(thidua_explain_titles_json(result, "TH05", options, &json, &error) == THIDUA_OK);
  CHECK(json != NULL && strstr(json, "\"id\": \"TH05\"") != NULL && strstr(json, "\"title_rules\": [") != NULL);
  thidua_string_free(json);
  CHECK(thidua_explain_titles_json(result, "GV0081", options, &json, &error) == THIDUA_OK);
  CHECK(json != NULL && strstr(json, "\"id\": \"GV0081\"") != NULL);
  CHECK(json != NULL && strstr(json, "\"id\": \"CSTD_TINH\",\n      \"awarded\": true,") != NULL);
  CHECK(json != NULL && strstr(json, "\"years\": 4") != NULL);
  thidua_string_free(json);
  CHECK(thidua_explain_titles_json(result, "KHONG_CO", options, &json, &error) == THIDUA_E_NOT_FOUND);
  CHECK(json == NULL && strcmp(thidua_error_id(error, 0), "thidua.usage.103") == 0);
  CHECK(strstr(thidua_error_message(error, 0), "can-bo.csv") != NULL);
  thidua_error_free(error);

  /* Usage: an unknown key, a bad "output", members missing, member scores missing. */
  snprintf(options, sizeof options, "{\"members\": %s, \"menber_scores\": %s}", members, scores);
  json = (char*)1; /* must be set to NULL on failure */
  CHECK(thidua_titles_json(result, options, &json, &error) == THIDUA_E_USAGE && json == NULL);
  CHECK(strcmp(thidua_error_id(error, 0), "thidua.usage.101") == 0);
  CHECK(strstr(thidua_error_message(error, 0), "menber_scores") != NULL);
  thidua_error_free(error);
  CHECK(thidua_titles_json(result, "{\"output\": \"pdf\"}", &json, &error) == THIDUA_E_USAGE);
  CHECK(strcmp(thidua_error_id(error, 0), "thidua.usage.101") == 0 && strstr(thidua_error_message(error, 0), "output"));
  thidua_error_free(error);
  CHECK(thidua_titles_json(result, NULL, &json, &error) == THIDUA_E_USAGE && json == NULL);
  CHECK(strcmp(thidua_error_id(error, 0), "thidua.usage.102") == 0);
  CHECK(strstr(thidua_error_message(error, 0), "\"members\"") != NULL);
  thidua_error_free(error);
  CHECK(thidua_explain_titles_json(result, "TH05", "{}", &json, &error) == THIDUA_E_USAGE);
  CHECK(strcmp(thidua_error_id(error, 0), "thidua.usage.102") == 0);
  thidua_error_free(error);
  snprintf(options, sizeof options, "{\"members\": %s}", members);
  CHECK(thidua_titles_json(result, options, &json, &error) == THIDUA_E_USAGE);
  CHECK(strcmp(thidua_error_id(error, 0), "thidua.usage.102") == 0);
  CHECK(strstr(thidua_error_message(error, 0), "\"member_scores\"") != NULL);
  thidua_error_free(error);
  CHECK(thidua_titles_json(result, "{\"members\": {\"txt\": \"id\"}}", &json, &error) == THIDUA_E_USAGE);
  CHECK(strstr(thidua_error_message(error, 0), "txt") != NULL);
  thidua_error_free(error);
  CHECK(thidua_titles_json(result, "{\"base_salary\": -1}", &json, &error) == THIDUA_E_USAGE);
  thidua_error_free(error);

  /* A members file in memory with a bad flag on line 3, cell 4: the position names "name". */
  snprintf(options, sizeof options,
           "{\"members\": {\"text\": \"id,name,unit,flag:ky_luat\\nGV1,A,MN01,0\\nGV2,B,MN01,maybe\\n\", "
           "\"format\": \"csv\", \"name\": \"can-bo-moi.csv\"}, \"member_scores\": %s}",
           scores);
  CHECK(thidua_titles_json(result, options, &json, &error) == THIDUA_E_INPUT && json == NULL);
  CHECK(thidua_error_status(error) == THIDUA_E_INPUT && thidua_error_count(error) == 1);
  CHECK(strcmp(thidua_error_id(error, 0), "thidua.data.114") == 0);
  CHECK(strcmp(thidua_error_file(error, 0), "can-bo-moi.csv") == 0);
  CHECK(thidua_error_line(error, 0) == 3 && thidua_error_column(error, 0) == 4);
  CHECK(strncmp(thidua_error_text(error, 0), "[thidua.data.114] can-bo-moi.csv:3:4: ", 38) == 0);
  thidua_error_free(error);
  /* A history file that is not there. */
  snprintf(options, sizeof options, "{\"members\": %s, \"member_scores\": %s, \"history\": \"/khong/co/lich-su.csv\"}",
           members, scores);
  CHECK(thidua_titles_json(result, options, &json, &error) == THIDUA_E_IO);
  CHECK(strcmp(thidua_error_id(error, 0), "thidua.io.101") == 0);
  thidua_error_free(error);
  CHECK(thidua_titles_json(NULL, NULL, &json, &error) == THIDUA_E_ARGUMENT && json == NULL);
  thidua_error_free(error);
  thidua_result_free(result);

  /* A scheme with no title in force. */
  const char* plain =
      "[scheme]\nid = \"khong-danh-hieu\"\ntitle = \"x\"\nsubject = \"unit\"\nscale = 100\nprecision = 2\n"
      "rounding = \"half_up\"\neffective = \"2024-09-01\"\nsource = \"test\"\n"
      "[[family]]\nid = \"a\"\nname = \"A\"\nweight = 100\n"
      "[[criterion]]\nid = \"A1\"\nfamily = \"a\"\nname = \"A1\"\nmax = 100\n"
      "[[class]]\nid = \"dat\"\nname = \"\\u0110\\u1ea1t\"\nmin = 50\n"
      "[[class]]\nid = \"chua_dat\"\nname = \"Ch\\u01b0a \\u0111\\u1ea1t\"\nmin = 0\n";
  const char* rows = "id,name,group,A1\nU1,M\xe1\xbb\x99t,K,70\n";
  thidua_scheme* s = NULL;
  thidua_sheet* sh = NULL;
  CHECK(thidua_scheme_parse(plain, strlen(plain), THIDUA_FORMAT_TOML, "khong.toml", &s, &error) == THIDUA_OK);
  if (error != NULL) fprintf(stderr, "%s\n", thidua_error_text(error, 0));
  CHECK(thidua_sheet_parse(s, rows, strlen(rows), THIDUA_FORMAT_CSV, "u.csv", NULL, &sh, &error) == THIDUA_OK);
  CHECK(thidua_rank(s, sh, NULL, NULL, &result, &error) == THIDUA_OK);
  CHECK(thidua_titles_json(result, options, &json, &error) == THIDUA_E_USAGE && json == NULL);
  CHECK(strstr(thidua_error_message(error, 0), "no title") != NULL);
  thidua_error_free(error);
  thidua_result_free(result);
  thidua_sheet_free(sh);
  thidua_scheme_free(s);
}

/* The number after `"key": ` (the first in the document) or after `"key": [`. */
static double number_after(const char* json, const char* key) {
  char needle[64];
  snprintf(needle, sizeof needle, "\"%s\": ", key);
  const char* at = json != NULL ? strstr(json, needle) : NULL;
  if (at == NULL) return -1;
  at += strlen(needle);
  while (*at == '[' || *at == '\n' || *at == ' ') ++at;
  return strtod(at, NULL);
}

static int near(double a, double b) { return a - b < 1e-12 && b - a < 1e-12; }

/* AHP: the sample's matrix (ahp-dan-van.csv), then malformed matrices in memory. */
static void test_ahp(const thidua_scheme* scheme) {
  thidua_error* error = NULL;
  char* json = NULL;
  char path[4200], options[9000];
  json_string(path, sizeof path, matrix_path);
  snprintf(options, sizeof options, "{\"matrix\": %s}", path);
  /* Neither a scheme nor a sheet is read. */
  CHECK(thidua_audit_json(NULL, NULL, "ahp", options, &json, &error) == THIDUA_OK && error == NULL);
  CHECK(json != NULL && strncmp(json, "{\n  \"n\": 7,", 11) == 0);
  CHECK(near(number_after(json, "weights"), 0.2046627519723289));
  CHECK(near(number_after(json, "weights_geometric"), 0.20577468095482082));
  CHECK(near(number_after(json, "lambda_max"), 7.118409174684223));
  CHECK(near(number_after(json, "cr"), 0.014950653369220112));
  CHECK(near(number_after(json, "random_index"), 1.32));
  CHECK(json != NULL && strstr(json, "\"consistent\": true") != NULL && strstr(json, "\"name\": \"saaty\"") != NULL);
  thidua_string_free(json);
  /* With a scheme given (not read), another random-index table and one judgment listed. */
  snprintf(options, sizeof options, "{\"matrix\": %s, \"ri\": \"alonso-lamata\", \"top\": 1, \"threshold\": 0.05}",
           path);
  CHECK(thidua_audit_json(scheme, NULL, "ahp", options, &json, &error) == THIDUA_OK);
  CHECK(json != NULL && strstr(json, "\"name\": \"alonso-lamata\"") != NULL && strstr(json, "\"threshold\": 0.05") &&
        strstr(json, "\"row\": 3,") != NULL && strstr(json, "\"row\": 4,") == NULL);
  thidua_string_free(json);
  /* Two experts: the geometric mean of the same matrix twice is that matrix. */
  snprintf(options, sizeof options, "{\"matrix\": [%s, {\"text\": \"1,2\\n1/2,1\\n\", \"name\": \"hai.csv\"}]}", path);
  CHECK(thidua_audit_json(NULL, NULL, "ahp", options, &json, &error) == THIDUA_E_INPUT); /* 7 × 7 and 2 × 2 */
  CHECK(strcmp(thidua_error_id(error, 0), "thidua.data.132") == 0);
  thidua_error_free(error);
  snprintf(options, sizeof options, "{\"matrix\": [%s, %s]}", path, path);
  CHECK(thidua_audit_json(NULL, NULL, "ahp", options, &json, &error) == THIDUA_OK);
  CHECK(json != NULL && strstr(json, "\"experts\": 2,") != NULL && near(number_after(json, "cr"), 0.014950653369220112));
  thidua_string_free(json);

  /* Malformed matrices: each problem's id and position in the "name" given. */
  static const struct {
    const char* text;
    const char* id;
    unsigned line, column;
  } bad[] = {
      {"1,2,3\\n1/2,1,1\\n", "thidua.data.132", 1, 3},         /* 2 rows of 3 */
      {"1,2\\n1/3,1\\n", "thidua.data.133", 2, 1},             /* 1/3 is not 1/2 */
      {"2,2\\n1/2,1\\n", "thidua.data.133", 1, 1},             /* a diagonal not 1 */
      {"1,x\\n1,1\\n", "thidua.data.134", 1, 2},               /* not a number */
      {"1,0\\n1,1\\n", "thidua.data.134", 1, 2},               /* zero */
      {",a,b\\na,1,2\\nc,1/2,1\\n", "thidua.data.135", 3, 1},  /* row label c, column label b */
  };
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; ++k) {
    snprintf(options, sizeof options, "{\"matrix\": {\"text\": \"%s\", \"name\": \"ma-tran.csv\"}}", bad[k].text);
    json = (char*)1;
    CHECK(thidua_audit_json(NULL, NULL, "ahp", options, &json, &error) == THIDUA_E_INPUT && json == NULL);
    CHECK(strcmp(thidua_error_id(error, 0), bad[k].id) == 0);
    CHECK(strcmp(thidua_error_file(error, 0), "ma-tran.csv") == 0);
    CHECK(thidua_error_line(error, 0) == bad[k].line && thidua_error_column(error, 0) == bad[k].column);
    if (strcmp(thidua_error_id(error, 0), bad[k].id) != 0 || thidua_error_line(error, 0) != bad[k].line)
      fprintf(stderr, "  matrix %u: %s\n", (unsigned)k, thidua_error_text(error, 0));
    thidua_error_free(error);
  }
  /* 132 for every short row: all problems are reported at once. */
  CHECK(thidua_audit_json(NULL, NULL, "ahp", "{\"matrix\": {\"text\": \"1,2\\n1/2,1\\n1,1\\n\"}}", &json, &error) ==
        THIDUA_E_INPUT);
  CHECK(thidua_error_count(error) == 3 && strcmp(thidua_error_file(error, 2), "<matrix>") == 0 &&
        thidua_error_line(error, 2) == 3);
  thidua_error_free(error);

  /* Usage: no matrix, an unknown key, an unknown table, a file that is not there. */
  CHECK(thidua_audit_json(NULL, NULL, "ahp", NULL, &json, &error) == THIDUA_E_USAGE && json == NULL);
  CHECK(strcmp(thidua_error_id(error, 0), "thidua.usage.102") == 0);
  thidua_error_free(error);
  snprintf(options, sizeof options, "{\"matrix\": %s, \"seed\": 1}", path);
  CHECK(thidua_audit_json(NULL, NULL, "ahp", options, &json, &error) == THIDUA_E_USAGE);
  CHECK(strstr(thidua_error_message(error, 0), "\"seed\"") != NULL);
  thidua_error_free(error);
  snprintf(options, sizeof options, "{\"matrix\": %s, \"ri\": \"saaty1977\"}", path);
  CHECK(thidua_audit_json(NULL, NULL, "ahp", options, &json, &error) == THIDUA_E_USAGE);
  CHECK(strstr(thidua_error_message(error, 0), "alonso-lamata") != NULL);
  thidua_error_free(error);
  snprintf(options, sizeof options, "{\"matrix\": %s, \"threshold\": 1.5}", path);
  CHECK(thidua_audit_json(NULL, NULL, "ahp", options, &json, &error) == THIDUA_E_USAGE);
  thidua_error_free(error);
  snprintf(options, sizeof options, "{\"matrix\": %s, \"to\": \"x.toml\"}", path);
  CHECK(thidua_audit_json(NULL, NULL, "ahp", options, &json, &error) == THIDUA_E_USAGE);
  CHECK(strcmp(thidua_error_id(error, 0), "thidua.usage.102") == 0);
  thidua_error_free(error);
  CHECK(thidua_audit_json(NULL, NULL, "ahp", "{\"matrix\": \"/khong/co/ma-tran.csv\"}", &json, &error) == THIDUA_E_IO);
  CHECK(strcmp(thidua_error_id(error, 0), "thidua.io.101") == 0);
  thidua_error_free(error);
  /* The other tools still need a scheme. */
  CHECK(thidua_audit_json(NULL, NULL, "weights", NULL, &json, &error) == THIDUA_E_ARGUMENT);
  thidua_error_free(error);
  CHECK(thidua_audit_json(scheme, NULL, "ahq", NULL, &json, &error) == THIDUA_E_USAGE);
  CHECK(strstr(thidua_error_message(error, 0), "smaa or ahp") != NULL);
  thidua_error_free(error);
}

/* Four threads rank and explain from one scheme and one sheet, and decide the titles of one
 * shared result: the same bytes each time. */
struct job {
  const thidua_scheme* scheme;
  const thidua_sheet* sheet;
  const thidua_result* shared;
  char* rank_json;
  char* explain_json;
  char* shared_explain;
  char* shared_titles;
  int status;
};

static void* work(void* arg) {
  struct job* j = arg;
  thidua_result* r = NULL;
  j->status = thidua_rank(j->scheme, j->sheet, NULL, NULL, &r, NULL);
  if (j->status == THIDUA_OK) j->status = thidua_result_json(r, &j->rank_json, NULL);
  if (j->status == THIDUA_OK) j->status = thidua_explain_json(r, "THCS03", &j->explain_json, NULL);
  if (j->status == THIDUA_OK) j->status = thidua_explain_json(j->shared, "MN07", &j->shared_explain, NULL);
  if (j->status == THIDUA_OK) j->status = thidua_titles_json(j->shared, titles_options, &j->shared_titles, NULL);
  thidua_result_free(r);
  return NULL;
}

static void test_threads(const thidua_scheme* scheme, const thidua_sheet* sheet) {
  enum { N = 4 };
  thidua_result* shared = NULL;
  CHECK(thidua_rank(scheme, sheet, NULL, NULL, &shared, NULL) == THIDUA_OK);
  struct job jobs[N];
  pthread_t threads[N];
  for (int i = 0; i < N; ++i) {
    jobs[i] = (struct job){scheme, sheet, shared, NULL, NULL, NULL, NULL, -1};
    CHECK(pthread_create(&threads[i], NULL, work, &jobs[i]) == 0);
  }
  for (int i = 0; i < N; ++i) pthread_join(threads[i], NULL);
  for (int i = 0; i < N; ++i) {
    CHECK(jobs[i].status == THIDUA_OK);
    CHECK(jobs[i].rank_json != NULL && jobs[0].rank_json != NULL && strcmp(jobs[i].rank_json, jobs[0].rank_json) == 0);
    CHECK(jobs[i].explain_json != NULL && jobs[0].explain_json != NULL &&
          strcmp(jobs[i].explain_json, jobs[0].explain_json) == 0);
    CHECK(jobs[i].shared_explain != NULL && jobs[0].shared_explain != NULL &&
          strcmp(jobs[i].shared_explain, jobs[0].shared_explain) == 0);
    CHECK(jobs[i].shared_titles != NULL && jobs[0].shared_titles != NULL &&
          strcmp(jobs[i].shared_titles, jobs[0].shared_titles) == 0);
  }
  CHECK(field_after(jobs[0].shared_titles, "CSTD_TINH", "count") == 4);
  for (int i = 0; i < N; ++i) {
    thidua_string_free(jobs[i].rank_json);
    thidua_string_free(jobs[i].explain_json);
    thidua_string_free(jobs[i].shared_explain);
    thidua_string_free(jobs[i].shared_titles);
  }
  thidua_result_free(shared);
}

/* A result keeps its scheme and sheet alive: they may be freed first. */
static void test_lifetimes(void) {
  thidua_scheme* scheme = NULL;
  thidua_sheet* sheet = NULL;
  thidua_result* result = NULL;
  CHECK(thidua_scheme_load(scheme_path, &scheme, NULL) == THIDUA_OK);
  CHECK(thidua_sheet_load(scheme, scores_path, "{\"assessor\": \"review\"}", &sheet, NULL) == THIDUA_OK);
  CHECK(thidua_rank(scheme, sheet, NULL, "{}", &result, NULL) == THIDUA_OK);
  thidua_sheet_free(sheet);
  thidua_scheme_free(scheme);
  char* json = NULL;
  CHECK(thidua_explain_json(result, "MN04", &json, NULL) == THIDUA_OK && json != NULL);
  thidua_string_free(json);
  thidua_result_free(result);
}

/* The rank option "why": full (the default) and brief and none, as `thidua rank --why`. */
static void test_why_levels(const thidua_scheme* scheme, const thidua_sheet* sheet) {
  const char* levels[] = {NULL, "{\"why\": \"full\"}", "{\"why\": \"brief\"}", "{\"why\": \"none\"}"};
  size_t sizes[4] = {0, 0, 0, 0};
  int has_why[4] = {0, 0, 0, 0}, has_criteria[4] = {0, 0, 0, 0};
  for (int k = 0; k < 4; ++k) {
    thidua_result* result = NULL;
    char* json = NULL;
    CHECK(thidua_rank(scheme, sheet, NULL, levels[k], &result, NULL) == THIDUA_OK);
    CHECK(thidua_result_json(result, &json, NULL) == THIDUA_OK && json != NULL);
    if (json != NULL) {
      sizes[k] = strlen(json);
      has_why[k] = strstr(json, "\"why\": {") != NULL;
      has_criteria[k] = strstr(json, "\"closes\"") != NULL;
    }
    /* explain is always whole: the result keeps its sheet. */
    char* one = NULL;
    CHECK(thidua_explain_json(result, "MN03", &one, NULL) == THIDUA_OK && one != NULL && strstr(one, "\"closes\"") != NULL);
    thidua_string_free(one);
    thidua_string_free(json);
    thidua_result_free(result);
  }
  CHECK(sizes[0] == sizes[1]);                           /* full is the default */
  CHECK(has_why[0] && has_criteria[0]);
  CHECK(has_why[2] && !has_criteria[2] && sizes[2] < sizes[0]);
  CHECK(!has_why[3] && sizes[3] < sizes[2]);
  thidua_result* result = NULL;
  thidua_error* error = NULL;
  CHECK(thidua_rank(scheme, sheet, NULL, "{\"why\": \"some\"}", &result, &error) == THIDUA_E_USAGE);
  CHECK(result == NULL && strcmp(thidua_error_id(error, 0), "thidua.usage.101") == 0);
  CHECK(strstr(thidua_error_message(error, 0), "\"why\"") != NULL);
  thidua_error_free(error);
}

int main(int argc, char** argv) {
  if (argc != 2 && argc != 3) {
    fprintf(stderr, "usage: capi_test EXAMPLES_DATA_DIR [VERSION]\n");
    return 2;
  }
  snprintf(scheme_path, sizeof scheme_path, "%s/truong-hoc-2024-2025.toml", argv[1]);
  snprintf(scores_path, sizeof scores_path, "%s/diem-hoi-dong.csv", argv[1]);
  snprintf(members_path, sizeof members_path, "%s/can-bo.csv", argv[1]);
  snprintf(member_scores_path, sizeof member_scores_path, "%s/diem-ca-nhan.csv", argv[1]);
  snprintf(history_path, sizeof history_path, "%s/lich-su.csv", argv[1]);
  snprintf(matrix_path, sizeof matrix_path, "%s/ahp-dan-van.csv", argv[1]);

  thidua_scheme* scheme = NULL;
  thidua_sheet* sheet = NULL;
  test_rank_by_path(&scheme, &sheet);
  if (scheme == NULL || sheet == NULL) {
    fprintf(stderr, "cannot load the sample from %s\n", argv[1]);
    return 1;
  }
  test_in_memory();
  test_null_arguments(scheme, sheet);
  test_audits(scheme, sheet);
  test_why_levels(scheme, sheet);
  test_titles(scheme, sheet);
  test_ahp(scheme);
  test_threads(scheme, sheet);
  test_lifetimes();
  if (argc == 3) CHECK(strcmp(thidua_version(), argv[2]) == 0); /* the project's version */
  thidua_sheet_free(sheet);
  thidua_scheme_free(scheme);

  printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
