/*
 * Unit tests of the CSV reader: RFC 4180 quoting (embedded commas, line breaks, doubled quotes),
 * CRLF and LF, physical line numbers of records, UTF-8 with and without a byte-order mark, GB18030
 * detected and forced, and every malformed input named by FILE:LINE.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/csv.h"

static struct csv_reader *open_text(const char *text, enum csv_encoding enc)
{
        struct csv_reader *r = NULL;
        struct gl_error err = {0};
        if (csv_open_memory(text, strlen(text), "t.csv", enc, &r, &err) != GL_OK)
                fail_msg("open: %s", err.message);
        return r;
}

/* Reads the next record expecting line and the fields given (NULL-terminated). */
static void expect_record(struct csv_reader *r, int64_t line, ...)
{
        struct csv_record rec;
        struct gl_error err = {0};
        int rc = csv_next(r, &rec, &err);
        if (rc != 1)
                fail_msg("csv_next returned %d: %s", rc, err.message);
        assert_int_equal(rec.line, line);
        va_list ap;
        va_start(ap, line);
        size_t i = 0;
        for (const char *f = va_arg(ap, const char *); f; f = va_arg(ap, const char *), i++) {
                assert_true(i < rec.nfields);
                assert_string_equal(rec.fields[i], f);
        }
        va_end(ap);
        assert_int_equal(rec.nfields, i);
}

static void expect_end(struct csv_reader *r)
{
        struct csv_record rec;
        assert_int_equal(csv_next(r, &rec, NULL), 0);
        assert_int_equal(csv_next(r, &rec, NULL), 0);
}

static void expect_parse_error(const char *text, const char *where, const char *reason)
{
        struct csv_reader *r = open_text(text, CSV_ENCODING_AUTO);
        struct csv_record rec;
        struct gl_error err = {0};
        int rc;
        while ((rc = csv_next(r, &rec, &err)) == 1)
                ;
        assert_int_equal(rc, GL_EINVAL);
        assert_string_equal(err.field, where);
        assert_int_equal(csv_error_line(r), atoi(strchr(where, ':') + 1));
        if (strstr(err.message, reason) == NULL)
                fail_msg("message '%s' lacks '%s'", err.message, reason);
        csv_close(r);
}

static void test_plain(void **state)
{
        (void)state;
        struct csv_reader *r = open_text("a,b,c\n1,2,3\n", CSV_ENCODING_AUTO);
        expect_record(r, 1, "a", "b", "c", NULL);
        expect_record(r, 2, "1", "2", "3", NULL);
        expect_end(r);
        assert_int_equal(csv_encoding_used(r), CSV_ENCODING_UTF8);
        csv_close(r);
}

static void test_empty_fields_and_no_final_newline(void **state)
{
        (void)state;
        struct csv_reader *r = open_text("a,,c\n,,\nx,y,", CSV_ENCODING_AUTO);
        expect_record(r, 1, "a", "", "c", NULL);
        expect_record(r, 2, "", "", "", NULL);
        expect_record(r, 3, "x", "y", "", NULL);
        expect_end(r);
        csv_close(r);
}

static void test_quotes(void **state)
{
        (void)state;
        struct csv_reader *r = open_text("\"a,b\",\"say \"\"hi\"\"\",\"\"\n"
                                         "\"\"\"\",plain\n",
                                         CSV_ENCODING_AUTO);
        expect_record(r, 1, "a,b", "say \"hi\"", "", NULL);
        expect_record(r, 2, "\"", "plain", NULL);
        expect_end(r);
        csv_close(r);
}

static void test_embedded_newlines_and_line_numbers(void **state)
{
        (void)state;
        struct csv_reader *r = open_text("h1,h2\n"
                                         "\"two\nlines\",x\n"
                                         "\"three\r\nlines\r\nhere\",y\n"
                                         "\n"
                                         "after,blank\n",
                                         CSV_ENCODING_AUTO);
        expect_record(r, 1, "h1", "h2", NULL);
        expect_record(r, 2, "two\nlines", "x", NULL);
        expect_record(r, 4, "three\r\nlines\r\nhere", "y", NULL);
        expect_record(r, 8, "after", "blank", NULL);
        expect_end(r);
        csv_close(r);
}

static void test_crlf(void **state)
{
        (void)state;
        struct csv_reader *r = open_text("a,b\r\n1,2\r\n\r\n3,\"4\"\r\n", CSV_ENCODING_AUTO);
        expect_record(r, 1, "a", "b", NULL);
        expect_record(r, 2, "1", "2", NULL);
        expect_record(r, 4, "3", "4", NULL);
        expect_end(r);
        csv_close(r);
}

static void test_utf8_bom(void **state)
{
        (void)state;
        struct csv_reader *r =
            open_text("\xEF\xBB\xBF统一社会信用代码,企业名称\n", CSV_ENCODING_AUTO);
        expect_record(r, 1, "统一社会信用代码", "企业名称", NULL);
        assert_int_equal(csv_encoding_used(r), CSV_ENCODING_UTF8);
        csv_close(r);
        r = open_text("\xEF\xBB\xBF"
                      "a\n",
                      CSV_ENCODING_UTF8);
        expect_record(r, 1, "a", NULL);
        csv_close(r);
}

static void test_gb18030_detected(void **state)
{
        (void)state;
        /* "企业,平山镇\n" in GB18030, then a line with the euro sign (A2 E3) and U+20000 (95 32 82
         * 36, a four-byte sequence). */
        struct csv_reader *r =
            open_text("\xC6\xF3\xD2\xB5,\xC6\xBD\xC9\xBD\xD5\xF2\n\xA2\xE3,\x95\x32\x82\x36\n",
                      CSV_ENCODING_AUTO);
        assert_int_equal(csv_encoding_used(r), CSV_ENCODING_GB18030);
        expect_record(r, 1, "企业", "平山镇", NULL);
        expect_record(r, 2, "€", "𠀀", NULL);
        expect_end(r);
        csv_close(r);
}

static void test_gb18030_forced_and_bom(void **state)
{
        (void)state;
        /* Forced GB18030, with a GB18030 byte-order mark (84 31 95 33). */
        struct csv_reader *r = open_text("\x84\x31\x95\x33"
                                         "\xC6\xF3\xD2\xB5\n",
                                         CSV_ENCODING_GB18030);
        expect_record(r, 1, "企业", NULL);
        csv_close(r);
        /* Plain ASCII forced as GB18030 reads the same. */
        r = open_text("a,b\n", CSV_ENCODING_GB18030);
        expect_record(r, 1, "a", "b", NULL);
        csv_close(r);
}

static void test_bad_encodings(void **state)
{
        (void)state;
        struct csv_reader *r = NULL;
        struct gl_error err = {0};
        /* GB18030 bytes on line 3, forced UTF-8. */
        const char gb[] = "a\nb\n\xC6\xF3\xD2\xB5\n";
        assert_int_equal(csv_open_memory(gb, strlen(gb), "f.csv", CSV_ENCODING_UTF8, &r, &err),
                         GL_EINVAL);
        assert_null(r);
        assert_string_equal(err.field, "f.csv:3");
        assert_non_null(strstr(err.message, "not valid UTF-8"));
        /* Neither encoding: 0x80 alone is not GB18030, 0xFF is not UTF-8. */
        const char junk[] = "ok\n\x80\xFF\n";
        assert_int_equal(csv_open_memory(junk, strlen(junk), "f.csv", CSV_ENCODING_AUTO, &r, &err),
                         GL_EINVAL);
        assert_string_equal(err.field, "f.csv:2");
        assert_non_null(strstr(err.message, "neither UTF-8 nor GB18030"));
        assert_int_equal(
            csv_open_memory(junk, strlen(junk), "f.csv", CSV_ENCODING_GB18030, &r, &err),
            GL_EINVAL);
        assert_non_null(strstr(err.message, "not valid GB18030"));
        const char utf16[] = "\xFF\xFE"
                             "a\0";
        assert_int_equal(csv_open_memory(utf16, 4, "f.csv", CSV_ENCODING_AUTO, &r, &err),
                         GL_EINVAL);
        assert_non_null(strstr(err.message, "UTF-16"));
        const char bom[] = "\xEF\xBB\xBF"
                           "a\n";
        assert_int_equal(csv_open_memory(bom, strlen(bom), "f.csv", CSV_ENCODING_GB18030, &r, &err),
                         GL_EINVAL);
        assert_non_null(strstr(err.message, "byte-order mark"));
        const char nul[] = "a\nb\0c\n";
        assert_int_equal(csv_open_memory(nul, 6, "f.csv", CSV_ENCODING_AUTO, &r, &err), GL_EINVAL);
        assert_string_equal(err.field, "f.csv:2");
        /* Overlong UTF-8 ("/" as C0 AF) and a UTF-8 surrogate (ED A0 80) are not UTF-8. */
        assert_int_equal(csv_open_memory("\xC0\xAF", 2, "f.csv", CSV_ENCODING_UTF8, &r, &err),
                         GL_EINVAL);
        assert_int_equal(csv_open_memory("\xED\xA0\x80", 3, "f.csv", CSV_ENCODING_UTF8, &r, &err),
                         GL_EINVAL);
}

static void test_malformed_quotes(void **state)
{
        (void)state;
        expect_parse_error("a,b\n1,\"open\n2,3\n", "t.csv:2", "never closed");
        expect_parse_error("a,b\n\"x\"y,2\n", "t.csv:2", "after a closing quote");
        expect_parse_error("a,b\n\"x\ny\"z,2\n", "t.csv:3", "after a closing quote");
        expect_parse_error("a,b\n1,2\nab\"c,2\n", "t.csv:3", "quote inside an unquoted field");
}

static void test_digest_and_progress(void **state)
{
        (void)state;
        const char *text = "a,b\n1,2\n";
        struct csv_reader *r = open_text(text, CSV_ENCODING_AUTO);
        unsigned char h[32];
        char hex[65];
        crypto_generichash(h, sizeof(h), (const unsigned char *)text, strlen(text), NULL, 0);
        for (int i = 0; i < 32; i++)
                snprintf(hex + 2 * i, 3, "%02x", h[i]);
        assert_string_equal(csv_digest(r), hex);
        assert_int_equal(csv_bytes_total(r), 8);
        assert_int_equal(csv_bytes_done(r), 0);
        expect_record(r, 1, "a", "b", NULL);
        assert_int_equal(csv_bytes_done(r), 4);
        csv_close(r);
        csv_close(NULL);
}

static void test_missing_file(void **state)
{
        (void)state;
        struct csv_reader *r = NULL;
        struct gl_error err = {0};
        assert_int_equal(csv_open_file("/nonexistent/x.csv", NULL, CSV_ENCODING_AUTO, &r, &err),
                         GL_EIO);
        assert_non_null(strstr(err.message, "/nonexistent/x.csv"));
}

static void test_encoding_names(void **state)
{
        (void)state;
        enum csv_encoding e;
        assert_int_equal(csv_encoding_from_name("UTF-8", &e), GL_OK);
        assert_int_equal(e, CSV_ENCODING_UTF8);
        assert_int_equal(csv_encoding_from_name("gb18030", &e), GL_OK);
        assert_int_equal(e, CSV_ENCODING_GB18030);
        assert_int_equal(csv_encoding_from_name("GBK", &e), GL_OK);
        assert_int_equal(e, CSV_ENCODING_GB18030);
        assert_int_equal(csv_encoding_from_name("latin1", &e), GL_EINVAL);
        assert_string_equal(csv_encoding_name(CSV_ENCODING_GB18030), "gb18030");
}

/* Records across the reader's window (64 KiB a read): every boundary a record, a quoted line
 * break, a CRLF, a multibyte character or a GB18030 sequence may fall on, and a field longer than
 * the window; each read back as written, on its line. */
static void test_window_boundaries(void **state)
{
        (void)state;
        enum { ROWS = 9000 };
        size_t cap = 4 * 1024 * 1024;
        char *text = malloc(cap);
        assert_non_null(text);
        size_t len = 0;
        int64_t line = 1;
        int64_t lines[ROWS + 1];
        for (int i = 0; i < ROWS; i++) {
                lines[i] = line;
                /* Row i: an id, a name in Chinese, a quoted field with a line break every 7th row,
                 * CRLF on odd rows. */
                len += (size_t)snprintf(text + len, cap - len, "%d,企业%d,", i, i);
                if (i % 7 == 0) {
                        len += (size_t)snprintf(text + len, cap - len,
                                                "\"第一行\n第二行,\"\"%d\"\"\"", i);
                        line++;
                } else {
                        len += (size_t)snprintf(text + len, cap - len, "v%d", i);
                }
                len += (size_t)snprintf(text + len, cap - len, "%s", i % 2 ? "\r\n" : "\n");
                line++;
        }
        /* A field of 200 000 bytes, longer than the window. */
        lines[ROWS] = line;
        len += (size_t)snprintf(text + len, cap - len, "long,");
        memset(text + len, 'x', 200000);
        len += 200000;
        text[len++] = '\n';
        struct csv_reader *r = NULL;
        struct gl_error err = {0};
        assert_int_equal(csv_open_memory(text, len, "w.csv", CSV_ENCODING_AUTO, &r, &err), GL_OK);
        assert_int_equal(csv_bytes_total(r), len);
        struct csv_record rec;
        char want[64];
        for (int i = 0; i < ROWS; i++) {
                assert_int_equal(csv_next(r, &rec, &err), 1);
                assert_int_equal(rec.line, lines[i]);
                assert_int_equal(rec.nfields, 3);
                snprintf(want, sizeof(want), "企业%d", i);
                assert_string_equal(rec.fields[1], want);
                if (i % 7 == 0)
                        snprintf(want, sizeof(want), "第一行\n第二行,\"%d\"", i);
                else
                        snprintf(want, sizeof(want), "v%d", i);
                assert_string_equal(rec.fields[2], want);
        }
        assert_int_equal(csv_next(r, &rec, &err), 1);
        assert_int_equal(rec.line, lines[ROWS]);
        assert_int_equal(strlen(rec.fields[1]), 200000);
        assert_int_equal(csv_bytes_done(r), len);
        assert_int_equal(csv_next(r, &rec, &err), 0);
        csv_close(r);

        /* The same rows in GB18030: 企业 is C6 F3 D2 B5, 第一行 B5 DA D2 BB D0 D0, 第二行 B5 DA B6
         * FE D0 D0; sequences fall across the window's edges too. */
        size_t glen = 0;
        char *gb = malloc(cap);
        assert_non_null(gb);
        for (int i = 0; i < ROWS; i++)
                glen +=
                    (size_t)snprintf(gb + glen, cap - glen,
                                     "%d,\xC6\xF3\xD2\xB5%d,"
                                     "\"\xB5\xDA\xD2\xBB\xD0\xD0\n\xB5\xDA\xB6\xFE\xD0\xD0\"\r\n",
                                     i, i);
        assert_int_equal(csv_open_memory(gb, glen, "g.csv", CSV_ENCODING_AUTO, &r, &err), GL_OK);
        assert_int_equal(csv_encoding_used(r), CSV_ENCODING_GB18030);
        for (int i = 0; i < ROWS; i++) {
                assert_int_equal(csv_next(r, &rec, &err), 1);
                assert_int_equal(rec.line, 2 * i + 1);
                snprintf(want, sizeof(want), "企业%d", i);
                assert_string_equal(rec.fields[1], want);
                assert_string_equal(rec.fields[2], "第一行\n第二行");
        }
        assert_int_equal(csv_next(r, &rec, &err), 0);
        assert_int_equal(csv_bytes_done(r), csv_bytes_total(r));
        csv_close(r);
        /* An invalid GB18030 sequence far into the file is found at opening, on its line. */
        memcpy(gb + glen - 4, "\x80\xFF\r\n", 4);
        assert_int_equal(csv_open_memory(gb, glen, "g.csv", CSV_ENCODING_GB18030, &r, &err),
                         GL_EINVAL);
        snprintf(want, sizeof(want), "g.csv:%d", 2 * ROWS);
        assert_string_equal(err.field, want);
        free(gb);
        free(text);
}

/* Text of `lines` lines of ASCII (of 9 to 27 bytes, so that lines and the first pass's 64 KiB
 * reads end at every offset of an 8-byte word) with bad put at the start of line `at`. */
static char *far_text(int lines, int at, const char *bad, size_t nbad, size_t *len)
{
        char *text = malloc((size_t)lines * 32 + nbad);
        assert_non_null(text);
        size_t n = 0;
        for (int i = 1; i <= lines; i++) {
                if (i == at) {
                        memcpy(text + n, bad, nbad);
                        n += nbad;
                }
                n += (size_t)sprintf(text + n, "%d,%.*s\n", i, i % 19, "abcdefghijklmnopqrs");
        }
        *len = n;
        return text;
}

/* A NUL byte or a byte that is not UTF-8 far into a file (past the first pass's first reads) is
 * reported on its own line. */
static void test_far_bad_bytes(void **state)
{
        (void)state;
        struct csv_reader *r = NULL;
        struct gl_error err = {0};
        size_t len;
        int ats[] = {2, 4097, 9999, 20000};
        for (size_t k = 0; k < sizeof(ats) / sizeof(ats[0]); k++) {
                char want[32];
                snprintf(want, sizeof(want), "f.csv:%d", ats[k]);
                char *text = far_text(20000, ats[k], "x\0", 2, &len);
                assert_int_equal(csv_open_memory(text, len, "f.csv", CSV_ENCODING_AUTO, &r, &err),
                                 GL_EINVAL);
                assert_string_equal(err.field, want);
                assert_non_null(strstr(err.message, "NUL"));
                free(text);
                /* After ASCII, a lone continuation byte; after it, one cut short. */
                text = far_text(20000, ats[k], "ab\x80", 3, &len);
                assert_int_equal(csv_open_memory(text, len, "f.csv", CSV_ENCODING_UTF8, &r, &err),
                                 GL_EINVAL);
                assert_string_equal(err.field, want);
                assert_non_null(strstr(err.message, "not valid UTF-8"));
                free(text);
                text = far_text(20000, ats[k], "abcdefghijk\xE4\xB8,", 14, &len);
                assert_int_equal(csv_open_memory(text, len, "f.csv", CSV_ENCODING_UTF8, &r, &err),
                                 GL_EINVAL);
                assert_string_equal(err.field, want);
                free(text);
        }
        /* Valid UTF-8 among the ASCII still reads. */
        char *text = far_text(20000, 15000, "\xE4\xB8\xAD,", 4, &len);
        assert_int_equal(csv_open_memory(text, len, "f.csv", CSV_ENCODING_UTF8, &r, &err), GL_OK);
        csv_close(r);
        free(text);
}

int main(void)
{
        if (sodium_init() < 0)
                return 1;
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_plain),
            cmocka_unit_test(test_empty_fields_and_no_final_newline),
            cmocka_unit_test(test_quotes),
            cmocka_unit_test(test_embedded_newlines_and_line_numbers),
            cmocka_unit_test(test_crlf),
            cmocka_unit_test(test_utf8_bom),
            cmocka_unit_test(test_gb18030_detected),
            cmocka_unit_test(test_gb18030_forced_and_bom),
            cmocka_unit_test(test_bad_encodings),
            cmocka_unit_test(test_malformed_quotes),
            cmocka_unit_test(test_digest_and_progress),
            cmocka_unit_test(test_missing_file),
            cmocka_unit_test(test_encoding_names),
            cmocka_unit_test(test_window_boundaries),
            cmocka_unit_test(test_far_bad_bytes),
        };
        return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
