/*
 * Unit tests of the buffered writer (io/outbuf.c) and of measure 1's JSON object written through
 * it (io/incentive_json.c): tricky strings (quotes, backslashes, every control character, DEL,
 * Chinese, an escape on each position of an eight-byte word) are escaped exactly as a plain
 * byte-by-byte escaper does and read back unchanged by jansson; writes larger than the buffer and
 * writes that cross its end arrive whole and in order; a failing sink is reported; and an
 * evaluation object carries every field of the contract with the values it was given.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/gl.h"
#include "io/incentive_json.h"
#include "io/outbuf.h"

/* A writer over a memory stream; the text is read with finish(). */
struct capture {
        char *text;
        size_t len;
        FILE *sink;
        struct outbuf *b;
};

static void start(struct capture *c)
{
        c->text = NULL;
        c->len = 0;
        c->sink = open_memstream(&c->text, &c->len);
        assert_non_null(c->sink);
        c->b = malloc(sizeof(*c->b));
        assert_non_null(c->b);
        outbuf_init(c->b, c->sink);
}

static char *finish(struct capture *c)
{
        assert_int_equal(outbuf_flush(c->b), GL_OK);
        free(c->b);
        assert_int_equal(fclose(c->sink), 0);
        return c->text;
}

/* The escaping the writer must match, one byte at a time. */
static void reference_escape(const char *s, char *out)
{
        char *o = out;
        *o++ = '"';
        for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
                if (*p == '"' || *p == '\\')
                        o += sprintf(o, "\\%c", *p);
                else if (*p == '\n')
                        o += sprintf(o, "\\n");
                else if (*p < 0x20)
                        o += sprintf(o, "\\u%04x", *p);
                else
                        *o++ = (char)*p;
        }
        *o++ = '"';
        *o = '\0';
}

static const char *const tricky[] = {
    "",
    "plain",
    "\"",
    "\\",
    "say \"hi\" \\ back\\slash",
    "line\nbreak\r\ttab\b\f",
    "\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17"
    "\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f",
    "del \x7f stays",
    "单位污染物排放量税收贡献：2025 年纳税 12.00 元 ÷ 污染物排放量 0.3 吨。",
    "平山“钢铁”一厂\\（\"有限公司\"）\n第二行",
    "12345678\"12345678\\1234567\n",
    "😀 emoji and → arrows",
};

static void test_json_string_matches_reference(void **state)
{
        (void)state;
        for (size_t i = 0; i < sizeof(tricky) / sizeof(tricky[0]); i++) {
                struct capture c;
                start(&c);
                outbuf_json_string(c.b, tricky[i]);
                char *text = finish(&c);
                char want[1024];
                reference_escape(tricky[i], want);
                assert_string_equal(text, want);
                json_error_t jerr;
                json_t *back = json_loads(text, JSON_DECODE_ANY, &jerr);
                assert_non_null(back);
                assert_string_equal(json_string_value(back), tricky[i]);
                json_decref(back);
                free(text);
        }
}

/* A character to escape at each offset of a word, inside text long enough to take the fast path. */
static void test_json_string_escape_at_every_offset(void **state)
{
        (void)state;
        const char specials[] = {'"', '\\', '\n', '\x01', '\x1f'};
        for (size_t k = 0; k < sizeof(specials); k++) {
                for (size_t at = 0; at < 40; at++) {
                        char s[48];
                        memset(s, 'a', sizeof(s) - 1);
                        s[sizeof(s) - 1] = '\0';
                        s[at] = specials[k];
                        struct capture c;
                        start(&c);
                        outbuf_json_string(c.b, s);
                        char *text = finish(&c);
                        char want[256];
                        reference_escape(s, want);
                        assert_string_equal(text, want);
                        free(text);
                }
        }
}

static void test_null_and_integers(void **state)
{
        (void)state;
        struct capture c;
        start(&c);
        outbuf_json_string(c.b, NULL);
        outbuf_putc(c.b, ' ');
        outbuf_int(c.b, 0);
        outbuf_putc(c.b, ' ');
        outbuf_int(c.b, -42);
        outbuf_putc(c.b, ' ');
        outbuf_int(c.b, INT64_MAX);
        outbuf_putc(c.b, ' ');
        outbuf_int(c.b, INT64_MIN);
        char *text = finish(&c);
        assert_string_equal(text, "null 0 -42 9223372036854775807 -9223372036854775808");
        free(text);
}

/* Writes that cross the end of the buffer and a block larger than it arrive whole, in order. */
static void test_large_and_crossing_writes(void **state)
{
        (void)state;
        size_t big = OUTBUF_SIZE * 2 + 17;
        char *block = malloc(big + 1);
        assert_non_null(block);
        for (size_t i = 0; i < big; i++)
                block[i] = (char)('a' + i % 26);
        block[big] = '\0';
        struct capture c;
        start(&c);
        for (int i = 0; i < 10000; i++)
                outbuf_literal(c.b, "0123456789");
        outbuf_write(c.b, block, big);
        outbuf_json_string(c.b, block);
        outbuf_putc(c.b, '!');
        char *text = finish(&c);
        assert_int_equal(c.len, 100000 + big + big + 2 + 1);
        for (int i = 0; i < 10000; i++)
                assert_memory_equal(text + i * 10, "0123456789", 10);
        assert_memory_equal(text + 100000, block, big);
        assert_int_equal(text[100000 + big], '"');
        assert_memory_equal(text + 100000 + big + 1, block, big);
        assert_string_equal(text + 100000 + 2 * big + 1, "\"!");
        free(text);
        free(block);
}

static void test_failing_sink_is_reported(void **state)
{
        (void)state;
        FILE *full = fopen("/dev/full", "w");
        if (full == NULL)
                skip();
        struct outbuf *b = malloc(sizeof(*b));
        assert_non_null(b);
        outbuf_init(b, full);
        for (int i = 0; i < 20000; i++)
                outbuf_literal(b, "0123456789");
        assert_int_equal(outbuf_flush(b), GL_EIO);
        free(b);
        fclose(full);
}

static void fill_result(struct incentive_result *r)
{
        memset(r, 0, sizeof(*r));
        snprintf(r->uscc, sizeof(r->uscc), "911301310000000011");
        snprintf(r->name, sizeof(r->name), "平山\"钢铁\"\\一厂\n\x01");
        snprintf(r->industry, sizeof(r->industry), "steel_long");
        snprintf(r->industry_zh, sizeof(r->industry_zh), "长流程钢铁");
        snprintf(r->grade, sizeof(r->grade), "C");
        r->year = 2025;
        snprintf(r->evaluated_on, sizeof(r->evaluated_on), "2026-06-01");
        r->in_scope = true;
        r->tier = INCENTIVE_TIER_KEY;
        r->grace_months = 12;
        snprintf(r->next_grade, sizeof(r->next_grade), "B-");
        struct incentive_metric_result *t = &r->metrics[INCENTIVE_TAX_PER_TONNE];
        t->status = INCENTIVE_VALUE_OK;
        snprintf(t->value, sizeof(t->value), "40.00");
        snprintf(t->average, sizeof(t->average), "33.33");
        snprintf(t->ratio, sizeof(t->ratio), "1.2000");
        t->average_source = INCENTIVE_AVERAGE_PEER;
        t->peers = 2;
        t->above = true;
        t->key = true;
        struct incentive_metric_result *d = &r->metrics[INCENTIVE_RD_SHARE];
        d->status = INCENTIVE_VALUE_MISSING_NUMERATOR;
        d->average_source = INCENTIVE_AVERAGE_NONE;
        snprintf(r->pack_id, sizeof(r->pack_id), "pingshan-2022");
        r->pack_version = 3;
        r->nexplanation = 3;
        snprintf(r->explanation[0], INCENTIVE_LINE_MAX, "企业 \"引号\" 与 \\ 反斜杠");
        snprintf(r->explanation[1], INCENTIVE_LINE_MAX, "第二行\t制表");
        snprintf(r->explanation[2], INCENTIVE_LINE_MAX, "政策包 pingshan-2022 第 3 版。");
}

static const char *const object_keys[] = {
    "uscc",       "name",         "industry", "industry_zh", "grade",
    "year",       "evaluated_on", "in_scope", "tier",        "grace_months",
    "next_grade", "metrics",      "pack",     "explanation", NULL,
};
static const char *const metric_keys[] = {
    "value", "unit",  "status",        "average",           "average_source",
    "peers", "ratio", "above_average", "key_threshold_met", NULL,
};

static void test_object_round_trip(void **state)
{
        (void)state;
        struct incentive_result *r = malloc(sizeof(*r));
        assert_non_null(r);
        fill_result(r);
        struct capture c;
        start(&c);
        incentive_json_write(c.b, r, "general");
        char *text = finish(&c);
        json_error_t jerr;
        json_t *o = json_loads(text, 0, &jerr);
        assert_non_null(o);
        for (size_t i = 0; object_keys[i]; i++)
                assert_non_null(json_object_get(o, object_keys[i]));
        assert_int_equal(json_object_size(o), 15); /* the keys above and baseline_tier */
        assert_string_equal(json_string_value(json_object_get(o, "name")), r->name);
        assert_string_equal(json_string_value(json_object_get(o, "industry_zh")), "长流程钢铁");
        assert_int_equal(json_integer_value(json_object_get(o, "year")), 2025);
        assert_true(json_is_true(json_object_get(o, "in_scope")));
        assert_string_equal(json_string_value(json_object_get(o, "tier")), "key");
        assert_string_equal(json_string_value(json_object_get(o, "baseline_tier")), "general");
        assert_int_equal(json_integer_value(json_object_get(o, "grace_months")), 12);
        assert_string_equal(json_string_value(json_object_get(o, "next_grade")), "B-");
        json_t *metrics = json_object_get(o, "metrics");
        assert_int_equal(json_object_size(metrics), 2);
        json_t *tax = json_object_get(metrics, "tax_per_tonne");
        json_t *rd = json_object_get(metrics, "rd_share");
        for (size_t i = 0; metric_keys[i]; i++) {
                assert_non_null(json_object_get(tax, metric_keys[i]));
                assert_non_null(json_object_get(rd, metric_keys[i]));
        }
        assert_string_equal(json_string_value(json_object_get(tax, "value")), "40.00");
        assert_string_equal(json_string_value(json_object_get(tax, "unit")), "yuan/t");
        assert_string_equal(json_string_value(json_object_get(tax, "average_source")), "peer");
        assert_int_equal(json_integer_value(json_object_get(tax, "peers")), 2);
        assert_string_equal(json_string_value(json_object_get(tax, "ratio")), "1.2000");
        assert_true(json_is_true(json_object_get(tax, "key_threshold_met")));
        assert_true(json_is_null(json_object_get(rd, "value")));
        assert_true(json_is_null(json_object_get(rd, "average_source")));
        assert_string_equal(json_string_value(json_object_get(rd, "status")), "missing_numerator");
        assert_true(json_is_false(json_object_get(rd, "above_average")));
        json_t *pack = json_object_get(o, "pack");
        assert_string_equal(json_string_value(json_object_get(pack, "id")), "pingshan-2022");
        assert_int_equal(json_integer_value(json_object_get(pack, "version")), 3);
        json_t *lines = json_object_get(o, "explanation");
        assert_int_equal(json_array_size(lines), 3);
        for (size_t i = 0; i < 3; i++)
                assert_string_equal(json_string_value(json_array_get(lines, i)), r->explanation[i]);
        json_decref(o);
        free(text);

        /* No tier: grace months and next grade are null, and there is no baseline_tier. */
        r->tier = INCENTIVE_TIER_NONE;
        r->grace_months = 0;
        r->next_grade[0] = '\0';
        start(&c);
        incentive_json_write(c.b, r, NULL);
        text = finish(&c);
        o = json_loads(text, 0, &jerr);
        assert_non_null(o);
        assert_int_equal(json_object_size(o), 14);
        assert_true(json_is_null(json_object_get(o, "grace_months")));
        assert_true(json_is_null(json_object_get(o, "next_grade")));
        assert_string_equal(json_string_value(json_object_get(o, "tier")), "none");
        assert_null(json_object_get(o, "what_if"));
        json_decref(o);
        free(text);

        /* A what-if result lists its overrides, the pack's value null when it has none. */
        r->nwhat_if = 2;
        snprintf(r->what_if[0].name, sizeof(r->what_if[0].name), "m1.key_margin_percent");
        snprintf(r->what_if[0].value, sizeof(r->what_if[0].value), "30");
        snprintf(r->what_if[0].pack_value, sizeof(r->what_if[0].pack_value), "20");
        r->what_if[0].has_pack_value = true;
        snprintf(r->what_if[1].name, sizeof(r->what_if[1].name), "m2.window_to");
        snprintf(r->what_if[1].value, sizeof(r->what_if[1].value), "2022-12-31");
        start(&c);
        incentive_json_write(c.b, r, NULL);
        text = finish(&c);
        o = json_loads(text, 0, &jerr);
        assert_non_null(o);
        assert_int_equal(json_object_size(o), 15);
        json_t *w = json_object_get(o, "what_if");
        assert_int_equal(json_array_size(w), 2);
        json_t *w0 = json_array_get(w, 0), *w1 = json_array_get(w, 1);
        assert_string_equal(json_string_value(json_object_get(w0, "name")),
                            "m1.key_margin_percent");
        assert_string_equal(json_string_value(json_object_get(w0, "value")), "30");
        assert_string_equal(json_string_value(json_object_get(w0, "pack_value")), "20");
        assert_string_equal(json_string_value(json_object_get(w1, "value")), "2022-12-31");
        assert_true(json_is_null(json_object_get(w1, "pack_value")));
        json_decref(o);
        free(text);
        free(r);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_json_string_matches_reference),
            cmocka_unit_test(test_json_string_escape_at_every_offset),
            cmocka_unit_test(test_null_and_integers),
            cmocka_unit_test(test_large_and_crossing_writes),
            cmocka_unit_test(test_failing_sink_is_reported),
            cmocka_unit_test(test_object_round_trip),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
