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
#include "../store/enterprise_store.h"
#include "../store/incentive_store.h"
#include "enterprise.h"
#include "audit.h"
#include "scope.h"
#include "seal.h"

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
        memcpy(s->uscc, row->uscc, strnlen(row->uscc, sizeof(s->uscc) - 1));
        memcpy(s->grade, row->grade, strnlen(row->grade, sizeof(s->grade) - 1));
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

static gl_date today_by_clock(void)
{
        char now[21];
        app_now_iso(now);
        now[10] = '\0';
        gl_date d = 0;
        date_parse_iso(now, &d);
        return d;
}

/* Applies "NAME=VALUE" overrides to a fresh copy of the pack of county. */
static int what_if_pack(const struct app *app, const char *county,
                        const struct incentive_options *opt, struct policy_pack **out,
                        struct gl_error *err)
{
        struct policy_pack *pack = NULL;
        int rc = app_pack_copy_for(app, county, &pack, err);
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
                if (rc == GL_OK && !incentive_reads_param(name))
                        rc = gl_fail(err, GL_EINVAL, name,
                                     "激励性绩效分级评价不读取参数 %s，假设其值不改变结论 "
                                     "(the evaluation does not read this parameter)",
                                     name);
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
/*
 * The county whose enterprises are graded together (measure 1 ranks an enterprise among its own
 * county's): an officer's county; an enterprise user's, its enterprise's; for the city, the
 * province, an administrator of either and the system, the pack's county.
 */
static int grading_division(struct app *app, const struct actor *actor, char out[static 7],
                            struct gl_error *err)
{
        if (actor->role == ROLE_ENTERPRISE && actor->uscc[0]) {
                struct enterprise e;
                int rc = enterprise_store_get(app->db, actor->uscc, &e);
                if (rc == GL_OK) {
                        snprintf(out, 7, "%s", e.division);
                        return GL_OK;
                }
                if (rc != GL_ENOTFOUND)
                        return gl_fail(err, GL_EDB, "db", "读取企业数据失败: %s",
                                       db_errmsg(app->db));
        }
        snprintf(out, 7, "%s", app_scope_county(app, actor));
        return GL_OK;
}

static int evaluate(struct app *app, const struct actor *actor, int year,
                    const struct incentive_options *opt, const char *extra_uscc,
                    struct incentive_set **out, struct gl_error *err)
{
        int rc = app_scope_check(actor, SCOPE_FIGURES, NULL, err);
        if (rc != GL_OK)
                return rc;
        char county[7];
        if (extra_uscc == NULL && (rc = grading_division(app, actor, county, err)) != GL_OK)
                return rc;
        if (extra_uscc != NULL) {
                /* One enterprise is graded among its own county's, which must be in scope. */
                struct enterprise e;
                rc = app_enterprise_get(app, actor, extra_uscc, &e, err);
                if (rc != GL_OK)
                        return rc;
                snprintf(county, sizeof(county), "%s", e.division);
        }
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
        if (opt->noverrides > 0) {
                rc = what_if_pack(app, county, opt, &set->what_if, err);
                if (rc != GL_OK)
                        goto fail;
        }
        /* The county's own pack ($GREENLANE_PACKS), else the home pack. */
        const struct policy_pack *county_pack = app_pack_for(app, county);
        set->pack = set->what_if ? set->what_if : county_pack;
        const char *codes[256];
        size_t ncodes = 0;
        rc = scope_codes(set->pack, on, codes, &ncodes, GL_ARRAY_LEN(codes), err);
        if (rc == GL_OK && opt->diff)
                rc = scope_codes(county_pack, on, codes, &ncodes, GL_ARRAY_LEN(codes), err);
        if (rc == GL_OK)
                rc = build_industry_table(set) == GL_OK
                         ? GL_OK
                         : gl_fail(err, GL_ENOMEM, "", "out of memory");
        if (rc != GL_OK)
                goto fail;
        rc = incentive_store_each_subject(app->db, year, codes, ncodes, NULL, county, add_row, set);
        if (rc == GL_OK && extra_uscc != NULL) {
                bool found = false;
                for (size_t i = 0; i < set->n && !found; i++)
                        found = strcmp(set->subjects[i].uscc, extra_uscc) == 0;
                if (!found)
                        rc = incentive_store_each_subject(app->db, year, NULL, 0, extra_uscc,
                                                          county, add_row, set);
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
                rc = incentive_evaluate(county_pack, on, set->subjects, set->n, set->officials,
                                        set->nofficials, &set->baseline, err);
        if (rc != GL_OK)
                goto fail;
        set->visible = malloc((set->n + 1) * sizeof(*set->visible));
        if (set->visible == NULL) {
                rc = gl_fail(err, GL_ENOMEM, "", "out of memory");
                goto fail;
        }
        const char *only = app_scope_list_uscc(actor, SCOPE_FIGURES);
        for (size_t i = 0; i < set->n; i++) {
                bool in = incentive_eval_outcome(set->ev, i)->in_scope ||
                          (set->baseline && incentive_eval_outcome(set->baseline, i)->in_scope);
                if (in && (only == NULL || strcmp(set->subjects[i].uscc, only) == 0))
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

size_t incentive_set_count_with_figures(const struct incentive_set *set)
{
        size_t n = 0;
        for (size_t i = 0; i < set->nvisible; i++) {
                const struct incentive_subject *s = &set->subjects[set->visible[i]];
                bool any = s->tax_fen != GL_AMOUNT_NONE || s->rd_fen != GL_AMOUNT_NONE ||
                           s->revenue_fen != GL_AMOUNT_NONE;
                for (int p = 0; p < POLLUTANT_COUNT_ && !any; p++)
                        any = s->emission_g[p] != GL_AMOUNT_NONE;
                n += any;
        }
        return n;
}

void incentive_set_result(const struct incentive_set *set, size_t i, struct incentive_result *out)
{
        size_t k = set->visible[i];
        incentive_eval_result(set->ev, k, set->year, out);
        const char *name = set->names + set->name_at[k];
        size_t len = strnlen(name, sizeof(out->name) - 1);
        memcpy(out->name, name, len);
        out->name[len] = '\0';
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

size_t incentive_set_what_if(const struct incentive_set *set, const struct incentive_what_if **out)
{
        return incentive_eval_what_if(set->ev, out);
}

int app_incentive_evaluate_one_on(struct app *app, const struct actor *actor, const char *uscc,
                                  int year, gl_date today, struct incentive_result *out,
                                  struct gl_error *err)
{
        if (uscc == NULL || uscc[0] == '\0')
                return gl_fail(err, GL_EINVAL, "uscc", "缺少统一社会信用代码 (USCC missing)");
        /* Evaluating for a step (the self-assessment of a declaration) is acting: another
         * enterprise is refused, not hidden. */
        int rc = app_scope_check(actor, SCOPE_FIGURES, uscc, NULL);
        if (rc == GL_ENOTFOUND)
                return gl_fail(err, GL_EPERM, "uscc",
                               "企业用户只能查看本企业 (an enterprise sees only itself)");
        struct incentive_options opt = {.today = today};
        struct incentive_set *set = NULL;
        rc = evaluate(app, actor, year, &opt, uscc, &set, err);
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

int app_incentive_read_one(struct app *app, const struct actor *actor, const char *uscc, int year,
                           gl_date today, struct incentive_result *out, struct gl_error *err)
{
        int rc = app_scope_check(actor, SCOPE_FIGURES, uscc ? uscc : "", err);
        if (rc == GL_ENOTFOUND)
                return gl_fail(err, rc, "uscc", "没有这家企业 (no such enterprise)");
        if (rc != GL_OK)
                return rc;
        return app_incentive_evaluate_one_on(app, actor, uscc, year, today, out, err);
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

/* The columns as a template writes them; a unit in parentheses is ignored when reading. */
static const struct import_column average_columns[COL_COUNT_] = {
    [COL_INDUSTRY] = {"industry", "行业", true},
    [COL_YEAR] = {"year", "年度", true},
    [COL_TAX] = {"tax_per_tonne_yuan", "单位污染物排放量税收贡献（元/吨）", false},
    [COL_RD] = {"rd_share_percent", "研发投入占营业收入比重（%）", false},
};

const struct import_column *incentive_average_columns(size_t *n)
{
        *n = COL_COUNT_;
        return average_columns;
}

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

struct average_row {
        int year;
        struct incentive_official o;
};

struct import_rows {
        struct average_row *rows;
        size_t n, cap;
};

static const char *trimmed(char *s)
{
        while (*s == ' ' || *s == '\t')
                s++;
        size_t n = strlen(s);
        while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
                s[--n] = '\0';
        return s;
}

static int parse_average(struct import_report *rep, int64_t line, const char *column,
                         const char *text, int64_t max, bool *has, int64_t *out)
{
        struct gl_error e = {0};
        if (text[0] == '\0')
                return GL_OK;
        if (amount_parse(text, 6, column, out, &e) != GL_OK)
                return import_report_add(rep, line, column, "%s", e.message);
        if (*out == 0 || *out > max)
                return import_report_add(rep, line, column, "应大于 0%s (must be above zero%s)",
                                         max < INT64_MAX ? " 且不超过 100" : "",
                                         max < INT64_MAX ? ", at most 100" : "");
        *has = true;
        return GL_OK;
}

static int check_row(struct import_report *rep, const struct policy_pack *pack, int max_year,
                     const struct csv_record *rec, const int col[COL_COUNT_],
                     struct import_rows *rows)
{
        const char *cell[COL_COUNT_];
        for (int c = 0; c < COL_COUNT_; c++)
                cell[c] = col[c] >= 0 && (size_t)col[c] < rec->nfields
                              ? trimmed(rec->fields[col[c]])
                              : "";
        struct average_row r;
        memset(&r, 0, sizeof(r));
        size_t before = rep->nproblems;
        int rc = GL_OK;
        const struct policy_industry *ind = policy_industry_find(pack, cell[COL_INDUSTRY]);
        if (cell[COL_INDUSTRY][0] == '\0')
                rc = import_report_add(rep, rec->line, "industry",
                                       "行业不能为空 (industry missing)");
        else if (ind == NULL)
                rc = import_report_add(rep, rec->line, "industry",
                                       "政策包 %s 中没有行业 '%s' (unknown industry)", pack->id,
                                       cell[COL_INDUSTRY]);
        else
                snprintf(r.o.industry, sizeof(r.o.industry), "%s", ind->code);
        char *end = NULL;
        long year = strtol(cell[COL_YEAR], &end, 10);
        if (rc == GL_OK &&
            (cell[COL_YEAR][0] == '\0' || *end != '\0' || year < GL_FIRST_YEAR || year > max_year))
                rc = import_report_add(rep, rec->line, "year",
                                       "年度应为 %d 到 %d 之间的整数 (bad year): '%s'",
                                       GL_FIRST_YEAR, max_year, cell[COL_YEAR]);
        r.year = (int)year;
        if (rc == GL_OK)
                rc = parse_average(rep, rec->line, "tax_per_tonne_yuan", cell[COL_TAX], INT64_MAX,
                                   &r.o.has_tax_per_tonne, &r.o.tax_per_tonne_micro_yuan);
        if (rc == GL_OK)
                rc = parse_average(rep, rec->line, "rd_share_percent", cell[COL_RD], 100000000,
                                   &r.o.has_rd_share, &r.o.rd_share_micro_percent);
        if (rc == GL_OK && cell[COL_TAX][0] == '\0' && cell[COL_RD][0] == '\0')
                rc = import_report_add(
                    rep, rec->line, "",
                    "两项平均水平至少填写一项 (give at least one of the averages)");
        if (rc != GL_OK || rep->nproblems != before)
                return rc;
        for (size_t i = 0; i < rows->n; i++)
                if (rows->rows[i].year == r.year &&
                    strcmp(rows->rows[i].o.industry, r.o.industry) == 0)
                        return import_report_add(
                            rep, rec->line, "industry",
                            "行业 %s 的 %d 年度平均水平在文件中重复 (repeated)", r.o.industry,
                            r.year);
        if (rows->n == rows->cap) {
                size_t cap = rows->cap ? rows->cap * 2 : 32;
                struct average_row *bigger = realloc(rows->rows, cap * sizeof(*bigger));
                if (bigger == NULL)
                        return GL_ENOMEM;
                rows->rows = bigger;
                rows->cap = cap;
        }
        const char *base = strrchr(rep->file, '/');
        snprintf(r.o.source, sizeof(r.o.source), "%.100s:%lld", base ? base + 1 : rep->file,
                 (long long)rec->line);
        rows->rows[rows->n++] = r;
        return GL_OK;
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

static int read_averages(struct import_report *rep, const struct policy_pack *pack,
                         struct csv_reader *csv, struct import_rows *rows)
{
        struct csv_record rec;
        struct gl_error e = {0};
        int col[COL_COUNT_] = {-1, -1, -1, -1};
        int got = csv_next(csv, &rec, &e);
        if (got < 0)
                return import_report_add(rep, csv_error_line(csv), "", "%s", e.message);
        if (got == 0)
                return import_report_add(rep, 0, "", "文件为空, 缺少表头 (empty file: no header)");
        for (size_t i = 0; i < rec.nfields; i++) {
                int c = header_column(rec.fields[i]);
                if (c >= 0 && col[c] < 0)
                        col[c] = (int)i;
        }
        if (col[COL_INDUSTRY] < 0 || col[COL_YEAR] < 0 || (col[COL_TAX] < 0 && col[COL_RD] < 0))
                return import_report_add(
                    rep, rec.line, "",
                    "表头应为 industry,year,tax_per_tonne_yuan,rd_share_percent（或 "
                    "行业,年度,单位污染物排放量税收贡献,研发投入占营业收入比重）");
        char now[21];
        app_now_iso(now);
        int max_year = atoi(now);
        int rc = GL_OK;
        while (rc == GL_OK && (got = csv_next(csv, &rec, &e)) == 1) {
                bool blank = true;
                for (size_t i = 0; i < rec.nfields; i++)
                        blank = blank && trimmed(rec.fields[i])[0] == '\0';
                if (blank)
                        continue;
                rep->rows++;
                rc = check_row(rep, pack, max_year, &rec, col, rows);
        }
        if (rc == GL_OK && got < 0)
                rc = import_report_add(rep, csv_error_line(csv), "", "%s", e.message);
        return rc;
}

static bool same_average(const struct incentive_official *a, const struct incentive_official *b)
{
        return a->has_tax_per_tonne == b->has_tax_per_tonne && a->has_rd_share == b->has_rd_share &&
               (!a->has_tax_per_tonne ||
                a->tax_per_tonne_micro_yuan == b->tax_per_tonne_micro_yuan) &&
               (!a->has_rd_share || a->rd_share_micro_percent == b->rd_share_micro_percent);
}

/* Writes the rows that differ from what is stored; counts them in rep. */
static int write_averages(struct app *app, const struct import_rows *rows,
                          struct import_report *rep, json_t *changes)
{
        char now[21];
        app_now_iso(now);
        for (size_t i = 0; i < rows->n; i++) {
                const struct average_row *r = &rows->rows[i];
                struct incentive_official old;
                int rc = incentive_store_average_get(app->db, r->o.industry, r->year, &old);
                if (rc != GL_OK && rc != GL_ENOTFOUND)
                        return GL_EDB;
                if (rc == GL_OK && same_average(&old, &r->o)) {
                        rep->unchanged++;
                        continue;
                }
                char id[96];
                struct gl_error seal_err;
                snprintf(id, sizeof(id), "%s:%d", r->o.industry, r->year);
                if (incentive_store_average_put(app->db, r->year, &r->o, now) != GL_OK ||
                    app_seal(app, SEAL_AVERAGE, id, 0, &seal_err) != GL_OK)
                        return GL_EDB;
                if (rc == GL_OK)
                        rep->updated++;
                else
                        rep->inserted++;
                json_t *row =
                    json_pack("{s:s, s:I}", "industry", r->o.industry, "year", (json_int_t)r->year);
                if (row == NULL)
                        return GL_ENOMEM;
                json_object_set_new(row, "tax_per_tonne_micro_yuan",
                                    r->o.has_tax_per_tonne
                                        ? json_integer(r->o.tax_per_tonne_micro_yuan)
                                        : json_null());
                json_object_set_new(row, "rd_share_micro_percent",
                                    r->o.has_rd_share ? json_integer(r->o.rd_share_micro_percent)
                                                      : json_null());
                json_array_append_new(changes, row);
        }
        return GL_OK;
}

static int audit_averages(struct app *app, const struct actor *who, const struct import_report *rep,
                          json_t *changes, struct gl_error *err)
{
        json_t *detail = json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:O}", "file", rep->file,
                                   "digest", rep->digest, "encoding", rep->encoding, "inserted",
                                   (json_int_t)rep->inserted, "updated", (json_int_t)rep->updated,
                                   "unchanged", (json_int_t)rep->unchanged, "averages", changes);
        char *text = detail ? json_dumps(detail, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
        json_decref(detail);
        if (text == NULL)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        const char *base = strrchr(rep->file, '/');
        int rc = audit_append(app, who, "incentive.averages.import", "incentive_averages",
                              base ? base + 1 : rep->file, text, err);
        free(text);
        return rc;
}

int app_import_averages(struct app *app, const struct actor *who, const char *path,
                        const char *encoding, struct import_progress *progress,
                        struct import_report *rep, struct gl_error *err)
{
        (void)progress; /* a file of averages has one row per industry and year */
        memset(rep, 0, sizeof(*rep));
        snprintf(rep->file, sizeof(rep->file), "%s", path ? path : "");
        if (!may_import_averages(who))
                return gl_fail(err, GL_EPERM, "", "无权导入行业平均水平 (not allowed to import)");
        enum csv_encoding enc = CSV_ENCODING_AUTO;
        if (encoding && csv_encoding_from_name(encoding, &enc) != GL_OK)
                return gl_fail(err, GL_EINVAL, "encoding",
                               "未知编码 '%s' (unknown encoding: utf-8 or gb18030)", encoding);
        struct csv_reader *csv = NULL;
        struct import_rows rows = {0};
        json_t *changes = NULL;
        bool in_transaction = false;
        int rc = csv_open_file(path, path, enc, &csv, err);
        if (rc != GL_OK)
                return rc;
        snprintf(rep->digest, sizeof(rep->digest), "%s", csv_digest(csv));
        snprintf(rep->encoding, sizeof(rep->encoding), "%s",
                 csv_encoding_name(csv_encoding_used(csv)));
        /* The industries of the importer's county's pack (the averages are the database's). */
        rc = read_averages(rep, app_scope_pack(app, who), csv, &rows);
        if (rc != GL_OK || rep->nproblems > 0)
                goto done;
        changes = json_array();
        rc = changes ? app_begin(app, err) : GL_ENOMEM;
        if (rc != GL_OK)
                goto done;
        in_transaction = true;
        rc = write_averages(app, &rows, rep, changes);
        if (rc == GL_OK && rep->inserted + rep->updated > 0) {
                rc = audit_averages(app, who, rep, changes, err);
                rep->audited = rc == GL_OK;
        }
done:
        json_decref(changes);
        free(rows.rows);
        csv_close(csv);
        if (rc == GL_ENOMEM)
                gl_fail(err, rc, "", "内存不足 (out of memory)");
        else if (rc == GL_EDB)
                gl_fail(err, rc, "", "数据库错误 (database error): %s", db_errmsg(app->db));
        if (rc == GL_OK && rep->nproblems > 0)
                rc = gl_fail(err, GL_EINVAL, path,
                             "共 %zu 处错误, 未导入任何数据 (%zu problems: nothing was imported)",
                             rep->nproblems, rep->nproblems);
        if (rc == GL_OK && in_transaction)
                rc = app_commit(app, err);
        else if (in_transaction)
                app_rollback(app);
        if (rc != GL_OK) {
                rep->inserted = rep->updated = rep->unchanged = 0;
                rep->audited = false;
        }
        return rc;
}
