/*
 * The JSON reader of policy packs (see policy_json.h and docs/policy-pack.md). It walks the
 * document with jansson, copying every value into a struct policy_pack and checking it on the way:
 * required keys, types, ISO dates, date order, unique measure numbers and industry codes, grade
 * ladders (known grades, lowest first, no repeats), parameter kinds, values that fit their kind and
 * their "of" (industry codes, grades), and dated values that do not overlap. Keys that the format
 * does not know are rejected so that a misspelt key cannot silently drop a rule; keys starting with
 * "_" are comments. The first problem found ends the parse; its key path is the error's field.
 * At the end, the writers of the JSON the public reads of a pack.
 */
#include "policy_json.h"

#include "../core/embedded.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PATH_MAX_LEN 256
#define PACK_FILE_MAX (16L * 1024 * 1024)

struct reader {
        const char *source;
        struct gl_error *err;
        struct policy_pack *pack;
};

static int fail_at(struct reader *r, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Reports a problem at a key path: field = path, message = "SOURCE: PATH: reason". */
static int fail_at(struct reader *r, const char *path, const char *fmt, ...)
{
        char reason[384];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(reason, sizeof(reason), fmt, ap);
        va_end(ap);
        return gl_fail(r->err, GL_EINVAL, path, "%s: %s: %s", r->source, path, reason);
}

static int no_memory(struct reader *r)
{
        return gl_fail(r->err, GL_ENOMEM, "", "%s: out of memory", r->source);
}

/* Marks a path cut short by the buffer with "..." at its end. */
static void mark_truncated(char out[PATH_MAX_LEN], int n)
{
        if (n >= PATH_MAX_LEN)
                memcpy(out + PATH_MAX_LEN - 4, "...", 4);
}

/* out = path.key (or key at the root); a path too long is cut and marked. */
static void join(char out[PATH_MAX_LEN], const char *path, const char *key)
{
        mark_truncated(out, snprintf(out, PATH_MAX_LEN, "%s%s%s", path, path[0] ? "." : "", key));
}

/* out = path[i] */
static void join_index(char out[PATH_MAX_LEN], const char *path, size_t i)
{
        mark_truncated(out, snprintf(out, PATH_MAX_LEN, "%s[%zu]", path, i));
}

/* Rejects keys that are not in allowed (a NULL-terminated list) and do not start with "_". */
static int check_keys(struct reader *r, json_t *obj, const char *path, const char *const *allowed)
{
        const char *key;
        json_t *value;
        json_object_foreach(obj, key, value)
        {
                (void)value;
                if (key[0] == '_')
                        continue;
                bool known = false;
                for (const char *const *a = allowed; *a && !known; a++)
                        known = strcmp(*a, key) == 0;
                if (!known) {
                        char p[PATH_MAX_LEN];
                        join(p, path, key);
                        return fail_at(r, p, "unknown key (未知的键)");
                }
        }
        return GL_OK;
}

static int want_object(struct reader *r, json_t *v, const char *path)
{
        if (!json_is_object(v))
                return fail_at(r, path, "not an object (应为对象)");
        return GL_OK;
}

/*
 * Copies the string at obj.key into *out. When the key is absent: an error if required, else *out
 * becomes "" (when empty_if_absent) or NULL.
 */
static int get_string(struct reader *r, json_t *obj, const char *path, const char *key,
                      bool required, bool empty_if_absent, char **out)
{
        char p[PATH_MAX_LEN];
        join(p, path, key);
        json_t *v = json_object_get(obj, key);
        if (v == NULL || json_is_null(v)) {
                if (required)
                        return fail_at(r, p, "missing (缺少)");
                if (empty_if_absent && (*out = strdup("")) == NULL)
                        return no_memory(r);
                return GL_OK;
        }
        if (!json_is_string(v))
                return fail_at(r, p, "not a string (应为字符串)");
        if (required && json_string_length(v) == 0)
                return fail_at(r, p, "empty (为空)");
        if ((*out = strdup(json_string_value(v))) == NULL)
                return no_memory(r);
        return GL_OK;
}

static int get_int(struct reader *r, json_t *obj, const char *path, const char *key, int min,
                   int max, int *out)
{
        char p[PATH_MAX_LEN];
        join(p, path, key);
        json_t *v = json_object_get(obj, key);
        if (v == NULL)
                return fail_at(r, p, "missing (缺少)");
        if (!json_is_integer(v))
                return fail_at(r, p, "not an integer (应为整数)");
        json_int_t x = json_integer_value(v);
        if (x < min || x > max)
                return fail_at(r, p, "out of range %d..%d (超出范围)", min, max);
        *out = (int)x;
        return GL_OK;
}

/* A date key: an ISO date, or null/absent (GL_DATE_NONE) when optional. */
static int get_date(struct reader *r, json_t *obj, const char *path, const char *key, bool required,
                    gl_date *out)
{
        char p[PATH_MAX_LEN];
        join(p, path, key);
        json_t *v = json_object_get(obj, key);
        *out = GL_DATE_NONE;
        if (v == NULL || json_is_null(v)) {
                if (required)
                        return fail_at(r, p, "missing (缺少)");
                return GL_OK;
        }
        if (!json_is_string(v) || date_parse_iso(json_string_value(v), out) != GL_OK)
                return fail_at(r, p, "not a date YYYY-MM-DD (应为日期)");
        return GL_OK;
}

static int check_period(struct reader *r, const char *path, const char *to_key, gl_date from,
                        gl_date to)
{
        if (from != GL_DATE_NONE && to != GL_DATE_NONE && to < from) {
                char p[PATH_MAX_LEN];
                join(p, path, to_key);
                return fail_at(r, p, "before the start date (早于起始日期)");
        }
        return GL_OK;
}

static int read_contact(struct reader *r, json_t *obj, const char *path, struct policy_contact *c)
{
        static const char *const keys[] = {"name", "phone", NULL};
        int rc = want_object(r, obj, path);
        if (rc == GL_OK)
                rc = check_keys(r, obj, path, keys);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "name", true, false, &c->name);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "phone", true, false, &c->phone);
        if (rc != GL_OK)
                return rc;
        char note[160];
        c->phone_valid = policy_phone_is_valid(c->phone, note, sizeof(note));
        if (!c->phone_valid) {
                size_t n = strlen(note) + sizeof("，已按原文保留");
                if ((c->phone_note = malloc(n)) == NULL)
                        return no_memory(r);
                snprintf(c->phone_note, n, "%s，已按原文保留", note);
        }
        return GL_OK;
}

static int read_measure(struct reader *r, json_t *obj, const char *path, struct policy_measure *m)
{
        static const char *const keys[] = {
            "number",         "title_zh",       "title_en",      "content_zh",
            "content_en",     "who_zh",         "who_en",        "procedure_zh",
            "procedure_en",   "in_force_zh",    "in_force_from", "in_force_to",
            "responsible_zh", "responsible_en", "contacts",      NULL};
        int rc = want_object(r, obj, path);
        if (rc == GL_OK)
                rc = check_keys(r, obj, path, keys);
        if (rc == GL_OK)
                rc = get_int(r, obj, path, "number", 1, 999, &m->number);
        struct {
                const char *key;
                char **dst;
                bool required;
        } texts[] = {
            {"title_zh", &m->title_zh, true},
            {"title_en", &m->title_en, false},
            {"content_zh", &m->content_zh, true},
            {"content_en", &m->content_en, false},
            {"who_zh", &m->who_zh, true},
            {"who_en", &m->who_en, false},
            {"procedure_zh", &m->procedure_zh, true},
            {"procedure_en", &m->procedure_en, false},
            {"in_force_zh", &m->in_force_zh, true},
            {"responsible_zh", &m->responsible_zh, true},
            {"responsible_en", &m->responsible_en, false},
        };
        for (size_t i = 0; i < GL_ARRAY_LEN(texts) && rc == GL_OK; i++)
                rc = get_string(r, obj, path, texts[i].key, texts[i].required, true, texts[i].dst);
        if (rc == GL_OK)
                rc = get_date(r, obj, path, "in_force_from", false, &m->in_force_from);
        if (rc == GL_OK)
                rc = get_date(r, obj, path, "in_force_to", false, &m->in_force_to);
        if (rc == GL_OK)
                rc = check_period(r, path, "in_force_to", m->in_force_from, m->in_force_to);
        if (rc != GL_OK)
                return rc;
        char p[PATH_MAX_LEN];
        join(p, path, "contacts");
        json_t *contacts = json_object_get(obj, "contacts");
        if (contacts == NULL)
                return fail_at(r, p, "missing (缺少)");
        if (!json_is_array(contacts))
                return fail_at(r, p, "not an array (应为数组)");
        size_t n = json_array_size(contacts);
        if (n > 0 && (m->contacts = calloc(n, sizeof(*m->contacts))) == NULL)
                return no_memory(r);
        m->ncontacts = n;
        for (size_t i = 0; i < n; i++) {
                char pi[PATH_MAX_LEN];
                join_index(pi, p, i);
                rc = read_contact(r, json_array_get(contacts, i), pi, &m->contacts[i]);
                if (rc != GL_OK)
                        return rc;
        }
        return GL_OK;
}

static int read_measures(struct reader *r, json_t *root)
{
        json_t *arr = json_object_get(root, "measures");
        if (arr == NULL)
                return fail_at(r, "measures", "missing (缺少)");
        if (!json_is_array(arr))
                return fail_at(r, "measures", "not an array (应为数组)");
        size_t n = json_array_size(arr);
        if (n == 0)
                return fail_at(r, "measures", "empty (为空)");
        struct policy_pack *pack = r->pack;
        if ((pack->measures = calloc(n, sizeof(*pack->measures))) == NULL)
                return no_memory(r);
        pack->nmeasures = n;
        for (size_t i = 0; i < n; i++) {
                char p[PATH_MAX_LEN];
                join_index(p, "measures", i);
                int rc = read_measure(r, json_array_get(arr, i), p, &pack->measures[i]);
                if (rc != GL_OK)
                        return rc;
                for (size_t j = 0; j < i; j++)
                        if (pack->measures[j].number == pack->measures[i].number) {
                                char pn[PATH_MAX_LEN];
                                join(pn, p, "number");
                                return fail_at(r, pn,
                                               "duplicate measure number %d, as measures[%zu] "
                                               "(措施编号重复)",
                                               pack->measures[i].number, j);
                        }
        }
        return GL_OK;
}

/* The rank of a grade on the national scale, lowest first; -1 when unknown. */
static int grade_order(const char *grade)
{
        static const char *const order[] = {"D", "C", "B-", "B", "A"};
        for (size_t i = 0; i < GL_ARRAY_LEN(order); i++)
                if (strcmp(order[i], grade) == 0)
                        return (int)i;
        return -1;
}

/* A list of grades: known grades, each higher than the one before (lowest first, no repeats). */
static int check_ladder(struct reader *r, json_t *arr, const char *path)
{
        if (!json_is_array(arr))
                return fail_at(r, path, "not an array (应为数组)");
        if (json_array_size(arr) < 2)
                return fail_at(r, path, "a ladder needs at least two grades (等级阶梯至少两级)");
        int prev = -1;
        for (size_t i = 0; i < json_array_size(arr); i++) {
                char p[PATH_MAX_LEN];
                join_index(p, path, i);
                json_t *g = json_array_get(arr, i);
                if (!json_is_string(g))
                        return fail_at(r, p, "not a string (应为字符串)");
                int order = grade_order(json_string_value(g));
                if (order < 0)
                        return fail_at(r, p,
                                       "unknown grade \"%s\" (未知的绩效等级; A, B, B-, C, D)",
                                       json_string_value(g));
                if (order <= prev)
                        return fail_at(r, p,
                                       "grades must go from lowest to highest without repeats "
                                       "(等级应由低到高且不重复)");
                prev = order;
        }
        return GL_OK;
}

static int copy_strings(struct reader *r, json_t *arr, char ***out, size_t *nout)
{
        size_t n = json_array_size(arr);
        if (n == 0)
                return GL_OK;
        if ((*out = calloc(n, sizeof(**out))) == NULL)
                return no_memory(r);
        *nout = n;
        for (size_t i = 0; i < n; i++)
                if (((*out)[i] = strdup(json_string_value(json_array_get(arr, i)))) == NULL)
                        return no_memory(r);
        return GL_OK;
}

static bool is_code(const char *s)
{
        if (*s == '\0')
                return false;
        for (; *s; s++)
                if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
                        return false;
        return true;
}

static int read_industry(struct reader *r, json_t *obj, const char *path,
                         struct policy_industry *ind)
{
        static const char *const keys[] = {"code", "name_zh", "name_en", "ladder", NULL};
        int rc = want_object(r, obj, path);
        if (rc == GL_OK)
                rc = check_keys(r, obj, path, keys);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "code", true, false, &ind->code);
        if (rc == GL_OK && !is_code(ind->code)) {
                char p[PATH_MAX_LEN];
                join(p, path, "code");
                return fail_at(r, p, "only a-z, 0-9 and _ (代码只能含小写字母、数字、下划线)");
        }
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "name_zh", true, false, &ind->name_zh);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "name_en", false, true, &ind->name_en);
        if (rc != GL_OK)
                return rc;
        char p[PATH_MAX_LEN];
        join(p, path, "ladder");
        json_t *ladder = json_object_get(obj, "ladder");
        if (ladder == NULL)
                return fail_at(r, p, "missing (缺少)");
        rc = check_ladder(r, ladder, p);
        if (rc == GL_OK)
                rc = copy_strings(r, ladder, &ind->ladder, &ind->nladder);
        return rc;
}

static int read_industries(struct reader *r, json_t *root)
{
        json_t *arr = json_object_get(root, "industries");
        if (arr == NULL)
                return fail_at(r, "industries", "missing (缺少)");
        if (!json_is_array(arr))
                return fail_at(r, "industries", "not an array (应为数组)");
        size_t n = json_array_size(arr);
        struct policy_pack *pack = r->pack;
        if (n > 0 && (pack->industries = calloc(n, sizeof(*pack->industries))) == NULL)
                return no_memory(r);
        pack->nindustries = n;
        for (size_t i = 0; i < n; i++) {
                char p[PATH_MAX_LEN];
                join_index(p, "industries", i);
                int rc = read_industry(r, json_array_get(arr, i), p, &pack->industries[i]);
                if (rc != GL_OK)
                        return rc;
                const struct policy_industry *cur = &pack->industries[i];
                for (size_t j = 0; j < i; j++) {
                        const struct policy_industry *o = &pack->industries[j];
                        char pk[PATH_MAX_LEN];
                        if (strcmp(o->code, cur->code) == 0 || strcmp(o->name_zh, cur->code) == 0) {
                                join(pk, p, "code");
                                return fail_at(r, pk, "duplicate industry \"%s\" (行业重复)",
                                               cur->code);
                        }
                        if (strcmp(o->name_zh, cur->name_zh) == 0 ||
                            strcmp(o->code, cur->name_zh) == 0) {
                                join(pk, p, "name_zh");
                                return fail_at(r, pk, "duplicate industry \"%s\" (行业重复)",
                                               cur->name_zh);
                        }
                }
        }
        return GL_OK;
}

static int get_string_list(struct reader *r, json_t *obj, const char *path, const char *key,
                           char ***out, size_t *nout);

/* A table of terms (policy.h's struct policy_term): each {"code", "name_zh", "aliases_zh",
 * "name_en"}, a township's without "code" (its Chinese name is its code). Codes, names and aliases
 * are unique across the table, so that any of them names one term. Absent: an empty table. */
static int read_term(struct reader *r, json_t *obj, const char *path, bool coded,
                     struct policy_term *t)
{
        static const char *const keys[] = {"code", "name_zh", "aliases_zh", "name_en", NULL};
        static const char *const uncoded[] = {"name_zh", "aliases_zh", "name_en", NULL};
        int rc = want_object(r, obj, path);
        if (rc == GL_OK)
                rc = check_keys(r, obj, path, coded ? keys : uncoded);
        if (rc == GL_OK && coded)
                rc = get_string(r, obj, path, "code", true, false, &t->code);
        if (rc == GL_OK && coded && !is_code(t->code)) {
                char p[PATH_MAX_LEN];
                join(p, path, "code");
                return fail_at(r, p, "only a-z, 0-9 and _ (代码只能含小写字母、数字、下划线)");
        }
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "name_zh", true, false, &t->name_zh);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "name_en", false, true, &t->name_en);
        if (rc == GL_OK)
                rc = get_string_list(r, obj, path, "aliases_zh", &t->aliases_zh, &t->naliases_zh);
        if (rc == GL_OK && !coded && (t->code = strdup(t->name_zh)) == NULL)
                rc = no_memory(r);
        return rc;
}

/* Whether text is a code, name or alias of one of the first n terms. */
static bool term_taken(const struct policy_term *terms, size_t n, const char *text)
{
        for (size_t i = 0; i < n; i++) {
                if (strcmp(terms[i].code, text) == 0 || strcmp(terms[i].name_zh, text) == 0)
                        return true;
                for (size_t j = 0; j < terms[i].naliases_zh; j++)
                        if (strcmp(terms[i].aliases_zh[j], text) == 0)
                                return true;
        }
        return false;
}

static int read_terms(struct reader *r, json_t *root, enum policy_table table)
{
        const char *key = policy_table_name(table);
        json_t *arr = json_object_get(root, key);
        if (arr == NULL)
                return GL_OK;
        if (!json_is_array(arr))
                return fail_at(r, key, "not an array (应为数组)");
        size_t n = json_array_size(arr);
        struct policy_pack *pack = r->pack;
        if (n > 0 && (pack->terms[table] = calloc(n, sizeof(*pack->terms[table]))) == NULL)
                return no_memory(r);
        pack->nterms[table] = n;
        for (size_t i = 0; i < n; i++) {
                char p[PATH_MAX_LEN];
                join_index(p, key, i);
                struct policy_term *t = &pack->terms[table][i];
                int rc = read_term(r, json_array_get(arr, i), p, table != POLICY_TOWNSHIPS, t);
                if (rc != GL_OK)
                        return rc;
                bool dup = term_taken(pack->terms[table], i, t->code) ||
                           term_taken(pack->terms[table], i, t->name_zh);
                for (size_t j = 0; j < t->naliases_zh && !dup; j++)
                        dup = term_taken(pack->terms[table], i, t->aliases_zh[j]);
                if (dup)
                        return fail_at(r, p, "a code or name used twice (代码或名称重复): %s",
                                       t->name_zh);
        }
        return GL_OK;
}

static bool industry_code_known(const struct policy_pack *pack, const char *code)
{
        for (size_t i = 0; i < pack->nindustries; i++)
                if (strcmp(pack->industries[i].code, code) == 0)
                        return true;
        return false;
}

/* An item that must name something of kind `of` ("industry", "grade" or NULL for anything). */
static int check_item(struct reader *r, const char *of, const char *item, const char *path)
{
        if (of == NULL)
                return GL_OK;
        if (strcmp(of, "industry") == 0 && !industry_code_known(r->pack, item))
                return fail_at(r, path, "unknown industry \"%s\" (未知的行业代码)", item);
        if (strcmp(of, "grade") == 0 && !policy_grade_is_known(item))
                return fail_at(r, path, "unknown grade \"%s\" (未知的绩效等级)", item);
        return GL_OK;
}

static int read_value(struct reader *r, const struct policy_param *prm, json_t *obj,
                      const char *path, struct policy_value *v)
{
        static const char *const keys[] = {"from", "to", "value", NULL};
        int rc = want_object(r, obj, path);
        if (rc == GL_OK)
                rc = check_keys(r, obj, path, keys);
        if (rc == GL_OK)
                rc = get_date(r, obj, path, "from", true, &v->from);
        if (rc == GL_OK)
                rc = get_date(r, obj, path, "to", false, &v->to);
        if (rc == GL_OK)
                rc = check_period(r, path, "to", v->from, v->to);
        if (rc != GL_OK)
                return rc;
        char p[PATH_MAX_LEN];
        join(p, path, "value");
        json_t *x = json_object_get(obj, "value");
        if (x == NULL)
                return fail_at(r, p, "missing (缺少)");
        v->kind = prm->kind;
        switch (prm->kind) {
        case POLICY_INT:
                if (!json_is_integer(x))
                        return fail_at(r, p, "not an integer (应为整数)");
                v->integer = json_integer_value(x);
                return GL_OK;
        case POLICY_TEXT: {
                gl_date d;
                if (!json_is_string(x))
                        return fail_at(r, p, "not a string (应为字符串)");
                if (prm->is_date && date_parse_iso(json_string_value(x), &d) != GL_OK)
                        return fail_at(r, p, "not a date YYYY-MM-DD (应为日期)");
                rc = check_item(r, prm->of, json_string_value(x), p);
                if (rc == GL_OK && (v->text = strdup(json_string_value(x))) == NULL)
                        return no_memory(r);
                return rc;
        }
        case POLICY_LIST:
                if (!json_is_array(x))
                        return fail_at(r, p, "not an array (应为数组)");
                for (size_t i = 0; i < json_array_size(x); i++) {
                        char pi[PATH_MAX_LEN];
                        join_index(pi, p, i);
                        json_t *item = json_array_get(x, i);
                        if (!json_is_string(item) || json_string_length(item) == 0)
                                return fail_at(r, pi, "not a non-empty string (应为非空字符串)");
                        rc = check_item(r, prm->of, json_string_value(item), pi);
                        if (rc != GL_OK)
                                return rc;
                }
                if (prm->of != NULL && strcmp(prm->of, "grade") == 0 &&
                    strcmp(prm->name, "m1.default_ladder") == 0)
                        if ((rc = check_ladder(r, x, p)) != GL_OK)
                                return rc;
                return copy_strings(r, x, &v->list, &v->nlist);
        }
        return fail_at(r, p, "unknown kind");
}

static bool periods_overlap(const struct policy_value *a, const struct policy_value *b)
{
        bool a_before_b_ends = b->to == GL_DATE_NONE || a->from <= b->to;
        bool b_before_a_ends = a->to == GL_DATE_NONE || b->from <= a->to;
        return a_before_b_ends && b_before_a_ends;
}

static int read_kind(struct reader *r, json_t *obj, const char *path, struct policy_param *prm)
{
        char p[PATH_MAX_LEN];
        join(p, path, "kind");
        json_t *k = json_object_get(obj, "kind");
        if (k == NULL)
                return fail_at(r, p, "missing (缺少)");
        const char *kind = json_string_value(k);
        if (kind != NULL && strcmp(kind, "integer") == 0) {
                prm->kind = POLICY_INT;
        } else if (kind != NULL && strcmp(kind, "text") == 0) {
                prm->kind = POLICY_TEXT;
        } else if (kind != NULL && strcmp(kind, "date") == 0) {
                prm->kind = POLICY_TEXT;
                prm->is_date = true;
        } else if (kind != NULL && strcmp(kind, "list") == 0) {
                prm->kind = POLICY_LIST;
        } else {
                return fail_at(r, p,
                               "unknown kind \"%s\" (未知的参数类型; integer, text, date, list)",
                               kind ? kind : "?");
        }
        return GL_OK;
}

static int read_of(struct reader *r, json_t *obj, const char *path, struct policy_param *prm)
{
        char p[PATH_MAX_LEN];
        join(p, path, "of");
        int rc = get_string(r, obj, path, "of", false, false, &prm->of);
        if (rc != GL_OK)
                return rc;
        /* m1.industries names industries whatever the pack says: measure 1 relies on it. */
        if (prm->of == NULL && strcmp(prm->name, "m1.industries") == 0 &&
            (prm->of = strdup("industry")) == NULL)
                return no_memory(r);
        if (prm->of == NULL)
                return GL_OK;
        if (strcmp(prm->of, "industry") != 0 && strcmp(prm->of, "grade") != 0)
                return fail_at(r, p, "unknown \"%s\" (应为 industry 或 grade)", prm->of);
        if (prm->kind == POLICY_INT || prm->is_date)
                return fail_at(r, p, "only text and list parameters name industries or grades");
        return GL_OK;
}

static int read_param(struct reader *r, const char *name, json_t *obj, const char *path,
                      struct policy_param *prm)
{
        static const char *const keys[] = {
            "measure",        "kind",     "of",       "clause", "description_zh",
            "description_en", "label_zh", "label_en", "values", NULL};
        if ((prm->name = strdup(name)) == NULL)
                return no_memory(r);
        int rc = want_object(r, obj, path);
        if (rc == GL_OK)
                rc = check_keys(r, obj, path, keys);
        if (rc == GL_OK)
                rc = get_int(r, obj, path, "measure", 1, 999, &prm->measure);
        if (rc == GL_OK && policy_measure_find(r->pack, prm->measure) == NULL) {
                char p[PATH_MAX_LEN];
                join(p, path, "measure");
                return fail_at(r, p, "no measure %d in the pack (政策包中没有该措施)",
                               prm->measure);
        }
        if (rc == GL_OK)
                rc = read_kind(r, obj, path, prm);
        if (rc == GL_OK)
                rc = read_of(r, obj, path, prm);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "clause", true, false, &prm->clause);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "description_zh", true, false, &prm->description_zh);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "description_en", false, true, &prm->description_en);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "label_zh", false, false, &prm->label_zh);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "label_en", false, false, &prm->label_en);
        if (rc != GL_OK)
                return rc;
        char p[PATH_MAX_LEN];
        join(p, path, "values");
        json_t *values = json_object_get(obj, "values");
        if (values == NULL)
                return fail_at(r, p, "missing (缺少)");
        if (!json_is_array(values))
                return fail_at(r, p, "not an array (应为数组)");
        size_t n = json_array_size(values);
        if (n == 0)
                return fail_at(r, p, "empty (为空)");
        if ((prm->values = calloc(n, sizeof(*prm->values))) == NULL)
                return no_memory(r);
        prm->nvalues = n;
        for (size_t i = 0; i < n; i++) {
                char pi[PATH_MAX_LEN];
                join_index(pi, p, i);
                rc = read_value(r, prm, json_array_get(values, i), pi, &prm->values[i]);
                if (rc != GL_OK)
                        return rc;
                for (size_t j = 0; j < i; j++)
                        if (periods_overlap(&prm->values[j], &prm->values[i]))
                                return fail_at(r, pi,
                                               "overlaps values[%zu] (与 values[%zu] 的日期重叠)",
                                               j, j);
        }
        return GL_OK;
}

static int read_params(struct reader *r, json_t *root)
{
        json_t *obj = json_object_get(root, "parameters");
        if (obj == NULL)
                return fail_at(r, "parameters", "missing (缺少)");
        if (!json_is_object(obj))
                return fail_at(r, "parameters", "not an object (应为对象)");
        size_t n = json_object_size(obj);
        struct policy_pack *pack = r->pack;
        if (n > 0 && (pack->params = calloc(n, sizeof(*pack->params))) == NULL)
                return no_memory(r);
        size_t i = 0;
        const char *name;
        json_t *value;
        json_object_foreach(obj, name, value)
        {
                char p[PATH_MAX_LEN];
                join(p, "parameters", name);
                if (name[0] == '\0')
                        return fail_at(r, p, "empty parameter name (参数名为空)");
                pack->nparams = i + 1;
                int rc = read_param(r, name, value, p, &pack->params[i]);
                if (rc != GL_OK)
                        return rc;
                i++;
        }
        return GL_OK;
}

/* ---- procedures (core/procedure.h; docs/procedures.md) ---- */

/* A list of names at obj.key (absent: empty), each resolved by find to an index; *out is a
 * malloc'd array of the indexes. what names the kind of thing in errors. */
static int get_index_list(struct reader *r, json_t *obj, const char *path, const char *key,
                          const struct procedure *proc, bool states, size_t **out, size_t *nout)
{
        char p[PATH_MAX_LEN];
        join(p, path, key);
        json_t *arr = json_object_get(obj, key);
        *out = NULL;
        *nout = 0;
        if (arr == NULL)
                return GL_OK;
        if (!json_is_array(arr))
                return fail_at(r, p, "not an array (应为数组)");
        size_t n = json_array_size(arr);
        if (n == 0)
                return GL_OK;
        if ((*out = calloc(n, sizeof(**out))) == NULL)
                return no_memory(r);
        for (size_t i = 0; i < n; i++) {
                char pi[PATH_MAX_LEN];
                join_index(pi, p, i);
                json_t *v = json_array_get(arr, i);
                if (!json_is_string(v))
                        return fail_at(r, pi, "not a string (应为字符串)");
                const char *name = json_string_value(v);
                int found = -1;
                if (states) {
                        found = procedure_state_index(proc, name);
                } else {
                        for (size_t a = 0; a < proc->nactions && found < 0; a++)
                                if (proc->actions[a].name &&
                                    strcmp(proc->actions[a].name, name) == 0)
                                        found = (int)a;
                }
                if (found < 0)
                        return fail_at(r, pi, "unknown %s \"%s\" (未知的%s)",
                                       states ? "state" : "action", name, states ? "状态" : "操作");
                (*out)[i] = (size_t)found;
                *nout = i + 1;
        }
        return GL_OK;
}

/* A list of strings at obj.key (absent: empty). */
static int get_string_list(struct reader *r, json_t *obj, const char *path, const char *key,
                           char ***out, size_t *nout)
{
        char p[PATH_MAX_LEN];
        join(p, path, key);
        json_t *arr = json_object_get(obj, key);
        if (arr == NULL)
                return GL_OK;
        if (!json_is_array(arr))
                return fail_at(r, p, "not an array (应为数组)");
        for (size_t i = 0; i < json_array_size(arr); i++) {
                json_t *v = json_array_get(arr, i);
                if (!json_is_string(v) || json_string_length(v) == 0) {
                        char pi[PATH_MAX_LEN];
                        join_index(pi, p, i);
                        return fail_at(r, pi, "not a name (应为名称)");
                }
        }
        return copy_strings(r, arr, out, nout);
}

/* Role names ("system" for the system actor) into a role set. */
static int get_roles(struct reader *r, json_t *obj, const char *path, const char *key,
                     bool required, unsigned *out)
{
        char p[PATH_MAX_LEN];
        join(p, path, key);
        json_t *arr = json_object_get(obj, key);
        *out = 0;
        if (arr == NULL)
                return required ? fail_at(r, p, "missing (缺少)") : GL_OK;
        if (!json_is_array(arr) || (required && json_array_size(arr) == 0))
                return fail_at(r, p, "not a list of roles (应为角色列表)");
        for (size_t i = 0; i < json_array_size(arr); i++) {
                char pi[PATH_MAX_LEN];
                join_index(pi, p, i);
                const char *name = json_string_value(json_array_get(arr, i));
                enum role role =
                    name && strcmp(name, "system") == 0 ? ROLE_SYSTEM : role_from_name(name);
                if (role == ROLE_NONE)
                        return fail_at(r, pi, "unknown role \"%s\" (未知的角色)", name ? name : "");
                *out |= PROCEDURE_ROLE_BIT(role);
        }
        return GL_OK;
}

static int get_bool(struct reader *r, json_t *obj, const char *path, const char *key, bool *out)
{
        json_t *v = json_object_get(obj, key);
        *out = false;
        if (v == NULL)
                return GL_OK;
        if (!json_is_boolean(v)) {
                char p[PATH_MAX_LEN];
                join(p, path, key);
                return fail_at(r, p, "not true or false (应为布尔值)");
        }
        *out = json_is_true(v);
        return GL_OK;
}

/* A parameter the procedure names must exist and be an integer. */
static int check_int_param(struct reader *r, const char *path, const char *name)
{
        const struct policy_param *prm = policy_param_find(r->pack, name);
        if (prm == NULL)
                return fail_at(r, path, "unknown parameter \"%s\" (未知的参数)", name);
        if (prm->kind != POLICY_INT)
                return fail_at(r, path, "parameter \"%s\" is not an integer (参数应为整数)", name);
        return GL_OK;
}

static int read_state(struct reader *r, json_t *obj, const char *path, struct procedure *proc,
                      size_t i)
{
        static const char *const keys[] = {"name", "label_zh", "label_en", "open", NULL};
        struct procedure_state *st = &proc->states[i];
        int rc = want_object(r, obj, path);
        if (rc == GL_OK)
                rc = check_keys(r, obj, path, keys);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "name", true, false, &st->name);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "label_zh", true, false, &st->label_zh);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "label_en", false, false, &st->label_en);
        if (rc == GL_OK)
                rc = get_bool(r, obj, path, "open", &st->open);
        if (rc != GL_OK)
                return rc;
        char p[PATH_MAX_LEN];
        join(p, path, "name");
        if (!is_code(st->name) || strcmp(st->name, "none") == 0)
                return fail_at(r, p, "not a state name: a-z, 0-9, _ and not \"none\" (状态名无效)");
        for (size_t j = 0; j < i; j++)
                if (strcmp(proc->states[j].name, st->name) == 0)
                        return fail_at(r, p, "duplicate state \"%s\" (状态重复)", st->name);
        return GL_OK;
}

static int read_material(struct reader *r, json_t *obj, const char *path,
                         struct procedure_material *m)
{
        static const char *const keys[] = {"name",    "label_en", "note_zh",
                                           "note_en", "required", NULL};
        int rc = want_object(r, obj, path);
        if (rc == GL_OK)
                rc = check_keys(r, obj, path, keys);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "name", true, false, &m->name);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "label_en", false, false, &m->label_en);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "note_zh", false, false, &m->note_zh);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "note_en", false, false, &m->note_en);
        if (rc == GL_OK)
                rc = get_bool(r, obj, path, "required", &m->required);
        if (rc == GL_OK && strlen(m->name) > 127) {
                char p[PATH_MAX_LEN];
                join(p, path, "name");
                rc = fail_at(r, p, "at most 127 bytes, as a document's name (材料名称过长)");
        }
        return rc;
}

/* The options of a choice field: a non-empty array of {value, label_zh, label_en?}, the values
 * codes and distinct. */
static int read_options(struct reader *r, json_t *list, const char *path, struct procedure_field *f)
{
        static const char *const keys[] = {"value", "label_zh", "label_en", NULL};
        char p[PATH_MAX_LEN];
        join(p, path, "options");
        size_t n = json_is_array(list) ? json_array_size(list) : 0;
        if (n == 0)
                return fail_at(r, p, "a non-empty array of options (选项不能为空)");
        if ((f->options = calloc(n, sizeof(*f->options))) == NULL)
                return fail_at(r, p, "out of memory");
        int rc = GL_OK;
        for (size_t k = 0; k < n && rc == GL_OK; k++) {
                char pk[PATH_MAX_LEN];
                join_index(pk, p, k);
                json_t *o = json_array_get(list, k);
                struct procedure_option *opt = &f->options[k];
                f->noptions = k + 1;
                rc = want_object(r, o, pk);
                if (rc == GL_OK)
                        rc = check_keys(r, o, pk, keys);
                if (rc == GL_OK)
                        rc = get_string(r, o, pk, "value", true, false, &opt->value);
                if (rc == GL_OK)
                        rc = get_string(r, o, pk, "label_zh", true, false, &opt->label_zh);
                if (rc == GL_OK)
                        rc = get_string(r, o, pk, "label_en", false, false, &opt->label_en);
                if (rc == GL_OK && !is_code(opt->value)) {
                        char pv[PATH_MAX_LEN];
                        join(pv, pk, "value");
                        rc = fail_at(r, pv, "not a code: a-z, 0-9, _ (选项值无效)");
                }
                for (size_t j = 0; rc == GL_OK && j < k; j++)
                        if (strcmp(f->options[j].value, opt->value) == 0) {
                                char pv[PATH_MAX_LEN];
                                join(pv, pk, "value");
                                rc =
                                    fail_at(r, pv, "\"%s\" is listed twice (选项重复)", opt->value);
                        }
        }
        return rc;
}

static int read_field(struct reader *r, json_t *obj, const char *path, struct procedure_field *f)
{
        static const char *const keys[] = {"name",     "label_zh", "label_en", "type",
                                           "required", "sealed",   "options",  NULL};
        static const char *const types[] = {"text",  "date",    "integer", "year",
                                            "grade", "boolean", "choice",  NULL};
        int rc = want_object(r, obj, path);
        char *type = NULL;
        if (rc == GL_OK)
                rc = check_keys(r, obj, path, keys);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "name", true, false, &f->name);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "label_zh", true, false, &f->label_zh);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "label_en", false, false, &f->label_en);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "type", false, false, &type);
        if (rc == GL_OK)
                rc = get_bool(r, obj, path, "required", &f->required);
        if (rc == GL_OK)
                rc = get_bool(r, obj, path, "sealed", &f->sealed);
        if (rc == GL_OK && !is_code(f->name)) {
                char p[PATH_MAX_LEN];
                join(p, path, "name");
                rc = fail_at(r, p, "not a field name: a-z, 0-9, _ (字段名无效)");
        }
        f->type = PROCEDURE_FIELD_TEXT;
        if (rc == GL_OK && type) {
                int k = 0;
                for (; types[k] && strcmp(types[k], type) != 0; k++)
                        ;
                if (types[k] == NULL) {
                        char p[PATH_MAX_LEN];
                        join(p, path, "type");
                        rc = fail_at(r, p,
                                     "one of text, date, integer, year, grade, boolean, choice "
                                     "(类型无效)");
                } else {
                        f->type = (enum procedure_field_type)k;
                }
        }
        free(type);
        if (rc == GL_OK && f->sealed && f->type != PROCEDURE_FIELD_TEXT) {
                char p[PATH_MAX_LEN];
                join(p, path, "sealed");
                rc = fail_at(r, p, "only a text field is sealed (仅文本字段可封存)");
        }
        json_t *options = json_object_get(obj, "options");
        if (rc == GL_OK && (options != NULL) != (f->type == PROCEDURE_FIELD_CHOICE)) {
                char p[PATH_MAX_LEN];
                join(p, path, "options");
                rc = fail_at(r, p,
                             options ? "only a choice field has options (仅选择字段有选项)"
                                     : "a choice field needs its options (选择字段须列出选项)");
        }
        if (rc == GL_OK && options)
                rc = read_options(r, options, path, f);
        return rc;
}

/* The first pass over an action: what does not refer to other actions. */
static int read_action(struct reader *r, json_t *obj, const char *path, struct procedure *proc,
                       size_t i)
{
        static const char *const keys[] = {"name",
                                           "label_zh",
                                           "label_en",
                                           "opens",
                                           "from",
                                           "to",
                                           "join",
                                           "once",
                                           "roles",
                                           "reason",
                                           "reason_label_zh",
                                           "reason_label_en",
                                           "fields",
                                           "documents",
                                           "materials",
                                           "enabled_by",
                                           "within",
                                           "after",
                                           "guards",
                                           "effects",
                                           NULL};
        struct procedure_action *a = &proc->actions[i];
        int rc = want_object(r, obj, path);
        if (rc == GL_OK)
                rc = check_keys(r, obj, path, keys);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "name", true, false, &a->name);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "label_zh", true, false, &a->label_zh);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "label_en", false, false, &a->label_en);
        if (rc == GL_OK)
                rc = get_bool(r, obj, path, "opens", &a->opens);
        if (rc == GL_OK)
                rc = get_bool(r, obj, path, "once", &a->once);
        if (rc == GL_OK)
                rc = get_roles(r, obj, path, "roles", true, &a->roles);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "reason_label_zh", false, false, &a->reason_label_zh);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "reason_label_en", false, false, &a->reason_label_en);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "enabled_by", false, false, &a->enabled_by);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "within", false, false, &a->within);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "after", false, false, &a->after);
        if (rc == GL_OK)
                rc = get_string_list(r, obj, path, "guards", &a->guards, &a->nguards);
        if (rc == GL_OK)
                rc = get_string_list(r, obj, path, "effects", &a->effects, &a->neffects);
        if (rc == GL_OK)
                rc = get_index_list(r, obj, path, "from", proc, true, &a->from, &a->nfrom);
        if (rc != GL_OK)
                return rc;
        char p[PATH_MAX_LEN];
        join(p, path, "name");
        if (!is_code(a->name))
                return fail_at(r, p, "not an action name: a-z, 0-9, _ (操作名无效)");
        for (size_t j = 0; j < i; j++)
                if (strcmp(proc->actions[j].name, a->name) == 0)
                        return fail_at(r, p, "duplicate action \"%s\" (操作重复)", a->name);
        join(p, path, "from");
        if (a->opens && a->nfrom > 0)
                return fail_at(r, p,
                               "an action that opens a case starts from no state "
                               "(开启案件的操作没有起始状态)");
        if (!a->opens && a->nfrom == 0)
                return fail_at(r, p, "missing (缺少)");
        char *to = NULL;
        rc = get_string(r, obj, path, "to", true, false, &to);
        if (rc != GL_OK)
                return rc;
        int ti = procedure_state_index(proc, to);
        join(p, path, "to");
        if (ti < 0) {
                rc = fail_at(r, p, "unknown state \"%s\" (未知的状态)", to);
                free(to);
                return rc;
        }
        free(to);
        a->to = (size_t)ti;
        char *reason = NULL;
        rc = get_string(r, obj, path, "reason", false, false, &reason);
        if (rc != GL_OK)
                return rc;
        a->reason = PROCEDURE_REASON_NONE;
        if (reason && strcmp(reason, "required") == 0)
                a->reason = PROCEDURE_REASON_REQUIRED;
        else if (reason && strcmp(reason, "optional") == 0)
                a->reason = PROCEDURE_REASON_OPTIONAL;
        else if (reason && strcmp(reason, "none") != 0) {
                join(p, path, "reason");
                rc = fail_at(r, p,
                             "one of none, optional, required (应为 none、optional 或 "
                             "required)");
        }
        free(reason);
        if (rc != GL_OK)
                return rc;
        if (a->enabled_by) {
                join(p, path, "enabled_by");
                if ((rc = check_int_param(r, p, a->enabled_by)) != GL_OK)
                        return rc;
        }
        json_t *docs = json_object_get(obj, "documents");
        if (docs) {
                join(p, path, "documents");
                if (!json_is_integer(docs) || json_integer_value(docs) < 0 ||
                    json_integer_value(docs) > 32)
                        return fail_at(r, p, "the least number of documents, 0..32 (材料份数)");
                a->documents = true;
                a->documents_min = (int)json_integer_value(docs);
        }
        json_t *materials = json_object_get(obj, "materials");
        if (materials) {
                join(p, path, "materials");
                if (!json_is_array(materials) || json_array_size(materials) == 0 ||
                    json_array_size(materials) > 32)
                        return fail_at(r, p, "an array of 1..32 materials (应为材料数组)");
                if (!a->documents)
                        return fail_at(r, p,
                                       "materials without documents (列出材料须同时声明 "
                                       "documents)");
                size_t n = json_array_size(materials);
                if ((a->materials = calloc(n, sizeof(*a->materials))) == NULL)
                        return no_memory(r);
                for (size_t k = 0; k < n; k++) {
                        char pk[PATH_MAX_LEN];
                        join_index(pk, p, k);
                        a->nmaterials = k + 1;
                        rc = read_material(r, json_array_get(materials, k), pk, &a->materials[k]);
                        if (rc != GL_OK)
                                return rc;
                        for (size_t j = 0; j < k; j++)
                                if (strcmp(a->materials[j].name, a->materials[k].name) == 0) {
                                        char pn[PATH_MAX_LEN];
                                        join(pn, pk, "name");
                                        return fail_at(r, pn,
                                                       "a second material of this name "
                                                       "(材料名称重复)");
                                }
                }
        }
        json_t *fields = json_object_get(obj, "fields");
        if (fields) {
                join(p, path, "fields");
                if (!json_is_array(fields))
                        return fail_at(r, p, "not an array (应为数组)");
                size_t n = json_array_size(fields);
                if (n > 0 && (a->fields = calloc(n, sizeof(*a->fields))) == NULL)
                        return no_memory(r);
                for (size_t k = 0; k < n; k++) {
                        char pk[PATH_MAX_LEN];
                        join_index(pk, p, k);
                        a->nfields = k + 1;
                        rc = read_field(r, json_array_get(fields, k), pk, &a->fields[k]);
                        if (rc != GL_OK)
                                return rc;
                }
        }
        return GL_OK;
}

static int read_deadline(struct reader *r, json_t *obj, const char *path, struct procedure *proc,
                         size_t i)
{
        static const char *const keys[] = {
            "kind",      "label_zh",      "label_en", "rule",        "param",
            "length",    "starts_on",     "stops_on", "suspends_on", "resumes_on",
            "on_expiry", "expiry_action", NULL};
        struct procedure_deadline *d = &proc->deadlines[i];
        char *rule = NULL;
        int rc = want_object(r, obj, path);
        if (rc == GL_OK)
                rc = check_keys(r, obj, path, keys);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "kind", true, false, &d->kind);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "label_zh", true, false, &d->label_zh);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "label_en", false, false, &d->label_en);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "rule", true, false, &rule);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "param", false, false, &d->param);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "length", false, false, &d->length_hook);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "on_expiry", true, false, &d->on_expiry_label);
        if (rc == GL_OK)
                rc =
                    get_string(r, obj, path, "expiry_action", false, false, &d->expiry_action_name);
        if (rc == GL_OK)
                rc = get_index_list(r, obj, path, "starts_on", proc, false, &d->starts_on,
                                    &d->nstarts_on);
        if (rc == GL_OK)
                rc = get_index_list(r, obj, path, "stops_on", proc, false, &d->stops_on,
                                    &d->nstops_on);
        if (rc == GL_OK)
                rc = get_index_list(r, obj, path, "suspends_on", proc, false, &d->suspends_on,
                                    &d->nsuspends_on);
        if (rc == GL_OK)
                rc = get_index_list(r, obj, path, "resumes_on", proc, false, &d->resumes_on,
                                    &d->nresumes_on);
        char p[PATH_MAX_LEN];
        if (rc == GL_OK) {
                join(p, path, "rule");
                if (!procedure_rule_from_name(rule, &d->rule))
                        rc = fail_at(r, p,
                                     "one of working_days, months, days (应为 working_days、"
                                     "months 或 days)");
        }
        free(rule);
        if (rc != GL_OK)
                return rc;
        join(p, path, "kind");
        if (!is_code(d->kind))
                return fail_at(r, p, "not a deadline kind: a-z, 0-9, _ (期限类型无效)");
        for (size_t j = 0; j < i; j++)
                if (strcmp(proc->deadlines[j].kind, d->kind) == 0)
                        return fail_at(r, p, "duplicate deadline \"%s\" (期限重复)", d->kind);
        if ((d->param == NULL) == (d->length_hook == NULL)) {
                join(p, path, "param");
                return fail_at(r, p,
                               "exactly one of param and length (期限长度须由参数或命名"
                               "函数给出其一)");
        }
        if (d->param) {
                join(p, path, "param");
                if ((rc = check_int_param(r, p, d->param)) != GL_OK)
                        return rc;
        }
        join(p, path, "starts_on");
        if (d->nstarts_on == 0)
                return fail_at(r, p, "missing (缺少)");
        join(p, path, "on_expiry");
        if (strcmp(d->on_expiry_label, "escalate") == 0) {
                d->on_expiry = PROCEDURE_EXPIRY_ESCALATE;
                if (d->expiry_action_name) {
                        join(p, path, "expiry_action");
                        return fail_at(r, p,
                                       "an escalating deadline takes no action (逐级提醒的"
                                       "期限不执行操作)");
                }
                return GL_OK;
        }
        if (strcmp(d->on_expiry_label, "revert") != 0 &&
            strcmp(d->on_expiry_label, "expire") != 0 && strcmp(d->on_expiry_label, "close") != 0)
                return fail_at(r, p, "one of escalate, revert, expire, close (到期处理方式无效)");
        d->on_expiry = PROCEDURE_EXPIRY_ACTION;
        join(p, path, "expiry_action");
        if (d->expiry_action_name == NULL)
                return fail_at(r, p, "missing: the action the sweep takes (缺少到期操作)");
        const struct procedure_action *a = procedure_action_find(proc, d->expiry_action_name);
        if (a == NULL)
                return fail_at(r, p, "unknown action \"%s\" (未知的操作)", d->expiry_action_name);
        if ((a->roles & PROCEDURE_ROLE_BIT(ROLE_SYSTEM)) == 0)
                return fail_at(r, p, "action \"%s\" is not taken by system (该操作须允许 system)",
                               a->name);
        d->expiry_action = (size_t)(a - proc->actions);
        return GL_OK;
}

/* The second pass over an action: joins and deadline names. */
static int link_action(struct reader *r, json_t *obj, const char *path, struct procedure *proc,
                       size_t i)
{
        struct procedure_action *a = &proc->actions[i];
        int rc = get_index_list(r, obj, path, "join", proc, false, &a->join, &a->njoin);
        if (rc != GL_OK)
                return rc;
        char p[PATH_MAX_LEN];
        if (a->njoin > 0) {
                bool self = false;
                for (size_t k = 0; k < a->njoin; k++)
                        self = self || a->join[k] == i;
                join(p, path, "join");
                if (!self)
                        return fail_at(r, p, "must name the action itself (须包含本操作)");
        }
        const char *kinds[2] = {a->within, a->after};
        const char *keys[2] = {"within", "after"};
        for (int k = 0; k < 2; k++) {
                if (kinds[k] && procedure_deadline_find(proc, kinds[k]) == NULL) {
                        join(p, path, keys[k]);
                        return fail_at(r, p, "unknown deadline \"%s\" (未知的期限)", kinds[k]);
                }
        }
        return GL_OK;
}

/* An array at obj.key of n objects read by fn into (proc, i). */
static int read_each(struct reader *r, json_t *obj, const char *path, const char *key,
                     bool required, struct procedure *proc, size_t *count, size_t size,
                     void **items,
                     int (*fn)(struct reader *, json_t *, const char *, struct procedure *, size_t))
{
        char p[PATH_MAX_LEN];
        join(p, path, key);
        json_t *arr = json_object_get(obj, key);
        if (arr == NULL)
                return required ? fail_at(r, p, "missing (缺少)") : GL_OK;
        if (!json_is_array(arr) || (required && json_array_size(arr) == 0))
                return fail_at(r, p, "not a non-empty array (应为非空数组)");
        size_t n = json_array_size(arr);
        if (n > 0 && (*items = calloc(n, size)) == NULL)
                return no_memory(r);
        for (size_t i = 0; i < n; i++) {
                char pi[PATH_MAX_LEN];
                join_index(pi, p, i);
                *count = i + 1;
                int rc = fn(r, json_array_get(arr, i), pi, proc, i);
                if (rc != GL_OK)
                        return rc;
        }
        return GL_OK;
}

static int read_procedure(struct reader *r, const char *name, json_t *obj, const char *path,
                          struct procedure *proc)
{
        static const char *const keys[] = {"measure",     "label_zh",  "label_en",  "noun_zh",
                                           "compartment", "closed_to", "readers",   "departments",
                                           "states",      "actions",   "deadlines", NULL};
        int rc = want_object(r, obj, path);
        if (rc == GL_OK)
                rc = check_keys(r, obj, path, keys);
        if (rc != GL_OK)
                return rc;
        if ((proc->name = strdup(name)) == NULL)
                return no_memory(r);
        rc = get_int(r, obj, path, "measure", 0, 99, &proc->measure);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "label_zh", true, false, &proc->label_zh);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "label_en", false, true, &proc->label_en);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "noun_zh", false, false, &proc->noun_zh);
        if (rc == GL_OK && proc->noun_zh == NULL && (proc->noun_zh = strdup("案件")) == NULL)
                rc = no_memory(r);
        if (rc == GL_OK)
                rc = get_string(r, obj, path, "compartment", false, false, &proc->compartment);
        if (rc == GL_OK)
                rc = get_roles(r, obj, path, "closed_to", false, &proc->closed_to);
        if (rc == GL_OK)
                rc = get_roles(r, obj, path, "readers", false, &proc->readers);
        if (rc == GL_OK)
                rc = get_string_list(r, obj, path, "departments", &proc->departments,
                                     &proc->ndepartments);
        for (size_t i = 0; rc == GL_OK && i < proc->ndepartments; i++)
                if (policy_term_find(r->pack, POLICY_DEPARTMENTS, proc->departments[i]) == NULL ||
                    strcmp(
                        policy_term_find(r->pack, POLICY_DEPARTMENTS, proc->departments[i])->code,
                        proc->departments[i]) != 0) {
                        char p[PATH_MAX_LEN], pi[PATH_MAX_LEN];
                        join(p, path, "departments");
                        join_index(pi, p, i);
                        return fail_at(r, pi, "unknown department \"%s\" (未知的部门代码)",
                                       proc->departments[i]);
                }
        if (rc == GL_OK && proc->closed_to && proc->compartment == NULL) {
                char p[PATH_MAX_LEN];
                join(p, path, "closed_to");
                return fail_at(r, p, "only with a compartment (须与 compartment 同用)");
        }
        if (rc == GL_OK)
                rc = read_each(r, obj, path, "states", true, proc, &proc->nstates,
                               sizeof(*proc->states), (void **)&proc->states, read_state);
        /* Actions first without the names of deadlines and other actions, then deadlines,
         * then what refers to them. */
        if (rc == GL_OK)
                rc = read_each(r, obj, path, "actions", true, proc, &proc->nactions,
                               sizeof(*proc->actions), (void **)&proc->actions, read_action);
        if (rc == GL_OK)
                rc = read_each(r, obj, path, "deadlines", false, proc, &proc->ndeadlines,
                               sizeof(*proc->deadlines), (void **)&proc->deadlines, read_deadline);
        if (rc != GL_OK)
                return rc;
        char p[PATH_MAX_LEN];
        join(p, path, "actions");
        json_t *arr = json_object_get(obj, "actions");
        bool opens = false;
        for (size_t i = 0; i < proc->nactions && rc == GL_OK; i++) {
                char pi[PATH_MAX_LEN];
                join_index(pi, p, i);
                rc = link_action(r, json_array_get(arr, i), pi, proc, i);
                opens = opens || proc->actions[i].opens;
        }
        if (rc == GL_OK && !opens)
                return fail_at(r, p, "no action opens a case (没有开启案件的操作)");
        return rc;
}

static int read_procedures(struct reader *r, json_t *root)
{
        json_t *obj = json_object_get(root, "procedures");
        if (obj == NULL)
                return GL_OK;
        if (!json_is_object(obj))
                return fail_at(r, "procedures", "not an object (应为对象)");
        size_t n = json_object_size(obj);
        struct policy_pack *pack = r->pack;
        if (n > 0 && (pack->procedures = calloc(n, sizeof(*pack->procedures))) == NULL)
                return no_memory(r);
        size_t i = 0;
        const char *name;
        json_t *value;
        json_object_foreach(obj, name, value)
        {
                char p[PATH_MAX_LEN];
                join(p, "procedures", name);
                if (name[0] == '\0' || strlen(name) > 63)
                        return fail_at(r, p, "empty or too long a procedure name (程序名无效)");
                pack->nprocedures = i + 1;
                int rc = read_procedure(r, name, value, p, &pack->procedures[i]);
                if (rc != GL_OK)
                        return rc;
                i++;
        }
        return GL_OK;
}

static bool is_division(const char *s)
{
        size_t n = 0;
        for (; s[n]; n++)
                if (s[n] < '0' || s[n] > '9')
                        return false;
        return n == 6;
}

static int read_pack(struct reader *r, json_t *root)
{
        static const char *const keys[] = {"id",
                                           "version",
                                           "division",
                                           "title_zh",
                                           "title_en",
                                           "issuer_zh",
                                           "issuer_en",
                                           "measures",
                                           "industries",
                                           "departments",
                                           "site_categories",
                                           "townships",
                                           "inspection_reasons",
                                           "parameters",
                                           "procedures",
                                           "project_categories",
                                           NULL};
        struct policy_pack *pack = r->pack;
        if (!json_is_object(root))
                return fail_at(r, "(root)", "not an object (应为对象)");
        int rc = check_keys(r, root, "", keys);
        if (rc == GL_OK)
                rc = get_string(r, root, "", "id", true, false, &pack->id);
        if (rc == GL_OK)
                rc = get_int(r, root, "", "version", 1, 1000000, &pack->version);
        if (rc == GL_OK)
                rc = get_string(r, root, "", "division", true, false, &pack->division);
        if (rc == GL_OK && !is_division(pack->division))
                return fail_at(r, "division", "not a 6-digit division code (应为6位行政区划代码)");
        if (rc == GL_OK)
                rc = get_string(r, root, "", "title_zh", true, false, &pack->title_zh);
        if (rc == GL_OK)
                rc = get_string(r, root, "", "title_en", false, true, &pack->title_en);
        if (rc == GL_OK)
                rc = get_string(r, root, "", "issuer_zh", true, false, &pack->issuer_zh);
        if (rc == GL_OK)
                rc = get_string(r, root, "", "issuer_en", false, true, &pack->issuer_en);
        if (rc == GL_OK)
                rc = read_measures(r, root);
        if (rc == GL_OK)
                rc = read_industries(r, root);
        for (int t = 0; t < POLICY_TABLES_ && rc == GL_OK; t++)
                rc = read_terms(r, root, (enum policy_table)t);
        if (rc == GL_OK)
                rc = read_params(r, root);
        if (rc == GL_OK)
                rc = read_procedures(r, root);
        return rc;
}

int policy_pack_parse_json(const char *text, size_t len, const char *source,
                           struct policy_pack **out, struct gl_error *err)
{
        struct reader r = {.source = source ? source : "policy pack", .err = err};
        json_error_t jerr;
        json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
        if (root == NULL)
                return gl_fail(err, GL_EINVAL, "", "%s:%d:%d: not valid JSON (JSON 格式错误): %s",
                               r.source, jerr.line, jerr.column, jerr.text);
        if ((r.pack = calloc(1, sizeof(*r.pack))) == NULL) {
                json_decref(root);
                return no_memory(&r);
        }
        int rc = read_pack(&r, root);
        json_decref(root);
        if (rc != GL_OK) {
                policy_pack_free(r.pack);
                return rc;
        }
        *out = r.pack;
        return GL_OK;
}

int policy_pack_load_default(struct policy_pack **out, struct gl_error *err)
{
        const struct embedded_file *f = embedded_find(embedded_policies, POLICY_DEFAULT_PACK);
        if (f == NULL)
                return gl_fail(err, GL_ENOTFOUND, "", "程序未内置政策包 (no built-in pack) %s",
                               POLICY_DEFAULT_PACK);
        return policy_pack_parse_json(f->data, f->size, f->name, out, err);
}

int policy_pack_load_file(const char *path, struct policy_pack **out, struct gl_error *err)
{
        char *buf = NULL;
        FILE *f = fopen(path, "rb");
        if (f == NULL)
                goto io_fail;
        if (fseek(f, 0, SEEK_END) != 0)
                goto io_fail;
        long size = ftell(f);
        if (size < 0 || fseek(f, 0, SEEK_SET) != 0)
                goto io_fail;
        if (size > PACK_FILE_MAX) {
                fclose(f);
                return gl_fail(err, GL_ELIMIT, "", "%s: 文件过大 (file too large, over %ld bytes)",
                               path, PACK_FILE_MAX);
        }
        if ((buf = malloc((size_t)size + 1)) == NULL) {
                fclose(f);
                return gl_fail(err, GL_ENOMEM, "", "%s: out of memory", path);
        }
        if (fread(buf, 1, (size_t)size, f) != (size_t)size)
                goto io_fail;
        fclose(f);
        buf[size] = '\0';
        int rc = policy_pack_parse_json(buf, (size_t)size, path, out, err);
        free(buf);
        return rc;
io_fail:;
        int saved = errno;
        if (f != NULL)
                fclose(f);
        free(buf);
        return gl_fail(err, GL_EIO, "", "%s: 无法读取 (cannot read): %s", path,
                       saved ? strerror(saved) : "read error");
}

/* ---- the JSON the public reads ---- */

static json_t *date_or_null(gl_date d)
{
        char buf[11];
        return d == GL_DATE_NONE ? json_null() : json_string(date_format_iso(d, buf));
}

static json_t *contacts_json(const struct policy_measure *m)
{
        json_t *a = json_array();
        for (size_t i = 0; a && i < m->ncontacts; i++) {
                const struct policy_contact *c = &m->contacts[i];
                json_array_append_new(a, json_pack("{s:s, s:s, s:b, s:s?}", "name", c->name,
                                                   "phone", c->phone, "phone_valid", c->phone_valid,
                                                   "phone_note", c->phone_note));
        }
        return a;
}

static json_t *measure_json(const struct policy_measure *m, bool full)
{
        json_t *o = json_pack("{s:i, s:s, s:s, s:s, s:o, s:o, s:s, s:s, s:o}", "number", m->number,
                              "title_zh", m->title_zh, "title_en", m->title_en, "in_force_zh",
                              m->in_force_zh, "in_force_from", date_or_null(m->in_force_from),
                              "in_force_to", date_or_null(m->in_force_to), "responsible_zh",
                              m->responsible_zh, "responsible_en", m->responsible_en, "contacts",
                              contacts_json(m));
        if (o && full) {
                json_object_set_new(o, "content_zh", json_string(m->content_zh));
                json_object_set_new(o, "content_en", json_string(m->content_en));
                json_object_set_new(o, "who_zh", json_string(m->who_zh));
                json_object_set_new(o, "who_en", json_string(m->who_en));
                json_object_set_new(o, "procedure_zh", json_string(m->procedure_zh));
                json_object_set_new(o, "procedure_en", json_string(m->procedure_en));
        }
        return o;
}

static json_t *pack_json(const struct policy_pack *p)
{
        return json_pack("{s:s, s:i, s:s, s:s, s:s, s:s, s:s?}", "id", p->id, "version", p->version,
                         "division", p->division, "title_zh", p->title_zh, "title_en", p->title_en,
                         "issuer_zh", p->issuer_zh, "issuer_en", p->issuer_en);
}

json_t *policy_catalog_json(const struct policy_pack *pack)
{
        json_t *measures = json_array();
        for (size_t i = 0; measures && i < pack->nmeasures; i++)
                json_array_append_new(measures, measure_json(&pack->measures[i], false));
        return json_pack("{s:o, s:o}", "pack", pack_json(pack), "measures", measures);
}

json_t *policy_measure_json(const struct policy_pack *pack, const struct policy_measure *m)
{
        json_t *o = measure_json(m, true);
        if (o)
                json_object_set_new(o, "pack", pack_json(pack));
        return o;
}

static json_t *strings_json(char *const *items, size_t n)
{
        json_t *a = json_array();
        for (size_t i = 0; a && i < n; i++)
                json_array_append_new(a, json_string(items[i]));
        return a;
}

static json_t *value_json(const struct policy_value *v)
{
        json_t *value = v->kind == POLICY_INT    ? json_integer((json_int_t)v->integer)
                        : v->kind == POLICY_TEXT ? json_string(v->text ? v->text : "")
                                                 : strings_json(v->list, v->nlist);
        return json_pack("{s:o, s:o, s:o}", "from", date_or_null(v->from), "to",
                         date_or_null(v->to), "value", value);
}

static json_t *param_json(const struct policy_param *p)
{
        json_t *values = json_array();
        for (size_t i = 0; values && i < p->nvalues; i++)
                json_array_append_new(values, value_json(&p->values[i]));
        return json_pack("{s:i, s:s?, s:s?, s:s?, s:s?, s:s?, s:o}", "measure", p->measure,
                         "clause", p->clause, "description_zh", p->description_zh, "description_en",
                         p->description_en, "label_zh", p->label_zh, "label_en", p->label_en,
                         "values", values);
}

json_t *policy_reference_json(const struct policy_pack *p)
{
        json_t *industries = json_array();
        for (size_t i = 0; industries && i < p->nindustries; i++) {
                const struct policy_industry *ind = &p->industries[i];
                json_array_append_new(industries,
                                      json_pack("{s:s, s:s?, s:s?, s:o}", "code", ind->code,
                                                "name_zh", ind->name_zh, "name_en", ind->name_en,
                                                "ladder", strings_json(ind->ladder, ind->nladder)));
        }
        json_t *params = json_object();
        for (size_t i = 0; params && i < p->nparams; i++)
                json_object_set_new(params, p->params[i].name, param_json(&p->params[i]));
        json_t *o =
            json_pack("{s:{s:s, s:i, s:s, s:s?, s:s?, s:s?, s:s?}, s:o, s:o}", "pack", "id", p->id,
                      "version", p->version, "division", p->division, "title_zh", p->title_zh,
                      "title_en", p->title_en, "issuer_zh", p->issuer_zh, "issuer_en", p->issuer_en,
                      "industries", industries, "parameters", params);
        for (int t = 0; o && t < POLICY_TABLES_; t++) {
                json_t *terms = json_array();
                for (size_t i = 0; terms && i < p->nterms[t]; i++) {
                        const struct policy_term *term = &p->terms[t][i];
                        json_array_append_new(
                            terms, json_pack("{s:s, s:s, s:s, s:o}", "code", term->code, "name_zh",
                                             term->name_zh, "name_en", term->name_en, "aliases_zh",
                                             strings_json(term->aliases_zh, term->naliases_zh)));
                }
                json_object_set_new(o, policy_table_name((enum policy_table)t), terms);
        }
        return o;
}
