/*
 * Fuzz target of the PDF writer (io/pdf.h) and of the declaration form laid out with it
 * (io/declaration_pdf.h). The first byte picks what is fuzzed; the rest is split into text fields
 * at NUL bytes.
 *
 * Even: a document. The first field is the title of pdf_new; each further field is a block, its
 * first byte the kind (modulo 6: title, heading, paragraph, table, key/value table, signature
 * boxes), its second the kind's parameters, the rest its text; the texts of a table's cells and
 * of signature boxes are separated by tabs. A table's parameter byte holds its number of columns (0
 * to 15, of which 1 to 12 are allowed), whether it has a header row, a key column and widths of its
 * own (its first cells, read as numbers); a row of boxes takes the parameter modulo 6 boxes (1 to 4
 * allowed). Texts are taken as they come: invalid UTF-8, control characters, long words.
 *
 * Odd: the declaration form of a record: eight bytes of numbers (state, year, grace, tier, dates,
 * pack version), then its metrics and its explanation (JSON text as the database keeps them), the
 * enterprise's name, township and industry, the county's reason and decider, the city's reason,
 * and then one field per step ("action TAB actor TAB role TAB reason") or per document ("d name
 * TAB file name TAB digest"). Texts are made valid UTF-8 first, as the database would hold them.
 *
 * Invariants: every call answers GL_OK or an error with a message; a table (columns, widths that
 * are not positive and finite) or a row of boxes outside its limits is refused as GL_EINVAL; a
 * document written has at least one page and is a PDF from "%PDF-" to "%%EOF"; GLib never reports a
 * critical (a call pango or cairo refuses), and for the form, whose texts are UTF-8, no warning
 * either (text cut inside a character is one).
 */
#include <glib.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/declaration.h"
#include "core/policy.h"
#include "core/procedure.h"
#include "fuzz.h"
#include "io/declaration_pdf.h"
#include "io/pdf.h"
#include "io/policy_json.h"

#define FIELDS_MAX 64
#define CELLS_MAX 512
#define STEPS_MAX 16
#define DOCUMENTS_MAX 16

static struct policy_pack *pack; /* for the procedure's action labels */
static bool text_is_utf8;        /* a GLib warning then breaks an invariant */

/* GLib's log (pango's messages among them): a critical always breaks an invariant, a warning
 * when the texts given were UTF-8; the rest is left out. */
static GLogWriterOutput on_glib_log(GLogLevelFlags level, const GLogField *fields, gsize n,
                                    gpointer data)
{
        (void)data;
        bool bad = (level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR)) ||
                   ((level & G_LOG_LEVEL_WARNING) && text_is_utf8);
        for (gsize i = 0; bad && i < n; i++)
                if (strcmp(fields[i].key, "MESSAGE") == 0 && fields[i].length < 0)
                        fprintf(stderr, "GLib: %s\n", (const char *)fields[i].value);
        FUZZ_CHECK(!bad);
        return G_LOG_WRITER_HANDLED;
}

static void release(void)
{
        policy_pack_free(pack);
        pdf_release_fonts();
}

/* Loads the pack, and the fonts with a first document, before the first input. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
        (void)argc;
        (void)argv;
        struct gl_error err;
        struct pdf_doc *doc = NULL;
        unsigned char *data = NULL;
        size_t size;
        if (policy_pack_load_default(&pack, &err) != GL_OK ||
            pdf_new("字体", &doc, &err) != GL_OK || pdf_paragraph(doc, "字体", &err) != GL_OK ||
            pdf_write_memory(doc, &data, &size, &err) != GL_OK) {
                fprintf(stderr, "fuzz_pdf: %s\n", err.message);
                abort();
        }
        free(data);
        pdf_free(doc);
        g_log_set_writer_func(on_glib_log, NULL, NULL);
        atexit(release);
        return 0;
}

/* Splits text (NUL-terminated, size bytes before the terminator) at NUL bytes into at most max
 * fields; returns how many. */
static size_t split_fields(char *text, size_t size, char **fields, size_t max)
{
        size_t n = 0;
        for (char *p = text; p <= text + size && n < max; p += strlen(p) + 1)
                fields[n++] = p;
        return n;
}

/* A result of a call: GL_OK, or an error that says what. */
static void check_result(int rc, const struct gl_error *err)
{
        if (rc != GL_OK) {
                FUZZ_CHECK(err->status == rc);
                FUZZ_CHECK(err->message[0] != '\0');
        }
}

static void add_table(struct pdf_doc *doc, unsigned param, char **cells, size_t n)
{
        size_t ncolumns = param & 0x0f;
        bool header = param & 0x10, key = param & 0x20, own_widths = param & 0x40;
        double widths[16], sum = 0;
        bool bad_width = false;
        size_t used = 0;
        for (size_t c = 0; c < ncolumns; c++) {
                widths[c] = own_widths && used < n ? strtod(cells[used++], NULL) : 1.0;
                bad_width = bad_width || !(widths[c] > 0) || !isfinite(widths[c]);
                sum += widths[c];
        }
        bad_width = bad_width || !isfinite(sum);
        const char *const *head = NULL;
        if (header && ncolumns > 0 && n - used >= ncolumns) {
                head = (const char *const *)cells + used;
                used += ncolumns;
        }
        struct pdf_table t = {
            .ncolumns = ncolumns,
            .widths = own_widths ? widths : NULL,
            .header = head,
            .cells = (const char *const *)cells + used,
            .nrows = ncolumns ? (n - used) / ncolumns : 0,
            .key_column = key,
        };
        struct gl_error err = {0};
        int rc = pdf_table(doc, &t, &err);
        check_result(rc, &err);
        if (ncolumns == 0 || ncolumns > 12 || bad_width)
                FUZZ_CHECK(rc == GL_EINVAL);
}

static void add_signatures(struct pdf_doc *doc, unsigned param, char **cells, size_t n)
{
        struct pdf_signature boxes[5];
        size_t nboxes = param % 6;
        for (size_t i = 0; i < nboxes; i++) {
                /* an empty text is sometimes NULL: room left blank */
                const char *parts[3];
                for (size_t k = 0; k < 3; k++) {
                        size_t c = i * 3 + k;
                        parts[k] = c < n && (cells[c][0] || !(param & 0x80)) ? cells[c] : NULL;
                }
                boxes[i] = (struct pdf_signature){parts[0], parts[1], parts[2]};
        }
        struct gl_error err = {0};
        int rc = pdf_signatures(doc, boxes, nboxes, &err);
        check_result(rc, &err);
        if (nboxes == 0 || nboxes > 4)
                FUZZ_CHECK(rc == GL_EINVAL);
}

/* Adds the block a field describes. */
static void add_block(struct pdf_doc *doc, char *field)
{
        unsigned kind = (unsigned char)field[0] % 6;
        unsigned param = field[0] ? (unsigned char)field[1] : 0;
        char *text = field[0] && field[1] ? field + 2 : field + strlen(field);
        const char *maybe_null = text[0] == '\0' && (param & 0x80) ? NULL : text;
        static char *cells[CELLS_MAX];
        struct gl_error err = {0};
        int rc = GL_OK;
        switch (kind) {
        case 0:
                rc = pdf_title(doc, maybe_null, &err);
                break;
        case 1:
                rc = pdf_heading(doc, maybe_null, &err);
                break;
        case 2:
                rc = pdf_paragraph(doc, maybe_null, &err);
                break;
        case 3:
                add_table(doc, param, cells, fuzz_split_cells(text, cells, CELLS_MAX));
                return;
        case 4: {
                size_t n = fuzz_split_cells(text, cells, CELLS_MAX);
                rc = pdf_key_values(doc, (const char *const *)cells, n / 2, &err);
                break;
        }
        default:
                add_signatures(doc, param, cells, fuzz_split_cells(text, cells, CELLS_MAX));
                return;
        }
        check_result(rc, &err);
}

/* A document written, or an error that says why not. */
static void check_write(struct pdf_doc *doc)
{
        unsigned char *data = NULL;
        size_t size = 0;
        struct gl_error err = {0};
        int rc = pdf_write_memory(doc, &data, &size, &err);
        check_result(rc, &err);
        if (rc != GL_OK) {
                FUZZ_CHECK(data == NULL);
                return;
        }
        FUZZ_CHECK(pdf_pages(doc) >= 1);
        FUZZ_CHECK(size > 10 && memcmp(data, "%PDF-", 5) == 0);
        size_t end = size;
        while (end > 0 && (data[end - 1] == '\n' || data[end - 1] == '\r'))
                end--;
        FUZZ_CHECK(end >= 5 && memcmp(data + end - 5, "%%EOF", 5) == 0);
        free(data);
}

static void fuzz_document(char **fields, size_t n)
{
        struct pdf_doc *doc = NULL;
        struct gl_error err = {0};
        int rc = pdf_new(fields[0][0] ? fields[0] : NULL, &doc, &err);
        check_result(rc, &err);
        if (rc != GL_OK)
                return;
        for (size_t i = 1; i < n; i++)
                add_block(doc, fields[i]);
        check_write(doc);
        pdf_free(doc);
}

/* Replaces, in place, every byte that does not start a valid UTF-8 character by '?'. */
static char *make_utf8(char *s)
{
        for (char *p = s; *p;) {
                size_t len = gl_utf8_char(p, NULL);
                if (len == 0)
                        *p++ = '?';
                else
                        p += len;
        }
        return s;
}

/* Copies s into an array of size bytes, cut at a character boundary (s is valid UTF-8). */
static void copy_text(char *out, size_t size, const char *s)
{
        size_t n = 0;
        for (size_t len; (len = gl_utf8_char(s + n, NULL)) > 0 && n + len < size;)
                n += len;
        memcpy(out, s, n);
        out[n] = '\0';
}

static const char *field_or_empty(char **fields, size_t n, size_t i)
{
        return i < n ? make_utf8(fields[i]) : "";
}

static void fuzz_form(const uint8_t *numbers, char **fields, size_t n)
{
        static const char *const tiers[] = {"key", "general", "none", ""};
        static const int graces[] = {0, 6, 12, -1};
        struct declaration_record r = {0};
        struct declaration *d = &r.declaration;
        declaration_init(d);
        d->id = (int64_t)numbers[0] << 40 | numbers[1];
        d->state = (enum declaration_state)(numbers[0] % DECLARATION_STATE_COUNT_);
        d->year = 2000 + numbers[1];
        d->grace_months = graces[numbers[2] % 4];
        snprintf(d->tier, sizeof(d->tier), "%s", tiers[numbers[3] % 4]);
        snprintf(d->uscc, sizeof(d->uscc), "91130131117168237G");
        snprintf(d->grade_from, sizeof(d->grade_from), "%s", numbers[3] & 4 ? "C" : "");
        snprintf(d->grade_sought, sizeof(d->grade_sought), "%s", numbers[3] & 8 ? "B-" : "");
        gl_date base = date_from_ymd(2022, 1, 1);
        d->received_on = numbers[4] ? base + numbers[4] * 7 : GL_DATE_NONE;
        d->county_decided_on = numbers[5] ? base + numbers[5] * 7 : GL_DATE_NONE;
        d->pack_version = numbers[6];
        snprintf(d->pack_id, sizeof(d->pack_id), "%s", numbers[7] & 1 ? "pingshan-2022" : "");
        d->metrics = (char *)field_or_empty(fields, n, 0);
        d->explanation = (char *)field_or_empty(fields, n, 1);
        copy_text(r.enterprise.name, sizeof(r.enterprise.name), field_or_empty(fields, n, 2));
        copy_text(r.enterprise.township, sizeof(r.enterprise.township),
                  field_or_empty(fields, n, 3));
        copy_text(r.industry_zh, sizeof(r.industry_zh), field_or_empty(fields, n, 4));
        d->county_reason = n > 5 && fields[5][0] ? make_utf8(fields[5]) : NULL;
        copy_text(d->county_decided_by, sizeof(d->county_decided_by), field_or_empty(fields, n, 6));
        d->decision_reason = n > 7 && fields[7][0] ? make_utf8(fields[7]) : NULL;
        r.procedure = numbers[7] & 2 ? procedure_find(pack, "m1.declaration") : NULL;

        struct case_step_record steps[STEPS_MAX];
        struct case_document documents[DOCUMENTS_MAX];
        for (size_t i = 8; i < n; i++) {
                char *cells[4] = {"", "", "", ""};
                char *text = make_utf8(fields[i]);
                if (text[0] == 'd' && r.ndocuments < DOCUMENTS_MAX) {
                        fuzz_split_cells(text + 1, cells, 3);
                        struct case_document *doc = &documents[r.ndocuments++];
                        *doc = (struct case_document){.size = (int64_t)i << 20};
                        copy_text(doc->name, sizeof(doc->name), cells[0]);
                        copy_text(doc->file_name, sizeof(doc->file_name), cells[1]);
                        copy_text(doc->digest, sizeof(doc->digest), cells[2]);
                } else if (text[0] != 'd' && r.nsteps < STEPS_MAX) {
                        fuzz_split_cells(text, cells, 4);
                        struct case_step_record *s = &steps[r.nsteps++];
                        *s = (struct case_step_record){.on_date = base + (gl_date)i,
                                                       .reason = cells[3][0] ? cells[3] : NULL};
                        copy_text(s->action, sizeof(s->action), cells[0]);
                        copy_text(s->actor, sizeof(s->actor), cells[1]);
                        copy_text(s->actor_role, sizeof(s->actor_role), cells[2]);
                }
        }
        r.steps = steps;
        r.documents = documents;

        struct pdf_doc *doc = NULL;
        struct gl_error err = {0};
        text_is_utf8 = true;
        int rc = declaration_form_pdf(&r, base + numbers[6], &doc, &err);
        check_result(rc, &err);
        if (rc == GL_OK)
                check_write(doc);
        text_is_utf8 = false;
        pdf_free(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        if (size < 1)
                return 0;
        bool form = data[0] & 1;
        size_t skip = form ? 9 : 1;
        if (size < skip)
                return 0;
        char *text = malloc(size - skip + 1);
        FUZZ_CHECK(text != NULL);
        memcpy(text, data + skip, size - skip);
        text[size - skip] = '\0';
        char *fields[FIELDS_MAX];
        size_t n = split_fields(text, size - skip, fields, FIELDS_MAX);
        if (form)
                fuzz_form(data + 1, fields, n);
        else
                fuzz_document(fields, n);
        free(text);
        return 0;
}
