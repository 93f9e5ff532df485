/*
 * Measure 1's use cases (incentive.h). Evaluating a year loads every enterprise of the industries
 * in scope with its figures in one query, maps industry codes to the pack's industries through a
 * small hash table, and runs the engine once (twice with --diff: the what-if pack and the pack's
 * own values). Names live in one arena so that a million enterprises are a few allocations.
 * What-if overrides are applied to a freshly loaded copy of the pack, never to the running one.
 *
 * Importing official averages reads the whole file and checks every row before writing anything;
 * then one transaction writes the rows and one audit record.
 */
#include "incentive.h"

#include "../core/amount.h"
#include "../core/policy.h"
#include "../io/csv.h"
#include "../store/incentive_store.h"
#include "audit.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct incentive_set {
        int year;
        struct policy_pack *what_if; /* the pack with overrides, owned; NULL without overrides */
        const struct policy_pack *pack;
        struct incentive_subject *subjects;
        size_t n, cap;
        size_t *name_at; /* offset of each subject's name in names */
        char *names;
        size_t names_len, names_cap;
        struct incentive_official *officials;
        size_t nofficials;
        struct incentive_eval *ev;       /* with the pack used (overrides applied) */
        struct incentive_eval *baseline; /* with the pack's own values (diff), or NULL */
        size_t *visible;                 /* indices of the enterprises listed */
        size_t nvisible;
        /* industry code -> pack index, open addressing */
        const char **slot_code;
        int32_t *slot_index;
        size_t nslots;
};

/* ---- industry lookup --------------------------------------------------------------------- */

static uint64_t hash_text(const char *s)
{
        uint64_t h = 1469598103934665603ULL; /* FNV-1a */
        for (; *s; s++) {
                h ^= (unsigned char)*s;
                h *= 1099511628211ULL;
        }
        return h;
}

static int build_industry_table(struct incentive_set *set)
{
        size_t want = set->pack->nindustries * 2 + 2, n = 16;
        while (n < want)
                n *= 2;
        set->slot_code = calloc(n, sizeof(*set->slot_code));
        set->slot_index = calloc(n, sizeof(*set->slot_index));
        if (set->slot_code == NULL || set->slot_index == NULL)
                return GL_ENOMEM;
        set->nslots = n;
        for (size_t i = 0; i < set->pack->nindustries; i++) {
                const char *code = set->pack->industries[i].code;
                size_t k = hash_text(code) & (n - 1);
                while (set->slot_code[k] != NULL)
                        k = (k + 1) & (n - 1);
                set->slot_code[k] = code;
                set->slot_index[k] = (int32_t)i;
        }
        return GL_OK;
}

static int32_t industry_index(const struct incentive_set *set, const char *code)
{
        size_t k = hash_text(code) & (set->nslots - 1);
        while (set->slot_code[k] != NULL) {
                if (strcmp(set->slot_code[k], code) == 0)
                        return set->slot_index[k];
                k = (k + 1) & (set->nslots - 1);
        }
        const struct policy_industry *ind = policy_industry_find(set->pack, code);
        return ind ? (int32_t)(ind - set->pack->industries) : -1;
}

/* ---- the set ----------------------------------------------------------------------------- */

void incentive_set_free(struct incentive_set *set)
{
        if (set == NULL)
                return;
        incentive_eval_free(set->ev);
        incentive_eval_free(set->baseline);
        policy_pack_free(set->what_if);
        free(set->subjects);
        free(set->name_at);
        free(set->names);
        free(set->officials);
        free(set->visible);
        free(set->slot_code);
        free(set->slot_index);
        free(set);
}

static int add_row(const struct incentive_store_row *row, void *ctx)
{
        struct incentive_set *set = ctx;
        if (set->n == set->cap) {
                size_t ncap = set->cap ? set->cap * 2 : 1024;
                struct incentive_subject *s = realloc(set->subjects, ncap * sizeof(*s));
                if (s == NULL)
                        return GL_ENOMEM;
                set->subjects = s;
                size_t *at = realloc(set->name_at, ncap * sizeof(*at));
                if (at == NULL)
                        return GL_ENOMEM;
                set->name_at = at;
                set->cap = ncap;
        }
        size_t len = strlen(row->name) + 1;
        if (set->names_len + len > set->names_cap) {
                size_t ncap = (set->names_cap + len) * 2;
                char *p = realloc(set->names, ncap);
                if (p == NULL)
                        return GL_ENOMEM;
                set->names = p;
                set->names_cap = ncap;
        }
        memcpy(set->names + set->names_len, row->name, len);
        set->name_at[set->n] = set->names_len;
        set->names_len += len;
        struct incentive_subject *s = &set->subjects[set->n++];
        memset(s, 0, sizeof(*s));
        snprintf(s->uscc, sizeof(s->uscc), "%s", row->uscc);
        snprintf(s->grade, sizeof(s->grade), "%s", row->grade);
        s->industry = industry_index(set, row->industry);
        s->tax_fen = row->tax_fen;
        s->rd_fen = row->rd_fen;
        s->revenue_fen = row->revenue_fen;
        memcpy(s->emission_g, row->emission_g, sizeof(s->emission_g));
        return 0;
}

/* Adds the codes of the industries in scope of pack on date `on` to list (no duplicates). */
static int scope_codes(const struct policy_pack *pack, gl_date on, const char **list, size_t *n,
                       size_t max, struct gl_error *err)
{
        const struct policy_value *v = policy_param_value(pack, "m1.industries", on);
        if (v == NULL || v->kind != POLICY_LIST)
                return gl_fail(err, GL_EINVAL, "m1.industries",
                               "政策包缺少第一项措施的列表参数 m1.industries（在评价日有效）");
        for (size_t i = 0; i < v->nlist; i++) {
                const struct policy_industry *ind = policy_industry_find(pack, v->list[i]);
                if (ind == NULL)
                        continue;
                bool seen = false;
                for (size_t k = 0; k < *n; k++)
                        seen = seen || strcmp(list[k], ind->code) == 0;
                if (!seen && *n < max)
                        list[(*n)++] = ind->code;
        }
        return GL_OK;
}

static bool may_evaluate(const struct actor *actor)
{
        return actor->role != ROLE_NONE;
}

static gl_date today_by_clock(void)
{
        char now[21];
        app_now_iso(now);
        now[10] = '\0';
        gl_date d = 0;
        date_parse_iso(now, &d);
        return d;
}

/* Applies "NAME=VALUE" overrides to a fresh copy of the pack. */
static int what_if_pack(const struct incentive_options *opt, struct policy_pack **out,
                        struct gl_error *err)
{
        struct policy_pack *pack = NULL;
        int rc = app_load_policy(&pack, err);
        for (size_t i = 0; rc == GL_OK && i < opt->noverrides; i++) {
                const char *o = opt->overrides[i];
                const char *eq = strchr(o, '=');
                if (eq == NULL || eq == o) {
                        rc = gl_fail(err, GL_EINVAL, "--set",
                                     "应为 NAME=VALUE（expected NAME=VALUE）: '%s'", o);
                        break;
                }
                char name[128];
                snprintf(name, sizeof(name), "%.*s", (int)(eq - o), o);
                rc = policy_pack_override(pack, name, eq + 1, err);
        }
        if (rc != GL_OK) {
                policy_pack_free(pack);
                return rc;
        }
        *out = pack;
        return GL_OK;
}

/*
 * Loads and evaluates. extra_uscc (may be NULL) is loaded as well when it is outside the scope, so
 * that evaluate_one can say why it is not in scope.
 */
static int evaluate(struct app *app, const struct actor *actor, int year,
                    const struct incentive_options *opt, const char *extra_uscc,
                    struct incentive_set **out, struct gl_error *err)
{
        if (!may_evaluate(actor))
                return gl_fail(err, GL_EPERM, "", "无权查看激励性绩效分级 (not allowed)");
        if (year < 1990 || year > 2100)
                return gl_fail(err, GL_EINVAL, "year", "年度应在 1990 到 2100 之间 (bad year): %d",
                               year);
        struct incentive_options none = {.today = GL_DATE_NONE};
        if (opt == NULL)
                opt = &none;
        gl_date on = opt->today != GL_DATE_NONE ? opt->today : today_by_clock();
        struct incentive_set *set = calloc(1, sizeof(*set));
        if (set == NULL)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        set->year = year;
        int rc = GL_OK;
        if (opt->noverrides > 0) {
                rc = what_if_pack(opt, &set->what_if, err);
                if (rc != GL_OK)
                        goto fail;
        }
        set->pack = set->what_if ? set->what_if : app->pack;
        const char *codes[256];
        size_t ncodes = 0;
        rc = scope_codes(set->pack, on, codes, &ncodes, GL_ARRAY_LEN(codes), err);
        if (rc == GL_OK && opt->diff)
                rc = scope_codes(app->pack, on, codes, &ncodes, GL_ARRAY_LEN(codes), err);
        if (rc == GL_OK)
                rc = build_industry_table(set) == GL_OK
                         ? GL_OK
                         : gl_fail(err, GL_ENOMEM, "", "out of memory");
        if (rc != GL_OK)
                goto fail;
        rc = incentive_store_each_subject(app->db, year, codes, ncodes, NULL, add_row, set);
        if (rc == GL_OK && extra_uscc != NULL) {
                bool found = false;
                for (size_t i = 0; i < set->n && !found; i++)
                        found = strcmp(set->subjects[i].uscc, extra_uscc) == 0;
                if (!found)
                        rc = incentive_store_each_subject(app->db, year, NULL, 0, extra_uscc,
                                                          add_row, set);
        }
        if (rc == GL_OK)
                rc = incentive_store_averages_get(app->db, year, &set->officials, &set->nofficials);
        if (rc != GL_OK) {
                rc = rc == GL_ENOMEM
                         ? gl_fail(err, rc, "", "out of memory")
                         : gl_fail(err, GL_EDB, "db", "读取企业数据失败: %s", db_errmsg(app->db));
                goto fail;
        }
        rc = incentive_evaluate(set->pack, on, set->subjects, set->n, set->officials,
                                set->nofficials, &set->ev, err);
        if (rc == GL_OK && opt->diff)
                rc = incentive_evaluate(app->pack, on, set->subjects, set->n, set->officials,
                                        set->nofficials, &set->baseline, err);
        if (rc != GL_OK)
                goto fail;
        set->visible = malloc((set->n + 1) * sizeof(*set->visible));
        if (set->visible == NULL) {
                rc = gl_fail(err, GL_ENOMEM, "", "out of memory");
                goto fail;
        }
        bool own_only = actor->role == ROLE_ENTERPRISE;
        for (size_t i = 0; i < set->n; i++) {
                bool in = incentive_eval_outcome(set->ev, i)->in_scope ||
                          (set->baseline && incentive_eval_outcome(set->baseline, i)->in_scope);
                if (in && (!own_only || strcmp(set->subjects[i].uscc, actor->uscc) == 0))
                        set->visible[set->nvisible++] = i;
        }
        *out = set;
        return GL_OK;
fail:
        incentive_set_free(set);
        return rc;
}

int app_incentive_evaluate(struct app *app, const struct actor *actor, int year,
                           const struct incentive_options *opt, struct incentive_set **out,
                           struct gl_error *err)
{
        return evaluate(app, actor, year, opt, NULL, out, err);
}

size_t incentive_set_count(const struct incentive_set *set)
{
        return set->nvisible;
}

void incentive_set_result(const struct incentive_set *set, size_t i, struct incentive_result *out)
{
        size_t k = set->visible[i];
        incentive_eval_result(set->ev, k, set->year, out);
        snprintf(out->name, sizeof(out->name), "%s", set->names + set->name_at[k]);
}

enum incentive_tier incentive_set_baseline_tier(const struct incentive_set *set, size_t i)
{
        const struct incentive_eval *ev = set->baseline ? set->baseline : set->ev;
        return (enum incentive_tier)incentive_eval_outcome(ev, set->visible[i])->tier;
}

const struct incentive_params *incentive_set_params(const struct incentive_set *set)
{
        return incentive_eval_params(set->ev);
}

int app_incentive_evaluate_one_on(struct app *app, const struct actor *actor, const char *uscc,
                                  int year, gl_date today, struct incentive_result *out,
                                  struct gl_error *err)
{
        if (uscc == NULL || uscc[0] == '\0')
                return gl_fail(err, GL_EINVAL, "uscc", "缺少统一社会信用代码 (USCC missing)");
        if (actor->role == ROLE_ENTERPRISE && strcmp(actor->uscc, uscc) != 0)
                return gl_fail(err, GL_EPERM, "uscc",
                               "企业用户只能查看本企业 (an enterprise sees only itself)");
        struct incentive_options opt = {.today = today};
        struct incentive_set *set = NULL;
        int rc = evaluate(app, actor, year, &opt, uscc, &set, err);
        if (rc != GL_OK)
                return rc;
        size_t k = set->n;
        for (size_t i = 0; i < set->n; i++)
                if (strcmp(set->subjects[i].uscc, uscc) == 0)
                        k = i;
        if (k == set->n) {
                incentive_set_free(set);
                return gl_fail(err, GL_ENOTFOUND, "uscc", "没有这家企业 (no such enterprise): %s",
                               uscc);
        }
        incentive_eval_result(set->ev, k, year, out);
        snprintf(out->name, sizeof(out->name), "%s", set->names + set->name_at[k]);
        incentive_set_free(set);
        return GL_OK;
}

int app_incentive_evaluate_one(struct app *app, const struct actor *actor, const char *uscc,
                               int year, struct incentive_result *out, struct gl_error *err)
{
        return app_incentive_evaluate_one_on(app, actor, uscc, year, GL_DATE_NONE, out, err);
}

/* ---- importing official averages ---------------------------------------------------------- */

enum avg_column { COL_INDUSTRY, COL_YEAR, COL_TAX, COL_RD, COL_COUNT_ };

static const struct {
        const char *en;
        const char *zh[3];
} avg_headers[COL_COUNT_] = {
    [COL_INDUSTRY] = {"industry", {"行业", "行业代码", NULL}},
    [COL_YEAR] = {"year", {"年度", "年份", NULL}},
    [COL_TAX] = {"tax_per_tonne_yuan", {"单位污染物排放量税收贡献", "单位污染物排放量税收", NULL}},
    [COL_RD] = {"rd_share_percent", {"研发投入占营业收入比重", "研发投入占比", NULL}},
};

/* A header cell without spaces and without a unit in parentheses: "研发投入占营业收入比重（%）". */
static void header_key(const char *cell, char *out, size_t size)
{
        size_t n = 0;
        for (const char *p = cell; *p && n + 1 < size; p++) {
                if (*p == '(' || strncmp(p, "（", strlen("（")) == 0)
                        break;
                if (*p == ' ' || *p == '\t')
                        continue;
                out[n++] = *p;
        }
        out[n] = '\0';
}

static int header_column(const char *cell)
{
        char key[128];
        header_key(cell, key, sizeof(key));
        for (int c = 0; c < COL_COUNT_; c++) {
                if (strcmp(key, avg_headers[c].en) == 0)
                        return c;
                for (int k = 0; k < 3 && avg_headers[c].zh[k]; k++)
                        if (strcmp(key, avg_headers[c].zh[k]) == 0)
                                return c;
        }
        return -1;
}

struct import_state {
        const char *name; /* the file as errors name it */
        char *report;
        size_t report_len, report_cap;
        size_t nerrors;
        struct gl_error *err;
        struct incentive_official *rows;
        int *years;
        size_t nrows, cap;
};

__attribute__((format(printf, 4, 5))) static void bad(struct import_state *st, int64_t line,
                                                      const char *column, const char *fmt, ...)
{
        char reason[400];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(reason, sizeof(reason), fmt, ap);
        va_end(ap);
        char entry[600];
        int n = snprintf(entry, sizeof(entry), "%s:%lld: %s: %s\n", st->name, (long long)line,
                         column, reason);
        if (n < 0)
                return;
        if (st->nerrors++ == 0) {
                char field[64];
                snprintf(field, sizeof(field), "%.40s:%lld", st->name, (long long)line);
                gl_fail(st->err, GL_EINVAL, field, "%s: %s", column, reason);
        }
        size_t len = strlen(entry);
        if (st->report_len + len + 1 > st->report_cap) {
                size_t ncap = (st->report_cap + len + 1) * 2;
                char *p = realloc(st->report, ncap);
                if (p == NULL)
                        return;
                st->report = p;
                st->report_cap = ncap;
        }
        memcpy(st->report + st->report_len, entry, len + 1);
        st->report_len += len;
}

static const char *trimmed(char *s)
{
        while (*s == ' ' || *s == '\t')
                s++;
        size_t n = strlen(s);
        while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
                s[--n] = '\0';
        return s;
}

static void check_row(struct import_state *st, const struct policy_pack *pack,
                      const struct csv_record *rec, const int col[COL_COUNT_])
{
        const char *cell[COL_COUNT_];
        for (int c = 0; c < COL_COUNT_; c++)
                cell[c] = col[c] >= 0 && (size_t)col[c] < rec->nfields
                              ? trimmed(rec->fields[col[c]])
                              : "";
        struct incentive_official o;
        memset(&o, 0, sizeof(o));
        size_t before = st->nerrors;
        const struct policy_industry *ind = policy_industry_find(pack, cell[COL_INDUSTRY]);
        if (cell[COL_INDUSTRY][0] == '\0')
                bad(st, rec->line, "industry", "行业不能为空 (industry missing)");
        else if (ind == NULL)
                bad(st, rec->line, "industry", "政策包 %s 中没有行业 '%s' (unknown industry)",
                    pack->id, cell[COL_INDUSTRY]);
        else
                snprintf(o.industry, sizeof(o.industry), "%s", ind->code);
        char *end = NULL;
        long year = strtol(cell[COL_YEAR], &end, 10);
        if (cell[COL_YEAR][0] == '\0' || *end != '\0' || year < 1990 || year > 2100)
                bad(st, rec->line, "year", "年度应为 1990 到 2100 之间的整数 (bad year): '%s'",
                    cell[COL_YEAR]);
        struct gl_error aerr = {0};
        if (cell[COL_TAX][0] != '\0') {
                if (amount_parse(cell[COL_TAX], 6, "tax_per_tonne_yuan",
                                 &o.tax_per_tonne_micro_yuan, &aerr) != GL_OK)
                        bad(st, rec->line, "tax_per_tonne_yuan", "%s", aerr.message);
                else if (o.tax_per_tonne_micro_yuan == 0)
                        bad(st, rec->line, "tax_per_tonne_yuan",
                            "行业平均水平应大于零 (must be above zero)");
                else
                        o.has_tax_per_tonne = true;
        }
        if (cell[COL_RD][0] != '\0') {
                if (amount_parse(cell[COL_RD], 6, "rd_share_percent", &o.rd_share_micro_percent,
                                 &aerr) != GL_OK)
                        bad(st, rec->line, "rd_share_percent", "%s", aerr.message);
                else if (o.rd_share_micro_percent == 0 || o.rd_share_micro_percent > 100000000)
                        bad(st, rec->line, "rd_share_percent",
                            "比重应大于 0 且不超过 100 (must be in (0, 100])");
                else
                        o.has_rd_share = true;
        }
        if (cell[COL_TAX][0] == '\0' && cell[COL_RD][0] == '\0')
                bad(st, rec->line, "tax_per_tonne_yuan",
                    "两项平均水平至少填写一项 (give at least one average)");
        if (st->nerrors != before)
                return;
        for (size_t i = 0; i < st->nrows; i++)
                if (st->years[i] == (int)year && strcmp(st->rows[i].industry, o.industry) == 0) {
                        bad(st, rec->line, "industry",
                            "行业 %s 的 %ld 年度平均水平重复 (duplicate)", o.industry, year);
                        return;
                }
        if (st->nrows == st->cap) {
                size_t ncap = st->cap ? st->cap * 2 : 32;
                struct incentive_official *r = realloc(st->rows, ncap * sizeof(*r));
                if (r == NULL)
                        return;
                st->rows = r;
                int *y = realloc(st->years, ncap * sizeof(*y));
                if (y == NULL)
                        return;
                st->years = y;
                st->cap = ncap;
        }
        const char *base = strrchr(st->name, '/');
        snprintf(o.source, sizeof(o.source), "%.100s:%lld", base ? base + 1 : st->name,
                 (long long)rec->line);
        st->years[st->nrows] = (int)year;
        st->rows[st->nrows++] = o;
}

static bool may_import_averages(const struct actor *actor)
{
        switch (actor->role) {
        case ROLE_COUNTY_OFFICER:
        case ROLE_COUNTY_LEADER:
        case ROLE_CITY_OFFICER:
        case ROLE_TAX_OFFICER:
        case ROLE_ADMIN:
        case ROLE_SYSTEM:
                return true;
        default:
                return false;
        }
}

static int read_averages(struct import_state *st, const struct policy_pack *pack,
                         struct csv_reader *r)
{
        struct csv_record rec;
        int col[COL_COUNT_] = {-1, -1, -1, -1};
        int rc = csv_next(r, &rec, st->err);
        if (rc < 0)
                return rc;
        if (rc == 0)
                return gl_fail(st->err, GL_EINVAL, st->name, "文件为空，缺少表头 (empty file)");
        for (size_t i = 0; i < rec.nfields; i++) {
                int c = header_column(rec.fields[i]);
                if (c >= 0 && col[c] < 0)
                        col[c] = (int)i;
        }
        if (col[COL_INDUSTRY] < 0 || col[COL_YEAR] < 0 || (col[COL_TAX] < 0 && col[COL_RD] < 0))
                bad(st, rec.line, "header",
                    "表头应为 industry,year,tax_per_tonne_yuan,rd_share_percent（或 "
                    "行业,年度,单位污染物排放量税收贡献,研发投入占营业收入比重）");
        if (st->nerrors > 0)
                return GL_EINVAL;
        while ((rc = csv_next(r, &rec, st->err)) == 1)
                check_row(st, pack, &rec, col);
        if (rc < 0)
                return rc;
        return st->nerrors > 0 ? GL_EINVAL : GL_OK;
}

static char *audit_detail(const struct import_state *st, const char *digest)
{
        json_t *rows = json_array();
        for (size_t i = 0; i < st->nrows; i++) {
                const struct incentive_official *o = &st->rows[i];
                json_t *row = json_pack("{s:s, s:i}", "industry", o->industry, "year",
                                        (json_int_t)st->years[i]);
                json_object_set_new(row, "tax_per_tonne_micro_yuan",
                                    o->has_tax_per_tonne ? json_integer(o->tax_per_tonne_micro_yuan)
                                                         : json_null());
                json_object_set_new(row, "rd_share_micro_percent",
                                    o->has_rd_share ? json_integer(o->rd_share_micro_percent)
                                                    : json_null());
                json_array_append_new(rows, row);
        }
        json_t *detail =
            json_pack("{s:s, s:s, s:o}", "file", st->name, "digest", digest, "rows", rows);
        char *text = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
        json_decref(detail);
        return text;
}

int app_import_averages(struct app *app, const struct actor *actor, const char *path,
                        size_t *imported, char **report, struct gl_error *err)
{
        if (!may_import_averages(actor))
                return gl_fail(err, GL_EPERM, "", "无权导入行业平均水平 (not allowed to import)");
        struct csv_reader *r = NULL;
        struct import_state st = {.name = path, .err = err};
        char *detail = NULL;
        int rc = csv_open_file(path, NULL, CSV_ENCODING_AUTO, &r, err);
        if (rc != GL_OK)
                goto done;
        rc = read_averages(&st, app->pack, r);
        if (rc != GL_OK)
                goto done;
        detail = audit_detail(&st, csv_digest(r));
        if (detail == NULL) {
                rc = gl_fail(err, GL_ENOMEM, "", "out of memory");
                goto done;
        }
        rc = app_begin(app, err);
        if (rc != GL_OK)
                goto done;
        char now[21];
        app_now_iso(now);
        for (size_t i = 0; rc == GL_OK && i < st.nrows; i++)
                if (incentive_store_average_put(app->db, st.years[i], &st.rows[i], now) != GL_OK)
                        rc = gl_fail(err, GL_EDB, "db", "写入行业平均水平失败: %s",
                                     db_errmsg(app->db));
        if (rc == GL_OK)
                rc = audit_append(app, actor, "incentive.averages.import", "incentive_averages",
                                  csv_digest(r), detail, err);
        if (rc == GL_OK)
                rc = app_commit(app, err);
        else
                app_rollback(app);
done:
        if (rc == GL_OK && imported != NULL)
                *imported = st.nrows;
        if (report != NULL) {
                *report = st.report;
                st.report = NULL;
        }
        free(st.report);
        free(st.rows);
        free(st.years);
        free(detail);
        csv_close(r);
        return rc;
}
