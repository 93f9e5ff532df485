/*
 * Fuzz target of the Excel writer (io/xlsx.h) on libxlsxwriter. The input is text fields separated
 * by NUL bytes. The first three describe the first sheet: its name, its columns' kinds (one byte
 * each: the kind modulo 5, a width from bits 3-6, and with bit 7 a number format of its own) and
 * its headers, separated by tabs ("header|format" gives the format). Every further field is a row
 * of cells separated by tabs, or, when it starts with '#', another sheet: the rest of the field is
 * its name and the next two fields its kinds and headers. A cell is text in a text column; in a
 * number column "fN" is N fen in yuan, "gN" N grams in tonnes, "dT" the decimal text T as a
 * percentage, anything else a number as strtod reads it (inf, nan, 1e999, hex); in a date column a
 * number of days, brought into the valid years 1900-9999. An empty cell is left empty.
 *
 * The workbook is written to a file in a private temporary directory (under $TMPDIR, else /tmp),
 * removed after each input. Invariants: every call answers GL_OK or an error with a message;
 * more columns than a sheet may have (64) are refused as GL_ELIMIT; a failed xlsx_open returns no
 * writer; a sheet that cannot be added (a name Excel does not allow, a name taken) leaves the
 * writer on the sheet before; every row is written (the inputs are too small for Excel's limits)
 * but one holding a number that is not finite (NaN, infinity), which is GL_EINVAL; decimal text
 * that is "nan" or "inf" is an empty cell; the file exists only after xlsx_close succeeds, and
 * then is a ZIP archive ("PK").
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "io/xlsx.h"

#define FIELDS_MAX 256
#define COLUMNS_MAX 80 /* past the writer's limit of 64, which must then refuse */

static char dir[512];
static char path[600];

static void remove_dir(void)
{
        rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
        (void)argc;
        (void)argv;
        const char *tmp = getenv("TMPDIR");
        snprintf(dir, sizeof(dir), "%s/greenlane-fuzz-xlsx-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        FUZZ_CHECK(mkdtemp(dir) != NULL);
        snprintf(path, sizeof(path), "%s/book.xlsx", dir);
        atexit(remove_dir);
        return 0;
}

/* The columns of a sheet (their texts point into the input). */
struct sheet {
        struct xlsx_column columns[COLUMNS_MAX];
        size_t ncolumns;
};

/* Reads the columns of a sheet from its kinds and headers fields (both changed in place). */
static void read_columns(struct sheet *s, const char *kinds, char *headers)
{
        char *names[COLUMNS_MAX];
        size_t nnames = fuzz_split_cells(headers, names, COLUMNS_MAX);
        s->ncolumns = strlen(kinds) < COLUMNS_MAX ? strlen(kinds) : COLUMNS_MAX;
        for (size_t c = 0; c < s->ncolumns; c++) {
                unsigned k = (unsigned char)kinds[c];
                char *name = c < nnames ? names[c] : "";
                char *bar = strchr(name, '|');
                if (bar)
                        *bar = '\0';
                s->columns[c] = (struct xlsx_column){
                    .header = name,
                    .width = (double)((k >> 3) & 0x0f) * 3.5,
                    .kind = (enum xlsx_kind)(k % 5),
                    .format = (k & 0x80) && bar ? bar + 1 : NULL,
                };
        }
}

static struct xlsx_cell read_cell(const struct xlsx_column *col, const char *text)
{
        if (text[0] == '\0')
                return xlsx_empty();
        switch (col->kind) {
        case XLSX_TEXT:
                return xlsx_text(text);
        case XLSX_DATE: {
                gl_date first = date_from_ymd(1900, 1, 1), last = date_from_ymd(9999, 12, 31);
                long long n = strtoll(text, NULL, 10) % (last - first + 1);
                return xlsx_date(first + (gl_date)(n < 0 ? -n : n));
        }
        case XLSX_INTEGER:
        case XLSX_DECIMAL:
        case XLSX_PERCENT:
                break;
        }
        if (text[0] == 'f')
                return xlsx_fen_as_yuan(strtoll(text + 1, NULL, 10));
        if (text[0] == 'g')
                return xlsx_grams_as_tonnes(strtoll(text + 1, NULL, 10));
        if (text[0] == 'd') {
                struct xlsx_cell cell = xlsx_decimal_text(text + 1, 100);
                FUZZ_CHECK(!cell.set || isfinite(cell.number));
                return cell;
        }
        return xlsx_number(strtod(text, NULL));
}

static void check_result(int rc, const struct gl_error *err)
{
        if (rc != GL_OK) {
                FUZZ_CHECK(err->status == rc);
                FUZZ_CHECK(err->message[0] != '\0');
        }
}

static bool file_exists(void)
{
        return access(path, F_OK) == 0;
}

static void write_row(struct xlsx_writer *w, const struct sheet *s, char *field)
{
        size_t len = strlen(field);
        char *texts[COLUMNS_MAX];
        size_t n = fuzz_split_cells(field, texts, COLUMNS_MAX);
        struct xlsx_cell cells[COLUMNS_MAX];
        bool infinite = false;
        for (size_t c = 0; c < s->ncolumns; c++) {
                cells[c] = c < n ? read_cell(&s->columns[c], texts[c]) : xlsx_empty();
                enum xlsx_kind kind = s->columns[c].kind;
                infinite = infinite || (cells[c].set && kind != XLSX_TEXT && kind != XLSX_DATE &&
                                        !isfinite(cells[c].number));
        }
        struct gl_error err = {0};
        int rc = xlsx_row(w, cells, &err);
        check_result(rc, &err);
        /* Excel's limits (32,767 characters in a cell, a million rows) are out of reach of an
         * input of a few KiB: every row is written but one with a number that is not finite. */
        if (infinite)
                FUZZ_CHECK(rc == GL_EINVAL);
        else
                FUZZ_CHECK(rc == GL_OK || len > 32767);
}

/* Field i, or "" when the input has fewer. */
static char *field(char **fields, size_t n, size_t i)
{
        static char none[1];
        return i < n ? fields[i] : none;
}

static void fuzz_workbook(char **fields, size_t n)
{
        /* Two sheets' columns: the current one, and the next being started (a sheet that cannot
         * be added leaves the writer on the current one). */
        static struct sheet sheets[2];
        struct sheet *current = &sheets[0], *next = &sheets[1];
        read_columns(current, field(fields, n, 1), field(fields, n, 2));
        struct xlsx_writer *w = NULL;
        struct gl_error err = {0};
        const char *name = field(fields, n, 0)[0] ? field(fields, n, 0) : NULL;
        int rc = xlsx_open(path, name, current->columns, current->ncolumns, &w, &err);
        check_result(rc, &err);
        FUZZ_CHECK(!file_exists());
        if (current->ncolumns > 64)
                FUZZ_CHECK(rc == GL_ELIMIT);
        if (rc != GL_OK) {
                FUZZ_CHECK(w == NULL);
                return;
        }
        for (size_t i = 3; i < n; i++) {
                if (fields[i][0] != '#') {
                        write_row(w, current, fields[i]);
                        continue;
                }
                read_columns(next, field(fields, n, i + 1), field(fields, n, i + 2));
                struct gl_error sheet_err = {0};
                rc = xlsx_sheet(w, fields[i] + 1, next->columns, next->ncolumns, &sheet_err);
                check_result(rc, &sheet_err);
                if (next->ncolumns > 64)
                        FUZZ_CHECK(rc == GL_ELIMIT);
                if (rc == GL_OK) {
                        struct sheet *t = current;
                        current = next;
                        next = t;
                }
                i += 2;
        }
        rc = xlsx_close(w, &err);
        check_result(rc, &err);
        if (rc == GL_OK) {
                FILE *f = fopen(path, "rb");
                FUZZ_CHECK(f != NULL);
                char magic[2] = {0};
                FUZZ_CHECK(fread(magic, 1, 2, f) == 2 && memcmp(magic, "PK", 2) == 0);
                fclose(f);
        }
        unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        char *text = malloc(size + 1);
        FUZZ_CHECK(text != NULL);
        memcpy(text, data, size);
        text[size] = '\0';
        char *fields[FIELDS_MAX];
        size_t n = 0;
        for (char *p = text; p <= text + size && n < FIELDS_MAX; p += strlen(p) + 1)
                fields[n++] = p;
        fuzz_workbook(fields, n);
        free(text);
        return 0;
}
