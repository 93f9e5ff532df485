/*
 * Fuzz target of the HTTP input checks (http/http.h). The first byte picks what is fuzzed: body
 * validation against a field table holding every field type, or the path pattern matcher with a
 * pattern and a path separated by the first NUL byte. Invariants: a validated body is an object
 * holding every required field with its declared type; a match fills at most HTTP_MAX_PARAMS
 * parameters, each a NUL-terminated value shorter than HTTP_PARAM_MAX taken from the path.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "http/http.h"

static const char *const colours[] = {"green", "red", NULL};

static const struct http_field fields[] = {
    {"name", HTTP_STRING, true, 1, 40, NULL},
    {"colour", HTTP_STRING, false, 0, 0, colours},
    {"count", HTTP_INT, false, -5, 1000, NULL},
    {"big", HTTP_INT, false, 0, 0, NULL},
    {"flag", HTTP_BOOL, false, 0, 0, NULL},
    {"day", HTTP_DATE, false, 0, 0, NULL},
    {"items", HTTP_ARRAY, false, 0, 3, NULL},
    {"extra", HTTP_OBJECT, false, 0, 0, NULL},
    {NULL, 0, false, 0, 0, NULL},
};

static void fuzz_body(const uint8_t *data, size_t size)
{
        json_t *body = NULL;
        struct gl_error err;
        if (http_validate_body(fields, (const char *)data, size, &body, &err) != GL_OK) {
                FUZZ_CHECK(body == NULL);
                FUZZ_CHECK(err.field[0] != '\0');
                /* The error must become the JSON answer the server sends. */
                char *answer = http_error_body("invalid", err.field, err.message);
                FUZZ_CHECK(answer != NULL);
                free(answer);
                return;
        }
        FUZZ_CHECK(json_is_object(body));
        json_t *name = json_object_get(body, "name");
        FUZZ_CHECK(json_is_string(name));
        FUZZ_CHECK(json_string_length(name) >= 1 && json_string_length(name) <= 40);
        json_t *count = json_object_get(body, "count");
        FUZZ_CHECK(count == NULL || json_is_null(count) ||
                   (json_is_integer(count) && json_integer_value(count) >= -5 &&
                    json_integer_value(count) <= 1000));
        json_t *items = json_object_get(body, "items");
        FUZZ_CHECK(items == NULL || json_is_null(items) ||
                   (json_is_array(items) && json_array_size(items) <= 3));
        json_decref(body);
}

static void fuzz_pattern(const uint8_t *data, size_t size)
{
        char *text = malloc(size + 2);
        if (text == NULL)
                return;
        memcpy(text, data, size);
        text[size] = '\0';
        text[size + 1] = '\0';
        const char *pattern = text;
        const char *path = text + strlen(text) + 1;
        struct http_param params[HTTP_MAX_PARAMS];
        size_t n = 99, counted = 77;
        bool match = http_pattern_match(pattern, path, params, &n);
        FUZZ_CHECK(match == http_pattern_match(pattern, path, NULL, &counted));
        if (match) {
                FUZZ_CHECK(n <= HTTP_MAX_PARAMS && n == counted);
                for (size_t i = 0; i < n; i++) {
                        size_t len = strlen(params[i].value);
                        FUZZ_CHECK(len >= 1 && len < HTTP_PARAM_MAX);
                        FUZZ_CHECK(strstr(path, params[i].value) != NULL);
                        FUZZ_CHECK(params[i].name >= pattern &&
                                   params[i].name + params[i].name_len <=
                                       pattern + strlen(pattern));
                }
        }
        free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        if (size < 1)
                return 0;
        if (data[0] & 1)
                fuzz_pattern(data + 1, size - 1);
        else
                fuzz_body(data + 1, size - 1);
        return 0;
}
