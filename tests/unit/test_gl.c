/*
 * Unit tests of the two languages of a message (gl_message_split): the messages greenlane writes
 * as "中文说明 (English)" and their variants — a field's name before the Chinese, a quoted value
 * after the English, a parenthesis that is not English, a message in one language only, and
 * outputs too small for the text. And the UTF-8 decoder (gl_utf8_char) on characters of each
 * length, and on what is not one: overlong forms, surrogates, stray and missing continuations.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/gl.h"

struct split_case {
        const char *message, *zh, *en;
};

static const struct split_case cases[] = {
    {"没有该企业 (no such enterprise)", "没有该企业", "no such enterprise"},
    {"没有该资源 (not found): 42", "没有该资源: 42", "not found: 42"},
    {"documents[0]: 文件过大 (file too large)", "documents[0]: 文件过大",
     "documents[0]: file too large"},
    /* Chinese parentheses and a parenthesis with Chinese in it are part of the Chinese. */
    {"密码过长（最多 64 字节） (at most 64 bytes)", "密码过长（最多 64 字节）", "at most 64 bytes"},
    {"数据库错误 (database error): (x) 不行", "数据库错误: (x) 不行", "database error: (x) 不行"},
    /* A parenthesis of digits only is not English; the next one is. */
    {"第 (3) 行有误 (line 3 is wrong)", "第 (3) 行有误", "line 3 is wrong"},
    /* One language only: both are the message. */
    {"out of memory", "out of memory", "out of memory"},
    {"audit: disk I/O error (code 10)", "audit: disk I/O error (code 10)",
     "audit: disk I/O error (code 10)"},
    {"只有中文", "只有中文", "只有中文"},
    {"", "", ""},
};

static void test_split(void **state)
{
        (void)state;
        for (size_t i = 0; i < GL_ARRAY_LEN(cases); i++) {
                char zh[256], en[256];
                gl_message_split(cases[i].message, zh, sizeof(zh), en, sizeof(en));
                assert_string_equal(zh, cases[i].zh);
                assert_string_equal(en, cases[i].en);
        }
}

static void test_split_null_is_empty(void **state)
{
        (void)state;
        char zh[8] = "x", en[8] = "y";
        gl_message_split(NULL, zh, sizeof(zh), en, sizeof(en));
        assert_string_equal(zh, "");
        assert_string_equal(en, "");
}

/* An output too small keeps whole characters: "没有" (6 bytes) fits in 8, "没有该" (9) does not. */
static void test_split_cut_at_character(void **state)
{
        (void)state;
        char zh[8], en[6];
        gl_message_split("没有该企业 (no such enterprise)", zh, sizeof(zh), en, sizeof(en));
        assert_string_equal(zh, "没有");
        assert_string_equal(en, "no su");
}

static void test_utf8_char(void **state)
{
        (void)state;
        uint32_t cp = 0;
        assert_int_equal(gl_utf8_char("A", &cp), 1);
        assert_int_equal(cp, 0x41);
        assert_int_equal(gl_utf8_char("\xc2\x85", &cp), 2); /* U+0085, a C1 control */
        assert_int_equal(cp, 0x85);
        assert_int_equal(gl_utf8_char("王", &cp), 3);
        assert_int_equal(cp, 0x738B);
        assert_int_equal(gl_utf8_char("\xf0\x9f\x98\x80", &cp), 4);
        assert_int_equal(cp, 0x1F600);
        assert_int_equal(gl_utf8_char("王", NULL), 3);
        /* Not a character: the code point is left as it was. */
        cp = 7;
        static const char *const bad[] = {
            "",                 /* the terminating NUL */
            "\x80",             /* a continuation byte first */
            "\xc0\xaf",         /* overlong '/' */
            "\xe0\x80\xaf",     /* overlong '/' */
            "\xed\xa0\x80",     /* a surrogate, U+D800 */
            "\xf4\x90\x80\x80", /* above U+10FFFF */
            "\xe7\x8e",         /* cut short */
            "\xcd\xf5",         /* GBK 王 */
        };
        for (size_t i = 0; i < GL_ARRAY_LEN(bad); i++)
                assert_int_equal(gl_utf8_char(bad[i], &cp), 0);
        assert_int_equal(cp, 7);
}

/* A growing array: room first for `first`, then twice as much each time it is full; an
 * impossible size leaves the array as it was. */
static void test_grow(void **state)
{
        (void)state;
        int *items = NULL;
        size_t n = 0, cap = 0;
        for (int i = 0; i < 9; i++) {
                int *grown = gl_grow(items, n, &cap, sizeof(*grown), 4);
                assert_non_null(grown);
                items = grown;
                items[n++] = i;
                size_t want = n <= 4 ? 4 : n <= 8 ? 8 : 16;
                assert_int_equal(cap, want);
        }
        for (int i = 0; i < 9; i++)
                assert_int_equal(items[i], i);
        size_t full = cap;
        assert_ptr_equal(gl_grow(items, 3, &cap, sizeof(int), 4), items); /* room left */
        assert_null(gl_grow(items, cap, &cap, SIZE_MAX / 2, 4));          /* too large */
        assert_int_equal(cap, full);
        assert_int_equal(items[8], 8);
        free(items);
}

static void test_format_i64(void **state)
{
        (void)state;
        char buf[24];
        assert_int_equal(gl_format_i64(0, buf), 1);
        assert_string_equal(buf, "0");
        assert_int_equal(gl_format_i64(7, buf), 1);
        assert_string_equal(buf, "7");
        assert_int_equal(gl_format_i64(-42, buf), 3);
        assert_string_equal(buf, "-42");
        assert_int_equal(gl_format_i64(1000000, buf), 7);
        assert_string_equal(buf, "1000000");
        assert_int_equal(gl_format_i64(INT64_MAX, buf), 19);
        assert_string_equal(buf, "9223372036854775807");
        assert_int_equal(gl_format_i64(INT64_MIN, buf), 20);
        assert_string_equal(buf, "-9223372036854775808");
}

static void test_copy_text(void **state)
{
        (void)state;
        char buf[6];
        gl_copy_text(buf, sizeof(buf), "abc");
        assert_string_equal(buf, "abc");
        /* "企业" is 6 bytes: 5 hold "企" and two bytes of "业", which are dropped. */
        gl_copy_text(buf, sizeof(buf), "企业");
        assert_string_equal(buf, "企");
        gl_copy_text(buf, sizeof(buf), NULL);
        assert_string_equal(buf, "");
}

static int byte_cmp(const void *a, const void *b)
{
        return *(const char *)a - *(const char *)b;
}

static int wide_cmp(const void *a, const void *b)
{
        return strcmp(a, b);
}

/* An item of 20 bytes, as the import's keys are: sorted by key, with the place it came from
 * to tell items of one key apart. */
struct item {
        uint32_t key[3];
        uint32_t from;
        uint32_t pad;
};

static int item_cmp(const void *pa, const void *pb)
{
        const struct item *a = pa, *b = pb;
        for (int i = 0; i < 3; i++)
                if (a->key[i] != b->key[i])
                        return a->key[i] < b->key[i] ? -1 : 1;
        return 0;
}

static int item_full_cmp(const void *pa, const void *pb)
{
        int c = item_cmp(pa, pb);
        const struct item *a = pa, *b = pb;
        return c ? c : (a->from > b->from) - (a->from < b->from);
}

/* Sorts n items made by kind with gl_sort and checks them against qsort of the same items:
 * the same multiset (compared after a tie-break on `from`) in an order cmp accepts. */
static void check_sort(size_t n, int kind, uint32_t keys)
{
        struct item *a = calloc(n ? n : 1, sizeof(*a)), *b = calloc(n ? n : 1, sizeof(*b));
        assert_non_null(a);
        assert_non_null(b);
        uint64_t x = 88172645463325252ull;
        for (size_t i = 0; i < n; i++) {
                x ^= x << 13, x ^= x >> 7, x ^= x << 17;
                uint32_t k = kind == 0   ? (uint32_t)(x % keys)       /* random */
                             : kind == 1 ? (uint32_t)i                /* sorted */
                             : kind == 2 ? (uint32_t)(n - i)          /* reversed */
                                         : (uint32_t)(i % 2 ? i : 7); /* organ pipe */
                a[i] = (struct item){{k >> 16, 7, k & 0xffff}, (uint32_t)i, 0};
        }
        memcpy(b, a, n * sizeof(*a));
        gl_sort(a, n, sizeof(*a), item_cmp);
        for (size_t i = 1; i < n; i++)
                assert_true(item_cmp(&a[i - 1], &a[i]) <= 0);
        qsort(a, n, sizeof(*a), item_full_cmp);
        qsort(b, n, sizeof(*b), item_full_cmp);
        assert_memory_equal(a, b, n * sizeof(*a));
        free(a);
        free(b);
}

static void test_sort(void **state)
{
        (void)state;
        size_t sizes[] = {0, 1, 2, 3, 16, 17, 18, 100, 1000, 100000};
        for (size_t s = 0; s < GL_ARRAY_LEN(sizes); s++)
                for (int kind = 0; kind < 4; kind++) {
                        check_sort(sizes[s], kind, 1u << 30); /* few equal keys */
                        check_sort(sizes[s], kind, 3);        /* many */
                }
        /* Items of one byte and of more bytes than the swap's buffer. */
        char letters[] = "greenlane sorts in place";
        gl_sort(letters, strlen(letters), 1, byte_cmp);
        assert_string_equal(letters, "   aaceeeegillnnnoprrsst");
        struct wide {
                char text[100];
        } w[3] = {{"c"}, {"a"}, {"b"}};
        gl_sort(w, 3, sizeof(w[0]), wide_cmp);
        assert_string_equal(w[0].text, "a");
        assert_string_equal(w[2].text, "c");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_split),
            cmocka_unit_test(test_split_null_is_empty),
            cmocka_unit_test(test_split_cut_at_character),
            cmocka_unit_test(test_utf8_char),
            cmocka_unit_test(test_grow),
            cmocka_unit_test(test_format_i64),
            cmocka_unit_test(test_copy_text),
            cmocka_unit_test(test_sort),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
