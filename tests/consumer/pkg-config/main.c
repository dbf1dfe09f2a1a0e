/* A C program built with pkg-config against the installed shared library, whose exported
 * symbols are the C API of <thidua/thidua.h> (tests/consumer/):
 *
 *   cc main.c $(pkg-config --cflags --libs thidua) -o app
 *   ./app SCHEME.toml SCORES.csv
 *   -> thidua 0.2.0: 60 subjects, first MN04 96.00 (rank 1)
 *
 * The ranking comes back as the CSV of `thidua rank --format csv`: block, rank, id, name, the
 * families, bonus, deduction, total, ...; the first data row is the first school shown. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <thidua/thidua.h>

/* Copies field `index` (0-based) of the CSV line starting at `line` into `out`. */
static int csv_field(const char* line, int index, char* out, size_t size) {
  int field = 0;
  size_t n = 0;
  int quoted = 0;
  for (const char* p = line; *p != '\0' && *p != '\n' && *p != '\r'; ++p) {
    if (quoted) {
      if (*p == '"' && p[1] == '"') {
        ++p;
      } else if (*p == '"') {
        quoted = 0;
        continue;
      }
    } else if (*p == '"') {
      quoted = 1;
      continue;
    } else if (*p == ',') {
      if (field == index) break;
      ++field;
      continue;
    }
    if (field == index && n + 1 < size) out[n++] = *p;
  }
  out[n] = '\0';
  return field == index;
}

/* Index of the header column whose label starts with `label`, or -1. */
static int csv_column(const char* header, const char* label) {
  char cell[256];
  for (int i = 0; i < 64 && csv_field(header, i, cell, sizeof cell); ++i)
    if (strncmp(cell, label, strlen(label)) == 0) return i;
  return -1;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s SCHEME.toml SCORES.csv\n", argv[0]);
    return 2;
  }
  thidua_scheme* scheme = NULL;
  thidua_sheet* sheet = NULL;
  thidua_result* result = NULL;
  thidua_error* error = NULL;
  char* csv = NULL;
  size_t length = 0;
  int status = 1;
  if (thidua_scheme_load(argv[1], &scheme, &error) != THIDUA_OK ||
      thidua_sheet_load(scheme, argv[2], NULL, &sheet, &error) != THIDUA_OK ||
      thidua_rank(scheme, sheet, NULL, NULL, &result, &error) != THIDUA_OK ||
      thidua_result_render(result, "csv", &csv, &length, &error) != THIDUA_OK) {
    fprintf(stderr, "error: %s\n", thidua_error_text(error, 0));
  } else {
    const char* header = csv;
    if (strncmp(header, "\xEF\xBB\xBF", 3) == 0) header += 3; /* the BOM for Excel */
    const char* first = strchr(header, '\n');
    const int total_column = csv_column(header, "T\xE1\xBB\x95ng \xC4\x91i\xE1\xBB\x83m"); /* "Tổng điểm" */
    char id[128], total[64], rank[16];
    if (first == NULL || total_column < 0 || !csv_field(first + 1, 2, id, sizeof id) ||
        !csv_field(first + 1, total_column, total, sizeof total) ||
        !csv_field(first + 1, 1, rank, sizeof rank)) {
      fprintf(stderr, "unexpected CSV:\n%s\n", csv);
    } else {
      printf("thidua %s: %zu subjects, first %s %s (rank %s)\n", thidua_version(),
             thidua_result_size(result), id, total, rank);
      status = 0;
    }
  }
  thidua_string_free(csv);
  thidua_result_free(result);
  thidua_sheet_free(sheet);
  thidua_scheme_free(scheme);
  thidua_error_free(error);
  return status;
}
