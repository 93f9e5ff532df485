/*
 * Lookups in a loaded policy pack (see policy.h): measures by number, industries by code or Chinese
 * name, dated parameter values on a date, grade ladders, the phone-number check the catalog applies
 * to published contacts, and the what-if override. A parameter's values never overlap (the loader
 * rejects packs where they do), so the first value whose period contains the date is the value.
 * Lists are short (tens of entries): lookups are linear scans; callers that evaluate many
 * enterprises look a parameter up once per run.
 */
#include "policy.h"

#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void value_clear(struct policy_value *v)
{
        free(v->text);
        for (size_t i = 0; i < v->nlist; i++)
                free(v->list[i]);
        free(v->list);
        v->text = NULL;
        v->list = NULL;
        v->nlist = 0;
}

static void param_clear(struct policy_param *p)
{
        free(p->name);
        free(p->clause);
        free(p->description_zh);
        free(p->description_en);
        free(p->label_zh);
        free(p->label_en);
        free(p->of);
        for (size_t i = 0; i < p->nvalues; i++)
                value_clear(&p->values[i]);
        free(p->values);
        for (size_t i = 0; i < p->npack_values; i++)
                value_clear(&p->pack_values[i]);
        free(p->pack_values);
}

static void measure_clear(struct policy_measure *m)
{
        free(m->title_zh);
        free(m->title_en);
        free(m->content_zh);
        free(m->content_en);
        free(m->who_zh);
        free(m->who_en);
        free(m->procedure_zh);
        free(m->procedure_en);
        free(m->in_force_zh);
        free(m->responsible_zh);
        free(m->responsible_en);
        for (size_t i = 0; i < m->ncontacts; i++) {
                free(m->contacts[i].name);
                free(m->contacts[i].phone);
                free(m->contacts[i].phone_note);
        }
        free(m->contacts);
}

void policy_pack_free(struct policy_pack *pack)
{
        if (pack == NULL)
                return;
        free(pack->id);
        free(pack->division);
        free(pack->title_zh);
        free(pack->title_en);
        free(pack->issuer_zh);
        free(pack->issuer_en);
        for (size_t i = 0; i < pack->nmeasures; i++)
                measure_clear(&pack->measures[i]);
        free(pack->measures);
        for (size_t i = 0; i < pack->nindustries; i++) {
                struct policy_industry *ind = &pack->industries[i];
                free(ind->code);
                free(ind->name_zh);
                free(ind->name_en);
                for (size_t j = 0; j < ind->nladder; j++)
                        free(ind->ladder[j]);
                free(ind->ladder);
        }
        free(pack->industries);
        for (size_t t = 0; t < POLICY_TABLES_; t++) {
                for (size_t i = 0; i < pack->nterms[t]; i++) {
                        struct policy_term *term = &pack->terms[t][i];
                        free(term->code);
                        free(term->name_zh);
                        free(term->name_en);
                        for (size_t j = 0; j < term->naliases_zh; j++)
                                free(term->aliases_zh[j]);
                        free(term->aliases_zh);
                }
                free(pack->terms[t]);
        }
        for (size_t i = 0; i < pack->nparams; i++)
                param_clear(&pack->params[i]);
        free(pack->params);
        for (size_t i = 0; i < pack->nprocedures; i++)
                procedure_clear(&pack->procedures[i]);
        free(pack->procedures);
        free(pack);
}

const struct policy_measure *policy_measure_find(const struct policy_pack *pack, int number)
{
        if (pack == NULL)
                return NULL;
        for (size_t i = 0; i < pack->nmeasures; i++)
                if (pack->measures[i].number == number)
                        return &pack->measures[i];
        return NULL;
}

const struct policy_industry *policy_industry_find(const struct policy_pack *pack,
                                                   const char *code_or_name)
{
        if (pack == NULL || code_or_name == NULL)
                return NULL;
        for (size_t i = 0; i < pack->nindustries; i++)
                if (strcmp(pack->industries[i].code, code_or_name) == 0)
                        return &pack->industries[i];
        for (size_t i = 0; i < pack->nindustries; i++)
                if (strcmp(pack->industries[i].name_zh, code_or_name) == 0)
                        return &pack->industries[i];
        return NULL;
}

const char *policy_table_name(enum policy_table table)
{
        static const char *const names[POLICY_TABLES_] = {
            [POLICY_DEPARTMENTS] = "departments",
            [POLICY_SITE_CATEGORIES] = "site_categories",
            [POLICY_TOWNSHIPS] = "townships",
            [POLICY_INSPECTION_REASONS] = "inspection_reasons",
            [POLICY_PROJECT_CATEGORIES] = "project_categories",
        };
        return (unsigned)table < POLICY_TABLES_ ? names[table] : "";
}

const struct policy_term *policy_term_find(const struct policy_pack *pack, enum policy_table table,
                                           const char *text)
{
        if (pack == NULL || (unsigned)table >= POLICY_TABLES_ || text == NULL || text[0] == '\0')
                return NULL;
        for (size_t i = 0; i < pack->nterms[table]; i++) {
                const struct policy_term *t = &pack->terms[table][i];
                if (strcmp(t->code, text) == 0 || strcmp(t->name_zh, text) == 0)
                        return t;
                for (size_t j = 0; j < t->naliases_zh; j++)
                        if (strcmp(t->aliases_zh[j], text) == 0)
                                return t;
        }
        return NULL;
}

const struct policy_param *policy_param_find(const struct policy_pack *pack, const char *name)
{
        if (pack == NULL || name == NULL)
                return NULL;
        for (size_t i = 0; i < pack->nparams; i++)
                if (strcmp(pack->params[i].name, name) == 0)
                        return &pack->params[i];
        return NULL;
}

static bool period_contains(gl_date from, gl_date to, gl_date on)
{
        return (from == GL_DATE_NONE || from <= on) && (to == GL_DATE_NONE || on <= to);
}

const struct policy_value *policy_param_value(const struct policy_pack *pack, const char *name,
                                              gl_date on)
{
        const struct policy_param *p = policy_param_find(pack, name);
        if (p == NULL)
                return NULL;
        for (size_t i = 0; i < p->nvalues; i++)
                if (period_contains(p->values[i].from, p->values[i].to, on))
                        return &p->values[i];
        return NULL;
}

int policy_param_int(const struct policy_pack *pack, const char *name, gl_date on, int64_t *out)
{
        const struct policy_value *v = policy_param_value(pack, name, on);
        if (v == NULL)
                return GL_ENOTFOUND;
        if (v->kind != POLICY_INT)
                return GL_EINVAL;
        *out = v->integer;
        return GL_OK;
}

int policy_param_text(const struct policy_pack *pack, const char *name, gl_date on,
                      const char **out)
{
        const struct policy_value *v = policy_param_value(pack, name, on);
        if (v == NULL)
                return GL_ENOTFOUND;
        if (v->kind != POLICY_TEXT)
                return GL_EINVAL;
        *out = v->text;
        return GL_OK;
}

int policy_param_date(const struct policy_pack *pack, const char *name, gl_date on, gl_date *out)
{
        const char *text = NULL;
        int rc = policy_param_text(pack, name, on, &text);
        if (rc != GL_OK)
                return rc;
        return date_parse_iso(text, out);
}

bool policy_param_list_has(const struct policy_pack *pack, const char *name, gl_date on,
                           const char *item)
{
        const struct policy_value *v = policy_param_value(pack, name, on);
        if (v == NULL || v->kind != POLICY_LIST || item == NULL)
                return false;
        for (size_t i = 0; i < v->nlist; i++)
                if (strcmp(v->list[i], item) == 0)
                        return true;
        return false;
}

char *policy_value_format(const struct policy_value *v, char *buf, size_t size)
{
        if (size == 0)
                return buf;
        buf[0] = '\0';
        if (v == NULL)
                return buf;
        switch (v->kind) {
        case POLICY_INT:
                snprintf(buf, size, "%" PRId64, v->integer);
                break;
        case POLICY_TEXT:
                snprintf(buf, size, "%s", v->text);
                break;
        case POLICY_LIST: {
                size_t used = 0;
                for (size_t i = 0; i < v->nlist && used < size; i++) {
                        int n = snprintf(buf + used, size - used, "%s%s", i ? "," : "", v->list[i]);
                        if (n < 0)
                                break;
                        used += (size_t)n;
                }
                break;
        }
        }
        return buf;
}

bool policy_measure_in_force(const struct policy_measure *m, gl_date on)
{
        return m != NULL && period_contains(m->in_force_from, m->in_force_to, on);
}

bool policy_grade_is_known(const char *grade)
{
        static const char *const grades[] = {"A", "B", "B-", "C", "D"};
        if (grade == NULL)
                return false;
        for (size_t i = 0; i < GL_ARRAY_LEN(grades); i++)
                if (strcmp(grades[i], grade) == 0)
                        return true;
        return false;
}

int policy_ladder_rank(const struct policy_industry *ind, const char *grade)
{
        if (ind == NULL || grade == NULL)
                return -1;
        for (size_t i = 0; i < ind->nladder; i++)
                if (strcmp(ind->ladder[i], grade) == 0)
                        return (int)i;
        return -1;
}

const char *policy_ladder_next(const struct policy_industry *ind, const char *grade)
{
        int rank = policy_ladder_rank(ind, grade);
        if (rank < 0 || (size_t)rank + 1 >= ind->nladder)
                return NULL;
        return ind->ladder[rank + 1];
}

static size_t count_digits(const char *s, size_t n)
{
        size_t d = 0;
        while (d < n && s[d] >= '0' && s[d] <= '9')
                d++;
        return d;
}

static bool fail_phone(char *note, size_t note_size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Writes the reason into note (when given) and answers false. */
static bool fail_phone(char *note, size_t note_size, const char *fmt, ...)
{
        if (note != NULL && note_size > 0) {
                va_list ap;
                va_start(ap, fmt);
                vsnprintf(note, note_size, fmt, ap);
                va_end(ap);
        }
        return false;
}

/* Area codes of three digits are 010 and 02X; every other area code has four. */
static bool area_code_is_valid(const char *s, size_t n)
{
        if (n == 3)
                return s[1] == '1' ? s[2] == '0' : s[1] == '2';
        return n == 4 && s[1] >= '3' && s[1] <= '9';
}

bool policy_phone_is_valid(const char *text, char *note, size_t note_size)
{
        static const char garbage[] = "号码有误：不是手机号或“区号-号码”形式的固定电话";
        if (note != NULL && note_size > 0)
                note[0] = '\0';
        if (text == NULL)
                return fail_phone(note, note_size, "%s", garbage);
        size_t len = strlen(text);
        const char *dash = strchr(text, '-');
        if (dash == NULL) {
                if (len == 0 || count_digits(text, len) != len || text[0] != '1')
                        return fail_phone(note, note_size, "%s", garbage);
                if (len != 11)
                        return fail_phone(note, note_size, "号码有误：手机号应为11位，此为%zu位",
                                          len);
                if (text[1] < '3' || text[1] > '9')
                        return fail_phone(note, note_size, "号码有误：手机号第二位应为3至9");
                return true;
        }
        size_t area = (size_t)(dash - text);
        const char *local = dash + 1;
        size_t nlocal = strlen(local);
        if (area == 0 || text[0] != '0' || count_digits(text, area) != area || nlocal == 0 ||
            count_digits(local, nlocal) != nlocal)
                return fail_phone(note, note_size, "%s", garbage);
        if (!area_code_is_valid(text, area))
                return fail_phone(note, note_size, "号码有误：区号应为010、02X或四位（此为%zu位）",
                                  area);
        if (nlocal < 7 || nlocal > 8)
                return fail_phone(note, note_size, "号码有误：区号后为%zu位", nlocal);
        if (local[0] == '0' || local[0] == '1')
                return fail_phone(note, note_size, "号码有误：本地号码不能以0或1开头");
        return true;
}

static char *dup_text(const char *s, size_t n)
{
        char *d = malloc(n + 1);
        if (d == NULL)
                return NULL;
        memcpy(d, s, n);
        d[n] = '\0';
        return d;
}

static bool is_space(char c)
{
        return c == ' ' || c == '\t';
}

/* Splits "a, b,c" into trimmed items; an empty item is invalid. */
static int split_list(const char *text, char ***out, size_t *nout)
{
        size_t cap = 1;
        for (const char *c = text; *c; c++)
                cap += *c == ',';
        char **items = calloc(cap, sizeof(*items));
        if (items == NULL)
                return GL_ENOMEM;
        size_t n = 0;
        const char *s = text;
        for (;;) {
                const char *end = strchr(s, ',');
                const char *stop = end ? end : s + strlen(s);
                while (s < stop && is_space(*s))
                        s++;
                const char *e = stop;
                while (e > s && is_space(e[-1]))
                        e--;
                if (e == s)
                        goto invalid;
                items[n] = dup_text(s, (size_t)(e - s));
                if (items[n] == NULL)
                        goto nomem;
                n++;
                if (end == NULL)
                        break;
                s = end + 1;
        }
        *out = items;
        *nout = n;
        return GL_OK;
invalid:
        for (size_t i = 0; i < n; i++)
                free(items[i]);
        free(items);
        return GL_EINVAL;
nomem:
        for (size_t i = 0; i < n; i++)
                free(items[i]);
        free(items);
        return GL_ENOMEM;
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

/* A grade ladder (m1.default_ladder): at least two grades, lowest first, without repeats. */
static bool is_ladder(char *const *items, size_t n)
{
        if (n < 2)
                return false;
        for (size_t i = 1; i < n; i++)
                if (grade_order(items[i]) <= grade_order(items[i - 1]))
                        return false;
        return true;
}

static bool item_fits(const struct policy_pack *pack, const char *of, const char *item)
{
        if (of == NULL)
                return true;
        if (strcmp(of, "industry") == 0) {
                for (size_t i = 0; i < pack->nindustries; i++)
                        if (strcmp(pack->industries[i].code, item) == 0)
                                return true;
                return false;
        }
        if (strcmp(of, "grade") == 0)
                return policy_grade_is_known(item);
        return false;
}

int policy_pack_override(struct policy_pack *pack, const char *name, const char *text,
                         struct gl_error *err)
{
        struct policy_param *p = (struct policy_param *)policy_param_find(pack, name);
        if (p == NULL)
                return gl_fail(err, GL_ENOTFOUND, name ? name : "",
                               "没有该参数 (no such parameter)");
        if (text == NULL)
                return gl_fail(err, GL_EINVAL, name, "缺少取值 (missing value)");
        struct policy_value v = {.from = GL_DATE_NONE, .to = GL_DATE_NONE, .kind = p->kind};
        int rc = GL_OK;
        switch (p->kind) {
        case POLICY_INT: {
                char *end;
                errno = 0;
                long long x = strtoll(text, &end, 10);
                if (errno != 0 || end == text || *end != '\0')
                        return gl_fail(err, GL_EINVAL, name, "应为整数 (not an integer): '%s'",
                                       text);
                v.integer = x;
                break;
        }
        case POLICY_TEXT: {
                gl_date d;
                if (p->is_date && date_parse_iso(text, &d) != GL_OK)
                        return gl_fail(err, GL_EINVAL, name,
                                       "应为日期 YYYY-MM-DD (not a date): '%s'", text);
                if (!item_fits(pack, p->of, text))
                        return gl_fail(err, GL_EINVAL, name, "未知的%s (unknown %s): '%s'",
                                       strcmp(p->of, "grade") == 0 ? "绩效等级" : "行业", p->of,
                                       text);
                v.text = strdup(text);
                if (v.text == NULL)
                        return gl_fail(err, GL_ENOMEM, name, "out of memory");
                break;
        }
        case POLICY_LIST:
                /* "" is the empty list, as a pack may give "value": [] */
                rc = text[0] == '\0' ? GL_OK : split_list(text, &v.list, &v.nlist);
                if (rc == GL_ENOMEM)
                        return gl_fail(err, GL_ENOMEM, name, "out of memory");
                if (rc != GL_OK)
                        return gl_fail(err, GL_EINVAL, name,
                                       "应为逗号分隔的列表，各项不能为空 (a comma-separated list "
                                       "without empty items): '%s'",
                                       text);
                for (size_t i = 0; i < v.nlist; i++) {
                        if (!item_fits(pack, p->of, v.list[i])) {
                                gl_fail(err, GL_EINVAL, name, "未知的%s (unknown %s): '%s'",
                                        strcmp(p->of, "grade") == 0 ? "绩效等级" : "行业", p->of,
                                        v.list[i]);
                                value_clear(&v);
                                return GL_EINVAL;
                        }
                }
                /* As the loader checks it (io/policy_json.c). */
                if (strcmp(name, "m1.default_ladder") == 0 && !is_ladder(v.list, v.nlist)) {
                        gl_fail(err, GL_EINVAL, name,
                                "等级阶梯应至少两级、由低到高且不重复 (a ladder: at least two "
                                "grades, lowest first, no repeats): '%s'",
                                text);
                        value_clear(&v);
                        return GL_EINVAL;
                }
                break;
        }
        struct policy_value *values = malloc(sizeof(*values));
        if (values == NULL) {
                value_clear(&v);
                return gl_fail(err, GL_ENOMEM, name, "out of memory");
        }
        *values = v;
        if (p->overridden) {
                for (size_t i = 0; i < p->nvalues; i++)
                        value_clear(&p->values[i]);
                free(p->values);
        } else {
                p->pack_values = p->values;
                p->npack_values = p->nvalues;
                p->overridden = true;
        }
        p->values = values;
        p->nvalues = 1;
        return GL_OK;
}

bool policy_param_is_overridden(const struct policy_pack *pack, const char *name)
{
        const struct policy_param *p = policy_param_find(pack, name);
        return p != NULL && p->overridden;
}

const struct policy_value *policy_param_pack_value(const struct policy_pack *pack, const char *name,
                                                   gl_date on)
{
        const struct policy_param *p = policy_param_find(pack, name);
        if (p == NULL)
                return NULL;
        if (!p->overridden)
                return policy_param_value(pack, name, on);
        for (size_t i = 0; i < p->npack_values; i++)
                if (period_contains(p->pack_values[i].from, p->pack_values[i].to, on))
                        return &p->pack_values[i];
        return NULL;
}

size_t policy_pack_overrides(const struct policy_pack *pack, const struct policy_param **out,
                             size_t max)
{
        size_t n = 0;
        for (size_t i = 0; pack != NULL && i < pack->nparams; i++) {
                if (!pack->params[i].overridden)
                        continue;
                if (n < max)
                        out[n] = &pack->params[i];
                n++;
        }
        return n;
}
