/*
 * Validation of request input against a route's field table (struct http_field), before any
 * handler runs. A body must be one JSON object (duplicate keys refused) whose members are all
 * declared, of the declared type and within limits, with every required member present; a null
 * member counts as absent. Query parameters are checked the same way from their text. The first
 * problem found is reported, naming the field, in Chinese with English in parentheses.
 */
#include "http.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const struct http_field *field_find(const struct http_field *fields, const char *name)
{
        for (const struct http_field *f = fields; f && f->name; f++)
                if (strcmp(f->name, name) == 0)
                        return f;
        return NULL;
}

static const char *type_name_zh(enum http_type t)
{
        switch (t) {
        case HTTP_STRING:
                return "字符串 (string)";
        case HTTP_INT:
                return "整数 (integer)";
        case HTTP_BOOL:
                return "布尔值 (true/false)";
        case HTTP_DATE:
                return "日期 YYYY-MM-DD (date)";
        case HTTP_ARRAY:
                return "数组 (array)";
        case HTTP_OBJECT:
                return "对象 (object)";
        case HTTP_REPEATED:
                return "查询参数 (query text)";
        }
        return "?";
}

static bool limited(const struct http_field *f)
{
        return f->min != 0 || f->max != 0;
}

static int wrong_type(const struct http_field *f, struct gl_error *err)
{
        return gl_fail(err, GL_EINVAL, f->name, "字段 %s 应为%s (wrong type)", f->name,
                       type_name_zh(f->type));
}

static int check_string(const struct http_field *f, const char *s, struct gl_error *err)
{
        size_t n = strlen(s);
        if (limited(f) && ((int64_t)n < f->min || (int64_t)n > f->max))
                return gl_fail(err, GL_EINVAL, f->name,
                               "字段 %s 长度应在 %lld 至 %lld 字节之间 (length out of range)",
                               f->name, (long long)f->min, (long long)f->max);
        if (f->one_of) {
                for (const char *const *v = f->one_of; *v; v++)
                        if (strcmp(*v, s) == 0)
                                return GL_OK;
                return gl_fail(err, GL_EINVAL, f->name,
                               "字段 %s 的取值不在允许范围内 (not one of "
                               "the allowed values)",
                               f->name);
        }
        return GL_OK;
}

static int check_int(const struct http_field *f, int64_t v, struct gl_error *err)
{
        if (limited(f) && (v < f->min || v > f->max))
                return gl_fail(err, GL_EINVAL, f->name,
                               "字段 %s 应在 %lld 至 %lld 之间 (out of range)", f->name,
                               (long long)f->min, (long long)f->max);
        return GL_OK;
}

static int check_date(const struct http_field *f, const char *s, struct gl_error *err)
{
        gl_date d;
        if (date_parse_iso(s, &d) != GL_OK)
                return gl_fail(err, GL_EINVAL, f->name,
                               "字段 %s 应为有效日期 YYYY-MM-DD (not a valid date)", f->name);
        return GL_OK;
}

static int check_value(const struct http_field *f, json_t *v, struct gl_error *err)
{
        switch (f->type) {
        case HTTP_STRING:
                return json_is_string(v) ? check_string(f, json_string_value(v), err)
                                         : wrong_type(f, err);
        case HTTP_INT:
                return json_is_integer(v) ? check_int(f, json_integer_value(v), err)
                                          : wrong_type(f, err);
        case HTTP_BOOL:
                return json_is_boolean(v) ? GL_OK : wrong_type(f, err);
        case HTTP_DATE:
                return json_is_string(v) ? check_date(f, json_string_value(v), err)
                                         : wrong_type(f, err);
        case HTTP_ARRAY:
                if (!json_is_array(v))
                        return wrong_type(f, err);
                if (limited(f) &&
                    ((int64_t)json_array_size(v) < f->min || (int64_t)json_array_size(v) > f->max))
                        return gl_fail(err, GL_EINVAL, f->name,
                                       "字段 %s 的元素个数应在 %lld 至 %lld 之间 (wrong number "
                                       "of items)",
                                       f->name, (long long)f->min, (long long)f->max);
                return GL_OK;
        case HTTP_OBJECT:
                return json_is_object(v) ? GL_OK : wrong_type(f, err);
        case HTTP_REPEATED:
                break; /* not a body type */
        }
        return wrong_type(f, err);
}

int http_validate_body(const struct http_field *fields, const char *text, size_t len, json_t **out,
                       struct gl_error *err)
{
        json_error_t jerr;
        json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
        if (root == NULL)
                return gl_fail(err, GL_EINVAL, "body",
                               "请求正文不是有效的 JSON (invalid JSON at line %d column %d: %s)",
                               jerr.line, jerr.column, jerr.text);
        int rc = GL_OK;
        if (!json_is_object(root)) {
                rc = gl_fail(err, GL_EINVAL, "body",
                             "请求正文应为 JSON 对象 (body must be an "
                             "object)");
                goto done;
        }
        const char *key;
        json_t *value;
        json_object_foreach(root, key, value)
        {
                if (key[0] == '\0') {
                        rc = gl_fail(err, GL_EINVAL, "body", "字段名不能为空 (empty field name)");
                        goto done;
                }
                const struct http_field *f = field_find(fields, key);
                if (f == NULL) {
                        rc = gl_fail(err, GL_EINVAL, key, "未知字段 %s (unknown field)", key);
                        goto done;
                }
                if (json_is_null(value))
                        continue;
                if ((rc = check_value(f, value, err)) != GL_OK)
                        goto done;
        }
        for (const struct http_field *f = fields; f && f->name; f++) {
                json_t *v = json_object_get(root, f->name);
                if (f->required && (v == NULL || json_is_null(v))) {
                        rc = gl_fail(err, GL_EINVAL, f->name, "缺少字段 %s (missing field)",
                                     f->name);
                        goto done;
                }
        }
done:
        if (rc != GL_OK) {
                json_decref(root);
                return rc;
        }
        *out = root;
        return GL_OK;
}

/* Parses a whole decimal integer; false when text is not one. */
static bool parse_int(const char *text, int64_t *out)
{
        if (text == NULL || *text == '\0')
                return false;
        char *end;
        errno = 0;
        long long v = strtoll(text, &end, 10);
        if (errno != 0 || *end != '\0' || end == text || text[0] == ' ' || text[0] == '+')
                return false;
        *out = v;
        return true;
}

static int check_query_value(const struct http_field *f, const char *text, struct gl_error *err)
{
        int64_t v;
        switch (f->type) {
        case HTTP_STRING:
        case HTTP_REPEATED:
                return check_string(f, text, err);
        case HTTP_INT:
                return parse_int(text, &v) ? check_int(f, v, err) : wrong_type(f, err);
        case HTTP_BOOL:
                return strcmp(text, "true") == 0 || strcmp(text, "false") == 0 ? GL_OK
                                                                               : wrong_type(f, err);
        case HTTP_DATE:
                return check_date(f, text, err);
        case HTTP_ARRAY:
        case HTTP_OBJECT:
                break;
        }
        return wrong_type(f, err);
}

int http_validate_query(const struct http_field *fields, const struct http_query_arg *args,
                        size_t n, struct gl_error *err)
{
        for (size_t i = 0; i < n; i++) {
                if (args[i].name == NULL || args[i].name[0] == '\0')
                        return gl_fail(err, GL_EINVAL, "query",
                                       "参数名不能为空 (a query parameter without a name)");
                const struct http_field *f = field_find(fields, args[i].name);
                if (f == NULL)
                        return gl_fail(err, GL_EINVAL, args[i].name,
                                       "未知参数 %s (unknown query parameter)", args[i].name);
                for (size_t j = 0; j < i && f->type != HTTP_REPEATED; j++)
                        if (strcmp(args[j].name, args[i].name) == 0)
                                return gl_fail(err, GL_EINVAL, f->name,
                                               "参数 %s 重复 (repeated query parameter)", f->name);
                int rc = check_query_value(f, args[i].value ? args[i].value : "", err);
                if (rc != GL_OK)
                        return rc;
        }
        for (const struct http_field *f = fields; f && f->name; f++) {
                if (!f->required)
                        continue;
                bool present = false;
                for (size_t i = 0; i < n && !present; i++)
                        present = strcmp(args[i].name, f->name) == 0;
                if (!present)
                        return gl_fail(err, GL_EINVAL, f->name,
                                       "缺少参数 %s (missing query "
                                       "parameter)",
                                       f->name);
        }
        return GL_OK;
}
