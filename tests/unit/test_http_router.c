/*
 * Unit tests of http/router.c and http/schema.c: path patterns with parameters, 404 versus 405 with
 * the allowed methods, HEAD as GET, and input validation of bodies and query strings against a
 * field table (unknown, missing, wrong type, limits, one_of, null, duplicates), naming the field.
 * Also checks that the real route table is well formed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "http/http.h"

static void dummy(struct http_req *req)
{
        (void)req;
}

static const struct http_route table[] = {
    {"GET", "/api/v1/enterprises", HTTP_STAFF, NULL, NULL, dummy, 0, ""},
    {"GET", "/api/v1/enterprises/{uscc}", HTTP_STAFF, NULL, NULL, dummy, 0, ""},
    {"GET", "/api/v1/enterprises/{uscc}/annual/{year}", HTTP_STAFF, NULL, NULL, dummy, 0, ""},
    {"POST", "/api/v1/session", HTTP_PUBLIC, NULL, NULL, dummy, 0, ""},
    {"DELETE", "/api/v1/session", HTTP_SIGNED_IN, NULL, NULL, dummy, 0, ""},
};

static void test_pattern_match(void **state)
{
        (void)state;
        struct http_param p[HTTP_MAX_PARAMS];
        size_t n = 99;
        assert_true(http_pattern_match("/a/b", "/a/b", p, &n));
        assert_int_equal(n, 0);
        assert_false(http_pattern_match("/a/b", "/a/b/", p, &n));
        assert_false(http_pattern_match("/a/b", "/a", p, &n));
        assert_false(http_pattern_match("/a/b", "/a/bc", p, &n));
        assert_false(http_pattern_match("/a/{x}", "/a/", p, &n));
        assert_false(http_pattern_match("/a/{x}", "/a//", p, &n));
        assert_true(http_pattern_match("/a/{x}/c/{y}", "/a/1/c/two", p, &n));
        assert_int_equal(n, 2);
        assert_int_equal(p[0].name_len, 1);
        assert_memory_equal(p[0].name, "x", 1);
        assert_string_equal(p[0].value, "1");
        assert_string_equal(p[1].value, "two");
        assert_false(http_pattern_match("/a/{x}", "/a/1/2", p, &n));
        char longpath[HTTP_PARAM_MAX + 8] = "/a/";
        memset(longpath + 3, 'z', HTTP_PARAM_MAX);
        longpath[3 + HTTP_PARAM_MAX] = '\0';
        assert_false(http_pattern_match("/a/{x}", longpath, p, &n));
}

static void test_route_find(void **state)
{
        (void)state;
        struct http_param p[HTTP_MAX_PARAMS];
        size_t n = 0;
        char allow[64];
        size_t len = GL_ARRAY_LEN(table);
        const struct http_route *r = http_route_find(table, len, "GET", "/api/v1/enterprises/X1", p,
                                                     &n, allow, sizeof(allow));
        assert_ptr_equal(r, &table[1]);
        assert_string_equal(p[0].value, "X1");
        r = http_route_find(table, len, "HEAD", "/api/v1/enterprises", p, &n, allow, sizeof(allow));
        assert_ptr_equal(r, &table[0]);
        r = http_route_find(table, len, "GET", "/api/v1/enterprises/X1/annual/2023", p, &n, allow,
                            sizeof(allow));
        assert_ptr_equal(r, &table[2]);
        assert_int_equal(n, 2);
        assert_string_equal(p[1].value, "2023");
        r = http_route_find(table, len, "PUT", "/api/v1/session", p, &n, allow, sizeof(allow));
        assert_null(r);
        assert_string_equal(allow, "POST, DELETE");
        r = http_route_find(table, len, "DELETE", "/api/v1/enterprises", p, &n, allow,
                            sizeof(allow));
        assert_null(r);
        assert_string_equal(allow, "GET, HEAD");
        r = http_route_find(table, len, "GET", "/api/v1/nothing", p, &n, allow, sizeof(allow));
        assert_null(r);
        assert_string_equal(allow, "");
}

static const char *const colours[] = {"red", "green", NULL};
static const struct http_field fields[] = {
    {"name", HTTP_STRING, true, 2, 5, NULL},       {"count", HTTP_INT, false, 1, 10, NULL},
    {"flag", HTTP_BOOL, false, 0, 0, NULL},        {"due", HTTP_DATE, false, 0, 0, NULL},
    {"colour", HTTP_STRING, false, 0, 0, colours}, {"items", HTTP_ARRAY, false, 1, 2, NULL},
    {"extra", HTTP_OBJECT, false, 0, 0, NULL},     {0},
};

/* Validates text; returns the status and leaves the field named in *field. */
static int body(const char *text, char field[64])
{
        struct gl_error err = {0};
        json_t *out = NULL;
        int rc = http_validate_body(fields, text, strlen(text), &out, &err);
        strcpy(field, err.field);
        if (rc == GL_OK) {
                assert_non_null(out);
                json_decref(out);
        } else {
                assert_null(out);
                assert_true(err.message[0] != '\0');
        }
        return rc;
}

static void test_body_validation(void **state)
{
        (void)state;
        char f[64];
        assert_int_equal(body("{\"name\":\"abc\"}", f), GL_OK);
        assert_int_equal(body("{\"name\":\"abc\",\"count\":10,\"flag\":true,\"due\":\"2024-02-29\","
                              "\"colour\":\"red\",\"items\":[1],\"extra\":{}}",
                              f),
                         GL_OK);
        assert_int_equal(body("{\"name\":\"abc\",\"count\":null}", f), GL_OK);
        assert_int_equal(body("{}", f), GL_EINVAL);
        assert_string_equal(f, "name");
        assert_int_equal(body("{\"name\":null}", f), GL_EINVAL);
        assert_string_equal(f, "name");
        assert_int_equal(body("{\"name\":\"abc\",\"size\":1}", f), GL_EINVAL);
        assert_string_equal(f, "size");
        assert_int_equal(body("{\"name\":7}", f), GL_EINVAL);
        assert_string_equal(f, "name");
        assert_int_equal(body("{\"name\":\"a\"}", f), GL_EINVAL);
        assert_string_equal(f, "name");
        assert_int_equal(body("{\"name\":\"abcdef\"}", f), GL_EINVAL);
        assert_int_equal(body("{\"name\":\"abc\",\"count\":11}", f), GL_EINVAL);
        assert_string_equal(f, "count");
        assert_int_equal(body("{\"name\":\"abc\",\"count\":0}", f), GL_EINVAL);
        assert_int_equal(body("{\"name\":\"abc\",\"count\":1.5}", f), GL_EINVAL);
        assert_string_equal(f, "count");
        assert_int_equal(body("{\"name\":\"abc\",\"count\":\"3\"}", f), GL_EINVAL);
        assert_int_equal(body("{\"name\":\"abc\",\"flag\":1}", f), GL_EINVAL);
        assert_string_equal(f, "flag");
        assert_int_equal(body("{\"name\":\"abc\",\"due\":\"2023-02-29\"}", f), GL_EINVAL);
        assert_string_equal(f, "due");
        assert_int_equal(body("{\"name\":\"abc\",\"colour\":\"blue\"}", f), GL_EINVAL);
        assert_string_equal(f, "colour");
        assert_int_equal(body("{\"name\":\"abc\",\"items\":[]}", f), GL_EINVAL);
        assert_int_equal(body("{\"name\":\"abc\",\"items\":[1,2,3]}", f), GL_EINVAL);
        assert_int_equal(body("{\"name\":\"abc\",\"extra\":[]}", f), GL_EINVAL);
        assert_int_equal(body("{\"name\":\"abc\"", f), GL_EINVAL);
        assert_string_equal(f, "body");
        assert_int_equal(body("[]", f), GL_EINVAL);
        assert_string_equal(f, "body");
        assert_int_equal(body("", f), GL_EINVAL);
        assert_int_equal(body("{\"name\":\"abc\",\"name\":\"abd\"}", f), GL_EINVAL);
        assert_int_equal(body("{\"name\":\"a\\u0000b\"}", f), GL_EINVAL);
}

static void test_query_validation(void **state)
{
        (void)state;
        struct gl_error err = {0};
        struct http_query_arg ok[] = {
            {"name", "abc"}, {"count", "10"}, {"flag", "true"}, {"due", "2024-01-31"}};
        assert_int_equal(http_validate_query(fields, ok, 4, &err), GL_OK);
        struct http_query_arg bad_int[] = {{"name", "abc"}, {"count", "1x"}};
        assert_int_equal(http_validate_query(fields, bad_int, 2, &err), GL_EINVAL);
        assert_string_equal(err.field, "count");
        struct http_query_arg plus[] = {{"name", "abc"}, {"count", "+5"}};
        assert_int_equal(http_validate_query(fields, plus, 2, &err), GL_EINVAL);
        struct http_query_arg empty_int[] = {{"name", "abc"}, {"count", ""}};
        assert_int_equal(http_validate_query(fields, empty_int, 2, &err), GL_EINVAL);
        struct http_query_arg unknown[] = {{"name", "abc"}, {"colour2", "x"}};
        assert_int_equal(http_validate_query(fields, unknown, 2, &err), GL_EINVAL);
        assert_string_equal(err.field, "colour2");
        struct http_query_arg twice[] = {{"name", "abc"}, {"name", "abd"}};
        assert_int_equal(http_validate_query(fields, twice, 2, &err), GL_EINVAL);
        struct http_query_arg missing[] = {{"count", "3"}};
        assert_int_equal(http_validate_query(fields, missing, 1, &err), GL_EINVAL);
        assert_string_equal(err.field, "name");
        struct http_query_arg bad_bool[] = {{"name", "abc"}, {"flag", "yes"}};
        assert_int_equal(http_validate_query(fields, bad_bool, 2, &err), GL_EINVAL);
        assert_int_equal(http_validate_query(NULL, NULL, 0, &err), GL_OK);
        assert_int_equal(http_validate_query(NULL, ok, 1, &err), GL_EINVAL);
}

/* A repeated field may come more than once, each value checked; the others still may not. */
static void test_query_repeated(void **state)
{
        (void)state;
        static const struct http_field rf[] = {{"year", HTTP_INT, true, 2000, 2100, NULL},
                                               {"set", HTTP_REPEATED, false, 1, 8, NULL},
                                               {0}};
        struct gl_error err = {0};
        struct http_query_arg sets[] = {{"year", "2025"}, {"set", "a=1"}, {"set", "b=2"}};
        assert_int_equal(http_validate_query(rf, sets, 3, &err), GL_OK);
        struct http_query_arg long_one[] = {
            {"year", "2025"}, {"set", "a=1"}, {"set", "b=123456789"}};
        assert_int_equal(http_validate_query(rf, long_one, 3, &err), GL_EINVAL);
        assert_string_equal(err.field, "set");
        struct http_query_arg years[] = {{"year", "2025"}, {"set", "a=1"}, {"year", "2024"}};
        assert_int_equal(http_validate_query(rf, years, 3, &err), GL_EINVAL);
        assert_string_equal(err.field, "year");

        struct http_req req = {.nquery = 3};
        memcpy(req.query, sets, sizeof(sets));
        const char *v[1];
        assert_int_equal(http_query_all(&req, "set", v, 1), 2);
        assert_string_equal(v[0], "a=1");
        assert_int_equal(http_query_all(&req, "date", v, 1), 0);
}

/* The real table: every route names a method, a pattern under / and a handler; no route admits
 * nobody; no two routes share a method and pattern; writes never use HTTP_CACHE. */
static void test_route_table_well_formed(void **state)
{
        (void)state;
        assert_true(http_nroutes > 0);
        for (size_t i = 0; i < http_nroutes; i++) {
                const struct http_route *r = &http_routes[i];
                assert_non_null(r->handler);
                assert_true(r->pattern[0] == '/');
                assert_true(r->roles != 0);
                assert_true(!(r->flags & HTTP_CACHE) ||
                            (strcmp(r->method, "GET") == 0 && (r->roles & HTTP_PUBLIC)));
                for (size_t j = 0; j < i; j++)
                        assert_false(strcmp(r->method, http_routes[j].method) == 0 &&
                                     strcmp(r->pattern, http_routes[j].pattern) == 0);
        }
}

/* An error answer whose message is cut, or quotes bytes that are not UTF-8, is still valid JSON in
 * the one error shape (not a 500 with an empty body). */
static void test_error_reply_stays_utf8(void **state)
{
        (void)state;
        char long_text[1300] = "";
        for (int i = 0; i < 100; i++)
                strcat(long_text, "企业名称"); /* 1200 bytes: cut somewhere inside a character */
        const char *cases[] = {long_text, "bad byte \xe6 here", "\xff\xfe"};
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                struct http_req req;
                memset(&req, 0, sizeof(req));
                http_reply_error(&req, 400, "invalid", "name", "%s", cases[i]);
                assert_int_equal(req.status, 400);
                assert_non_null(req.out);
                json_error_t jerr;
                json_t *v = json_loadb(req.out, req.out_len, 0, &jerr);
                assert_non_null(v);
                json_t *message = json_object_get(json_object_get(v, "error"), "message");
                assert_true(json_is_string(message));
                assert_true(strlen(json_string_value(message)) > 0);
                json_decref(v);
                free(req.out);
        }
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_pattern_match),
            cmocka_unit_test(test_route_find),
            cmocka_unit_test(test_body_validation),
            cmocka_unit_test(test_query_validation),
            cmocka_unit_test(test_query_repeated),
            cmocka_unit_test(test_route_table_well_formed),
            cmocka_unit_test(test_error_reply_stays_utf8),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
