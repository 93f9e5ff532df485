/*
 * The enterprise registry's use cases (enterprise.h). Both imports share one driver: it opens the
 * CSV file, maps the header onto a kind's column table, trims every field, hands each row to the
 * kind's row function, and decides at the end between commit (with one audit record when something
 * changed) and rollback (when any problem was found). Once a problem is found, the remaining rows
 * are still checked, so that the report is complete, but no longer written.
 */
#include "enterprise.h"

#include "../core/division.h"
#include "../core/amount.h"
#include "../core/policy.h"
#include "../core/uscc.h"
#include "../io/csv.h"
#include "audit.h"
#include "incentive.h"
#include "scope.h"
#include "seal.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROGRESS_EVERY 10000
/* Page cache of the import transaction. Pages beyond it spill to the write-ahead log before the
 * commit, which all-or-nothing allows. Measured on 1M enterprises + 990k annual rows (bench/
 * import.sh), row by row: 256 MB, 25.5 s and 444 MB of RSS with the whole file in memory; 64 MB,
 * 23 s and 182 MB; 16 MB, 28.5 s and 86 MB, under the 100 MB a county's small server can spare.
 * A bulk load, whose rows arrive in the key's order, needs few pages at a time: 4 MB, 9.8 s and
 * 64 MB; 16 MB, 10 s and 77 MB; 48 MB, 10.5 s and 137 MB. */
#define IMPORT_CACHE_MIB 16
#define BULK_CACHE_MIB 4

void import_report_free(struct import_report *rep)
{
        if (rep == NULL)
                return;
        for (size_t i = 0; i < rep->nproblems; i++)
                free(rep->problems[i].reason);
        free(rep->problems);
        rep->problems = NULL;
        rep->nproblems = rep->cap = 0;
}

void import_problem_format(const struct import_report *rep, size_t i, char *buf, size_t size)
{
        const struct import_problem *p = &rep->problems[i];
        if (p->line == 0)
                snprintf(buf, size, "%s: %s", rep->file, p->reason);
        else if (p->column[0] == '\0')
                snprintf(buf, size, "%s:%lld: %s", rep->file, (long long)p->line, p->reason);
        else
                snprintf(buf, size, "%s:%lld: %s: %s", rep->file, (long long)p->line, p->column,
                         p->reason);
}

int import_report_add(struct import_report *rep, int64_t line, const char *column, const char *fmt,
                      ...)
{
        if (rep->nproblems == rep->cap) {
                size_t cap = rep->cap ? rep->cap * 2 : 16;
                struct import_problem *bigger = realloc(rep->problems, cap * sizeof(*bigger));
                if (bigger == NULL)
                        return GL_ENOMEM;
                rep->problems = bigger;
                rep->cap = cap;
        }
        char reason[512];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(reason, sizeof(reason), fmt, ap);
        va_end(ap);
        struct import_problem *p = &rep->problems[rep->nproblems];
        p->line = line;
        snprintf(p->column, sizeof(p->column), "%s", column ? column : "");
        p->reason = strdup(reason);
        if (p->reason == NULL)
                return GL_ENOMEM;
        rep->nproblems++;
        return GL_OK;
}

/*
 * The keys of a file's rows (a USCC, or a USCC and a year as its tag) with their lines and their
 * places among the keyed rows, one after another in the order read (20 bytes each: 20 MB for a
 * million rows, where a hash table of the keys' texts took 36 MB), sorted once the file is read so
 * that duplicates lie side by side: each row after the first of a key is reported as a duplicate
 * of that first line (report_by_keys). A bulk load then inserts its rows in this order, the
 * table's (load_order).
 */
struct seen_entry {
        struct uscc_key key;
        uint32_t line;
        uint32_t row; /* 0 for the first keyed row read */
};

struct seen_set {
        struct seen_entry *entries;
        size_t n, cap;
};

static void seen_free(struct seen_set *s)
{
        free(s->entries);
        memset(s, 0, sizeof(*s));
}

/* Records the key of uscc (valid) and tag at line. */
static int seen_add(struct seen_set *s, const char *uscc, unsigned tag, int64_t line)
{
        struct seen_entry e;
        if (line <= 0 || line > UINT32_MAX || !uscc_key_of(uscc, tag, &e.key))
                return GL_ELIMIT;
        struct seen_entry *grown = gl_grow(s->entries, s->n, &s->cap, sizeof(*grown), 1024);
        if (grown == NULL)
                return GL_ENOMEM;
        s->entries = grown;
        e.line = (uint32_t)line;
        e.row = (uint32_t)s->n;
        s->entries[s->n++] = e;
        return GL_OK;
}

static int seen_cmp(const void *pa, const void *pb)
{
        const struct seen_entry *a = pa, *b = pb;
        int c = uscc_key_cmp(&a->key, &b->key);
        return c ? c : (a->line > b->line) - (a->line < b->line);
}

/*
 * The registry's USCCs, read once before a bulk load of annual figures (which leaves the
 * connection to the load), as keys (12 bytes) sorted, which the file's sorted keys are walked
 * beside once it is read: 12 MB for a million enterprises, where a hash table of their texts took
 * 36 MB. Only the enterprises of the importer's jurisdiction: one outside it is missing, as it is
 * to every read of the importer's.
 */
struct registry_set {
        struct uscc_key *codes;
        size_t n, cap;
};

struct import_run;
static int registry_add(void *ctx, const char *uscc, const char *division);

static int key_cmp(const void *a, const void *b)
{
        return uscc_key_cmp(a, b);
}

static void registry_sort(struct registry_set *r)
{
        if (r->n > 1)
                gl_sort(r->codes, r->n, sizeof(*r->codes), key_cmp);
}

static void registry_free(struct registry_set *r)
{
        free(r->codes);
        memset(r, 0, sizeof(*r));
}

enum { MAX_COLUMNS = 16 };

struct import_run;

struct import_kind {
        const char *action;      /* audit action */
        const char *entity_type; /* audit entity type */
        const struct import_column *columns;
        int ncolumns;
        /* Checks one row (values indexed by column, NULL when the column is absent) and writes it
         * when run->writing. Returns GL_OK, or GL_ENOMEM / GL_EDB to stop the import. */
        int (*row)(struct import_run *run, int64_t line, char **values);
        /* Reports line as a duplicate of first, the two rows' key the code uscc and tag. */
        int (*duplicate)(struct import_run *run, int64_t line, int64_t first, const char *uscc,
                         unsigned tag);
        int key_column;  /* the column a duplicate is reported in */
        bool year_keyed; /* the key's tag is the year: a row without one (tag 0) has no key */
};

struct import_run {
        struct app *app;
        const struct actor *who;
        struct import_report *rep;
        const struct import_kind *kind;
        char now[21];
        int max_year;
        bool writing; /* false once a problem is found */
        struct seen_set seen;
        /* The registry's USCCs before a bulk load of annual figures; empty otherwise. */
        struct registry_set registry;
        bool registry_loaded;
        bool bulk; /* the rows go by the backend's bulk load */
        struct enterprise_writer *enterprises;
        struct annual_writer *annual;
        /* Each known column's name as the file spells it (copied: the reader's window moves). */
        char header[MAX_COLUMNS][128];
        unsigned supplied; /* pollutants whose column is present */
        int64_t record;    /* the import's audit record, which the rows it writes are sealed with;
                              0 until the first */
};

static int registry_add(void *ctx, const char *uscc, const char *division)
{
        struct import_run *run = ctx;
        struct registry_set *r = &run->registry;
        struct uscc_key code;
        if (!uscc_key_of(uscc, 0, &code) || !app_scope_covers(run->app, run->who, division))
                return GL_OK; /* not a valid code, which no valid row can name; or outside */
        struct uscc_key *grown = gl_grow(r->codes, r->n, &r->cap, sizeof(*grown), 1024);
        if (grown == NULL)
                return GL_ENOMEM;
        r->codes = grown;
        r->codes[r->n++] = code;
        return GL_OK;
}

/* Seals a row the import wrote, as written, with the import's record (app/seal.c); the writers
 * call these with the row (store/enterprise_store.h: ..._SEALED_COLUMNS, uscc first, then year). */
static int seal_row(struct import_run *run, enum seal_kind k, const char *id,
                    const char *const *values, int n)
{
        struct gl_error err;
        if (run->record == 0 && audit_next_id(run->app, &run->record) != GL_OK)
                return GL_EDB;
        return app_seal_written(run->app, k, id, run->record, values, n, &err) == GL_OK ? GL_OK
                                                                                        : GL_EDB;
}

static int sealed_enterprise(void *ctx, const char *const *values, int n)
{
        return seal_row(ctx, SEAL_ENTERPRISE, values[0], values, n);
}

/* The seal of a row about to be inserted (store_seal_fn). */
static int seal_insert(struct import_run *run, enum seal_kind k, const char *id,
                       const char *const *values, int n, char *out, size_t size)
{
        if (run->record == 0 && audit_next_id(run->app, &run->record) != GL_OK)
                return GL_EDB;
        return app_seal_text(run->app, k, id, run->record, values, n, out, size) == GL_OK ? GL_OK
                                                                                          : GL_EDB;
}

static int seal_enterprise_insert(void *ctx, const char *const *values, int n, char *out,
                                  size_t size)
{
        return seal_insert(ctx, SEAL_ENTERPRISE, values[0], values, n, out, size);
}

static int seal_annual_insert(void *ctx, const char *const *values, int n, char *out, size_t size)
{
        char id[40];
        snprintf(id, sizeof(id), "%s:%s", values[0], values[1]);
        return seal_insert(ctx, SEAL_ANNUAL, id, values, n, out, size);
}

static int sealed_annual(void *ctx, const char *const *values, int n)
{
        char id[40];
        snprintf(id, sizeof(id), "%s:%s", values[0], values[1]);
        return seal_row(ctx, SEAL_ANNUAL, id, values, n);
}

/* Counts what a write did. */
static void count(struct import_report *rep, enum store_change how)
{
        if (how == STORE_INSERTED)
                rep->inserted++;
        else if (how == STORE_UPDATED)
                rep->updated++;
        else
                rep->unchanged++;
}

/* Records a problem with the value of column col and stops writing. */
static int problem(struct import_run *run, int64_t line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int problem(struct import_run *run, int64_t line, int col, const char *fmt, ...)
{
        char reason[512];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(reason, sizeof(reason), fmt, ap);
        va_end(ap);
        run->writing = false;
        /* A column the file lacks (an optional one) by its name in the template. */
        const char *column = col < 0               ? ""
                             : run->header[col][0] ? run->header[col]
                                                   : run->kind->columns[col].en;
        return import_report_add(run->rep, line, column, "%s", reason);
}

static int check_uscc(struct import_run *run, int64_t line, int col, const char *value, bool *valid)
{
        struct gl_error e = {0};
        *valid = uscc_is_valid(value, &e);
        return *valid ? GL_OK : problem(run, line, col, "%s", e.message);
}

/* Rejects text longer than max bytes. */
static int check_length(struct import_run *run, int64_t line, int col, const char *value,
                        size_t max)
{
        size_t n = strlen(value);
        if (n <= max)
                return GL_OK;
        return problem(run, line, col,
                       "过长: %zu 字节, 最多 %zu (too long: %zu bytes, at most %zu)", n, max, n,
                       max);
}

/* 1/0 or 是/否. */
static int parse_flag(struct import_run *run, int64_t line, int col, const char *value, bool *out)
{
        if (strcmp(value, "1") == 0 || strcmp(value, "是") == 0)
                *out = true;
        else if (strcmp(value, "0") == 0 || strcmp(value, "否") == 0)
                *out = false;
        else
                return problem(run, line, col,
                               "'%s' 应为 1/0 或 是/否 (a flag must be 1/0 or 是/否)", value);
        return GL_OK;
}

/* ---- enterprises ---- */

enum {
        E_USCC,
        E_NAME,
        E_INDUSTRY,
        E_TOWNSHIP,
        E_GRADE,
        E_AIR,
        E_KEY_AIR,
        E_POSITIVE,
        E_DIVISION,
        E_COUNT_
};

static const struct import_column enterprise_columns[E_COUNT_] = {
    [E_USCC] = {"uscc", "统一社会信用代码", true},
    [E_NAME] = {"name", "企业名称", true},
    [E_INDUSTRY] = {"industry", "行业", true},
    [E_TOWNSHIP] = {"township", "乡镇", true},
    [E_GRADE] = {"grade", "绩效等级", true},
    [E_AIR] = {"air_emitter", "涉气", true},
    [E_KEY_AIR] = {"key_air_emitter", "重点排污单位", true},
    [E_POSITIVE] = {"positive_list", "正面清单", true},
    /* The county it is in (docs/jurisdictions.md): a database of several counties names it;
     * absent or empty, the pack's. */
    [E_DIVISION] = {"division", "行政区划代码", false},
};

/* "A".."D" as the ladder spells them; lower case accepted, "无" is none. */
static int check_grade(struct import_run *run, int64_t line, const char *value,
                       const struct policy_pack *pack, const struct policy_industry *ind,
                       struct enterprise *e)
{
        if (value[0] == '\0' || strcmp(value, "无") == 0)
                return GL_OK;
        char grade[GL_GRADE_LEN] = "";
        size_t n = strlen(value);
        if (n < sizeof(grade)) {
                for (size_t i = 0; i < n; i++)
                        grade[i] =
                            (value[i] >= 'a' && value[i] <= 'z') ? (char)(value[i] - 32) : value[i];
                grade[n] = '\0';
                for (size_t i = 0; ind && i < ind->nladder; i++) {
                        if (strcmp(ind->ladder[i], grade) == 0) {
                                memcpy(e->grade, grade, sizeof(grade));
                                return GL_OK;
                        }
                }
        }
        if (ind == NULL) {
                /* The industry is reported already; the grade is still checked against every
                 * ladder of the pack, so that a grade that is no grade at all is reported too. */
                for (size_t i = 0; i < pack->nindustries; i++)
                        for (size_t j = 0; j < pack->industries[i].nladder; j++)
                                if (strcmp(pack->industries[i].ladder[j], grade) == 0)
                                        return GL_OK;
                return problem(run, line, E_GRADE,
                               "'%s' 不是政策包中任何行业的绩效等级, 或空 (not a grade of any "
                               "industry of the pack, or empty for none)",
                               value);
        }
        char ladder[64] = "";
        for (size_t i = 0; i < ind->nladder; i++) {
                size_t len = strlen(ladder);
                snprintf(ladder + len, sizeof(ladder) - len, "%s%s", i ? "," : "", ind->ladder[i]);
        }
        return problem(run, line, E_GRADE,
                       "'%s' 不是%s行业的绩效等级 (%s) 或空 (not a grade of industry %s: %s, "
                       "or empty for none)",
                       value, ind->name_zh, ladder, ind->code, ladder);
}

static int enterprise_row(struct import_run *run, int64_t line, char **v)
{
        struct enterprise e = {0};
        bool valid = false, registered = false;
        char held[7] = ""; /* the division of the enterprise when the registry has it */
        int rc = check_uscc(run, line, E_USCC, v[E_USCC], &valid);
        if (rc == GL_OK && valid) {
                memcpy(e.uscc, v[E_USCC], GL_USCC_LEN + 1);
                rc = seen_add(&run->seen, e.uscc, 0, line);
        }
        /* A row of an enterprise the registry has changes it where it is; one outside the
         * importer's jurisdiction is not the importer's to change (in a bulk load none is). */
        if (rc == GL_OK && valid && !run->bulk &&
            enterprise_writer_division(run->enterprises, e.uscc, held, &registered) != GL_OK)
                return GL_EDB;
        if (rc == GL_OK && registered && !app_scope_covers(run->app, run->who, held))
                rc = problem(run, line, E_USCC,
                             "%s 登记在您的辖区 %s 之外, 不能由您修改 (is registered outside your "
                             "jurisdiction %s)",
                             e.uscc, run->who->division, run->who->division);
        if (rc == GL_OK && v[E_NAME][0] == '\0')
                rc = problem(run, line, E_NAME, "企业名称为空 (empty name)");
        if (rc == GL_OK)
                rc = check_length(run, line, E_NAME, v[E_NAME], sizeof(e.name) - 1);
        /* The county the row goes to, whose pack ($GREENLANE_PACKS, else the home pack) has the
         * industries and their ladders. No county named: where the registry has it, else the
         * importer's county (the pack's for an officer above a county). */
        const char *division = v[E_DIVISION] && v[E_DIVISION][0] ? v[E_DIVISION] : NULL;
        const char *county = division     ? division
                             : registered ? held
                                          : app_scope_county(run->app, run->who);
        const struct policy_pack *pack = app_pack_for(run->app, county);
        const struct policy_industry *ind = policy_industry_find(pack, v[E_INDUSTRY]);
        if (rc == GL_OK && ind == NULL)
                rc = problem(run, line, E_INDUSTRY,
                             "政策包中没有行业 '%s' (unknown industry: give its code or Chinese "
                             "name from the policy pack)",
                             v[E_INDUSTRY]);
        if (rc == GL_OK)
                rc = check_length(run, line, E_TOWNSHIP, v[E_TOWNSHIP], sizeof(e.township) - 1);
        if (rc == GL_OK)
                rc = check_grade(run, line, v[E_GRADE], pack, ind, &e);
        if (rc == GL_OK)
                rc = parse_flag(run, line, E_AIR, v[E_AIR], &e.air_emitter);
        if (rc == GL_OK)
                rc = parse_flag(run, line, E_KEY_AIR, v[E_KEY_AIR], &e.key_air_emitter);
        if (rc == GL_OK)
                rc = parse_flag(run, line, E_POSITIVE, v[E_POSITIVE], &e.positive_list);
        if (rc == GL_OK && division && division_level(division) != DIVISION_COUNTY)
                rc = problem(run, line, E_DIVISION,
                             "“%.16s”不是县级行政区划代码 (%.16s is not a county's division "
                             "code: six digits PPCCDD)",
                             division, division);
        else if (rc == GL_OK && division && !app_scope_covers(run->app, run->who, division))
                rc = problem(run, line, E_DIVISION,
                             "行政区划 %s 不在您的辖区 %s 内 (%s is outside your jurisdiction %s)",
                             division, run->who->division, division, run->who->division);
        /* A county not named must still be the importer's. */
        if (rc == GL_OK && !division && !registered &&
            !app_scope_covers(run->app, run->who, county))
                rc = problem(run, line, E_DIVISION,
                             "请填写行政区划代码: 您的辖区 %s 不含 %s (give the county's division "
                             "code: your jurisdiction %s does not cover %s)",
                             run->who->division, county, run->who->division, county);
        if (rc != GL_OK || !run->writing)
                return rc;
        snprintf(e.name, sizeof(e.name), "%s", v[E_NAME]);
        snprintf(e.industry, sizeof(e.industry), "%s", ind->code);
        snprintf(e.township, sizeof(e.township), "%s", v[E_TOWNSHIP]);
        snprintf(e.division, sizeof(e.division), "%s",
                 county[0] ? county : app_home_division(run->app));
        enum store_change how;
        bool grade_kept = false;
        if (enterprise_writer_put(run->enterprises, &e, run->now, &how, &grade_kept) != GL_OK)
                return GL_EDB;
        count(run->rep, how);
        run->rep->grades_kept += grade_kept;
        return GL_OK;
}

/* ---- annual figures ---- */

enum {
        A_USCC,
        A_YEAR,
        A_TAX,
        A_RD,
        A_REVENUE,
        A_POLLUTANT, /* A_POLLUTANT + enum pollutant */
        A_COUNT_ = A_POLLUTANT + POLLUTANT_COUNT_
};

static const struct import_column annual_columns[A_COUNT_] = {
    [A_USCC] = {"uscc", "统一社会信用代码", true},
    [A_YEAR] = {"year", "年度", true},
    [A_TAX] = {"tax_yuan", "税收(元)", true},
    [A_RD] = {"rd_yuan", "研发投入(元)", true},
    [A_REVENUE] = {"revenue_yuan", "营业收入(元)", true},
    [A_POLLUTANT + POLLUTANT_SO2] = {"so2_t", "二氧化硫(吨)", true},
    [A_POLLUTANT + POLLUTANT_NOX] = {"nox_t", "氮氧化物(吨)", true},
    [A_POLLUTANT + POLLUTANT_PM] = {"pm_t", "颗粒物(吨)", true},
    [A_POLLUTANT + POLLUTANT_VOCS] = {"vocs_t", "挥发性有机物(吨)", true},
    [A_POLLUTANT + POLLUTANT_COD] = {"cod_t", "化学需氧量(吨)", false},
    [A_POLLUTANT + POLLUTANT_NH3N] = {"nh3n_t", "氨氮(吨)", false},
};

static int parse_year(struct import_run *run, int64_t line, const char *value, int *out)
{
        int year = 0;
        size_t n = strlen(value);
        bool digits = n > 0 && n <= 4;
        for (size_t i = 0; digits && i < n; i++) {
                digits = value[i] >= '0' && value[i] <= '9';
                year = year * 10 + (value[i] - '0');
        }
        if (!digits)
                return problem(run, line, A_YEAR, "'%s' 不是年份 (not a year)", value);
        if (year < GL_FIRST_YEAR || year > run->max_year)
                return problem(run, line, A_YEAR,
                               "年度 %d 超出范围 %d-%d (year out of range %d to %d)", year,
                               GL_FIRST_YEAR, run->max_year, GL_FIRST_YEAR, run->max_year);
        *out = year;
        return GL_OK;
}

/* An empty amount is not reported. */
static int parse_amount(struct import_run *run, int64_t line, int col, const char *value,
                        int decimals, int64_t *out)
{
        if (value == NULL || value[0] == '\0') {
                *out = GL_AMOUNT_NONE;
                return GL_OK;
        }
        struct gl_error e = {0};
        if (amount_parse(value, decimals, "", out, &e) != GL_OK)
                return problem(run, line, col, "%s", e.message);
        return GL_OK;
}

static int annual_missing(struct import_run *run, int64_t line, const char *uscc)
{
        return problem(run, line, A_USCC,
                       "登记册中没有企业 %s, 请先导入企业 (no such enterprise in the registry: "
                       "import enterprises first)",
                       uscc);
}

static int annual_row(struct import_run *run, int64_t line, char **v)
{
        struct annual_figures f;
        annual_figures_init(&f);
        bool valid = false;
        int rc = check_uscc(run, line, A_USCC, v[A_USCC], &valid);
        if (rc == GL_OK && valid) {
                bool exists = true; /* in a bulk load, looked for once the file is read */
                char division[7];
                memcpy(f.uscc, v[A_USCC], GL_USCC_LEN + 1);
                if (!run->registry_loaded && annual_writer_enterprise_division(
                                                 run->annual, f.uscc, division, &exists) != GL_OK)
                        return GL_EDB;
                if (exists && !run->registry_loaded &&
                    !app_scope_covers(run->app, run->who, division))
                        exists = false; /* outside the importer's jurisdiction: not there */
                if (!exists)
                        rc = annual_missing(run, line, f.uscc);
        }
        if (rc == GL_OK)
                rc = parse_year(run, line, v[A_YEAR], &f.year);
        /* The key's tag: the year, or 0 when it is not one (the row's code still looked for). */
        if (rc == GL_OK && valid)
                rc = seen_add(&run->seen, f.uscc,
                              f.year ? (unsigned)(f.year - GL_FIRST_YEAR + 1) : 0, line);
        if (rc == GL_OK)
                rc = parse_amount(run, line, A_TAX, v[A_TAX], GL_YUAN_DECIMALS, &f.tax_fen);
        if (rc == GL_OK)
                rc = parse_amount(run, line, A_RD, v[A_RD], GL_YUAN_DECIMALS, &f.rd_fen);
        if (rc == GL_OK)
                rc = parse_amount(run, line, A_REVENUE, v[A_REVENUE], GL_YUAN_DECIMALS,
                                  &f.revenue_fen);
        for (int p = 0; p < POLLUTANT_COUNT_ && rc == GL_OK; p++)
                rc = parse_amount(run, line, A_POLLUTANT + p, v[A_POLLUTANT + p], GL_TONNE_DECIMALS,
                                  &f.emission_g[p]);
        if (rc != GL_OK || !run->writing)
                return rc;
        snprintf(f.source, sizeof(f.source), "%s", run->who->name);
        f.tax_confirmed = run->who->role == ROLE_TAX_OFFICER;
        enum store_change how;
        if (annual_writer_put(run->annual, &f, run->supplied, run->now, &how) != GL_OK)
                return GL_EDB;
        count(run->rep, how);
        return GL_OK;
}

static int enterprise_duplicate(struct import_run *run, int64_t line, int64_t first,
                                const char *uscc, unsigned tag)
{
        (void)tag;
        return problem(run, line, E_USCC, "%s 与第 %lld 行重复 (duplicate of line %lld)", uscc,
                       (long long)first, (long long)first);
}

static int annual_duplicate(struct import_run *run, int64_t line, int64_t first, const char *uscc,
                            unsigned tag)
{
        int year = (int)tag + GL_FIRST_YEAR - 1;
        return problem(run, line, A_YEAR, "%s 的 %d 年度与第 %lld 行重复 (duplicate of line %lld)",
                       uscc, year, (long long)first, (long long)first);
}

static const struct import_kind enterprise_kind = {
    "enterprise.import",
    "enterprises",
    enterprise_columns,
    E_COUNT_,
    enterprise_row,
    enterprise_duplicate,
    E_USCC,
    false,
};

static const struct import_kind annual_kind = {
    "annual.import", "annual_figures", annual_columns, A_COUNT_,
    annual_row,      annual_duplicate, A_YEAR,         true,
};

const struct import_column *app_import_columns(const char *kind, size_t *n)
{
        if (strcmp(kind, "enterprises") == 0) {
                *n = E_COUNT_;
                return enterprise_columns;
        }
        if (strcmp(kind, "annual") == 0) {
                *n = A_COUNT_;
                return annual_columns;
        }
        if (strcmp(kind, "averages") == 0)
                return incentive_average_columns(n);
        return NULL;
}

/* ---- the driver ---- */

/* Trims ASCII blanks and the ideographic space (U+3000) from both ends, in place. */
static char *trim(char *s)
{
        for (;;) {
                if (*s == ' ' || *s == '\t')
                        s++;
                else if (strncmp(s, "\xE3\x80\x80", 3) == 0)
                        s += 3;
                else
                        break;
        }
        size_t n = strlen(s);
        for (;;) {
                if (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
                        n--;
                else if (n >= 3 && memcmp(s + n - 3, "\xE3\x80\x80", 3) == 0)
                        n -= 3;
                else
                        break;
        }
        s[n] = '\0';
        return s;
}

/* A header name for matching: lower case, no blanks, full-width parentheses made half-width. */
static void normalize_header(const char *in, char *out, size_t size)
{
        size_t j = 0;
        for (const char *p = in; *p && j + 1 < size; p++) {
                if (strncmp(p, "\xEF\xBC\x88", 3) == 0) { /* （ */
                        out[j++] = '(';
                        p += 2;
                } else if (strncmp(p, "\xEF\xBC\x89", 3) == 0) { /* ） */
                        out[j++] = ')';
                        p += 2;
                } else if (*p == ' ' || *p == '\t') {
                        continue;
                } else {
                        out[j++] = (*p >= 'A' && *p <= 'Z') ? (char)(*p + 32) : *p;
                }
        }
        out[j] = '\0';
}

/* Maps each header field to a known column (map[field] = column or -1). */
static int map_header(struct import_run *run, const struct csv_record *rec, int *map)
{
        const struct import_kind *k = run->kind;
        int found[MAX_COLUMNS] = {0};
        int rc = GL_OK;
        for (size_t i = 0; i < rec->nfields; i++) {
                char *name = trim(rec->fields[i]);
                char norm[128];
                normalize_header(name, norm, sizeof(norm));
                map[i] = -1;
                for (int c = 0; c < k->ncolumns; c++) {
                        if (strcmp(norm, k->columns[c].en) != 0 &&
                            strcmp(norm, k->columns[c].zh) != 0)
                                continue;
                        if (found[c])
                                rc = import_report_add(
                                    run->rep, rec->line, name,
                                    "列重复 (column appears twice, also column %d)", found[c]);
                        else
                                map[i] = c;
                        found[c] = (int)i + 1;
                        gl_copy_text(run->header[c], sizeof(run->header[c]), name);
                }
        }
        for (int c = 0; c < k->ncolumns && rc == GL_OK; c++)
                if (!found[c] && k->columns[c].required)
                        rc = import_report_add(run->rep, rec->line, "",
                                               "缺少列 %s (missing column %s)", k->columns[c].zh,
                                               k->columns[c].en);
        for (int p = 0; p < POLLUTANT_COUNT_ && k == &annual_kind; p++)
                if (found[A_POLLUTANT + p])
                        run->supplied |= 1u << p;
        return rc;
}

static bool all_empty(const struct csv_record *rec)
{
        for (size_t i = 0; i < rec->nfields; i++)
                if (trim(rec->fields[i])[0] != '\0')
                        return false;
        return true;
}

static bool may_import(const struct actor *who, const struct import_kind *kind)
{
        switch (who->role) {
        case ROLE_SYSTEM:
        case ROLE_ADMIN:
        case ROLE_COUNTY_OFFICER:
                return true;
        case ROLE_TAX_OFFICER:
                return kind == &annual_kind;
        default:
                return false;
        }
}

static int audit_import(struct import_run *run, struct gl_error *err)
{
        struct import_report *rep = run->rep;
        json_t *detail =
            json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:I}", "file", rep->file, "digest",
                      rep->digest, "encoding", rep->encoding, "rows", (json_int_t)rep->rows,
                      "inserted", (json_int_t)rep->inserted, "updated", (json_int_t)rep->updated,
                      "unchanged", (json_int_t)rep->unchanged);
        char *text = detail ? json_dumps(detail, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
        json_decref(detail);
        if (text == NULL)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        const char *base = strrchr(rep->file, '/');
        int rc = audit_append(run->app, run->who, run->kind->action, run->kind->entity_type,
                              base ? base + 1 : rep->file, text, err);
        free(text);
        return rc;
}

/* A problem found once the file is read: line a duplicate of first, or (first 0) naming an
 * enterprise the registry does not have. */
struct finding {
        uint32_t line, first;
        int column;
        struct uscc_key key;
};

static int finding_cmp(const void *pa, const void *pb)
{
        const struct finding *a = pa, *b = pb;
        if (a->line != b->line)
                return a->line < b->line ? -1 : 1;
        return (a->column > b->column) - (a->column < b->column);
}

static int add_finding(struct finding **list, size_t *n, size_t *cap, struct finding f)
{
        struct finding *grown = gl_grow(*list, *n, cap, sizeof(*grown), 64);
        if (grown == NULL)
                return GL_ENOMEM;
        *list = grown;
        (*list)[(*n)++] = f;
        return GL_OK;
}

/* The findings of the file's keys, sorted so that a key's rows lie side by side in line order:
 * each row after the first of a key is a duplicate of the first (of a year-keyed kind, only a key
 * whose tag is not 0: a row without a year has no key of its own); and, when the registry was
 * read (a bulk load of annual figures), each row whose code it does not have, found by walking the
 * two sorted lists side by side. */
static int find_by_keys(struct import_run *run, struct finding **out, size_t *nout)
{
        const struct import_kind *kind = run->kind;
        struct seen_set *s = &run->seen;
        const struct registry_set *r = &run->registry;
        struct finding *list = NULL;
        size_t n = 0, cap = 0, j = 0, first = 0;
        int rc = GL_OK;
        if (s->n > 1)
                gl_sort(s->entries, s->n, sizeof(*s->entries), seen_cmp);
        for (size_t i = 0; i < s->n && rc == GL_OK; i++) {
                const struct seen_entry *e = &s->entries[i];
                if (run->registry_loaded) { /* annual figures, whose code is in A_USCC */
                        while (j < r->n && uscc_key_code_cmp(&r->codes[j], &e->key) < 0)
                                j++;
                        if (j == r->n || uscc_key_code_cmp(&r->codes[j], &e->key) != 0)
                                rc = add_finding(&list, &n, &cap,
                                                 (struct finding){e->line, 0, A_USCC, e->key});
                }
                if (i == 0 || uscc_key_cmp(&s->entries[i - 1].key, &e->key) != 0)
                        first = i;
                bool keyed = !kind->year_keyed || uscc_key_tag(&e->key) != 0;
                if (rc == GL_OK && first < i && keyed)
                        rc = add_finding(&list, &n, &cap,
                                         (struct finding){e->line, s->entries[first].line,
                                                          kind->key_column, e->key});
        }
        if (rc != GL_OK) {
                free(list);
                return rc;
        }
        if (n > 1)
                qsort(list, n, sizeof(*list), finding_cmp);
        *out = list;
        *nout = n;
        return GL_OK;
}

/* The place of a problem's column among the kind's columns, -1 for a problem of a whole row. */
static int problem_column(const struct import_run *run, const struct import_problem *p)
{
        for (int k = 0; k < run->kind->ncolumns; k++)
                if (run->header[k][0] && strcmp(run->header[k], p->column) == 0)
                        return k;
        return -1;
}

/*
 * Reports the findings of the file's keys (find_by_keys) among the problems the rows had (which
 * came in line order): in line order and, on one line, in the order of the columns, as a single
 * pass over the rows would have found them.
 */
static int report_by_keys(struct import_run *run)
{
        struct finding *found = NULL;
        size_t nfound = 0;
        int rc = find_by_keys(run, &found, &nfound);
        if (rc != GL_OK || nfound == 0)
                return rc;
        struct import_report *rep = run->rep;
        struct import_problem *earlier = rep->problems;
        size_t nearlier = rep->nproblems, i = 0, j = 0;
        rep->problems = NULL;
        rep->nproblems = rep->cap = 0;
        while (rc == GL_OK && (i < nearlier || j < nfound)) {
                const struct finding *f = j < nfound ? &found[j] : NULL;
                bool earlier_first =
                    f == NULL || (i < nearlier && (earlier[i].line < f->line ||
                                                   (earlier[i].line == f->line &&
                                                    problem_column(run, &earlier[i]) < f->column)));
                if (earlier_first) {
                        rc = import_report_add(rep, earlier[i].line, earlier[i].column, "%s",
                                               earlier[i].reason);
                        i++;
                        continue;
                }
                char uscc[GL_USCC_LEN + 1];
                unsigned tag = uscc_key_text(&f->key, uscc);
                rc = f->first ? run->kind->duplicate(run, f->line, f->first, uscc, tag)
                              : annual_missing(run, f->line, uscc);
                j++;
        }
        for (size_t k = 0; k < nearlier; k++)
                free(earlier[k].reason);
        free(earlier);
        free(found);
        return rc;
}

/*
 * The order of a bulk load's rows, the keys' (sorted by find_by_keys): the places of the rows in
 * it, which are the keyed rows' places when every row read was keyed and inserted (an import
 * without problems). NULL, for rows in the order read, otherwise or when memory runs out.
 */
static uint32_t *load_order(const struct import_run *run, size_t *n)
{
        const struct seen_set *s = &run->seen;
        *n = 0;
        if (!run->bulk || s->n == 0 || (int64_t)s->n != run->rep->inserted)
                return NULL;
        uint32_t *order = malloc(s->n * sizeof(*order));
        if (order == NULL)
                return NULL;
        for (size_t i = 0; i < s->n; i++)
                order[i] = s->entries[i].row;
        *n = s->n;
        return order;
}

/* Reads the rows after the header; returns GL_OK or a status that stops the import. */
static int read_rows(struct import_run *run, struct csv_reader *csv, const int *map, size_t nheader,
                     struct import_progress *progress)
{
        struct csv_record rec;
        struct gl_error e = {0};
        int got;
        while ((got = csv_next(csv, &rec, &e)) == 1) {
                if (all_empty(&rec))
                        continue;
                run->rep->rows++;
                if (rec.nfields != nheader) {
                        int rc = import_report_add(run->rep, rec.line, "",
                                                   "有 %zu 个字段, 表头有 %zu 列 (the row has %zu "
                                                   "fields, the header %zu)",
                                                   rec.nfields, nheader, rec.nfields, nheader);
                        run->writing = false;
                        if (rc != GL_OK)
                                return rc;
                        continue;
                }
                char *values[MAX_COLUMNS] = {0};
                for (size_t i = 0; i < rec.nfields; i++)
                        if (map[i] >= 0)
                                values[map[i]] = rec.fields[i]; /* trimmed by all_empty */
                int rc = run->kind->row(run, rec.line, values);
                if (rc != GL_OK)
                        return rc;
                if (progress && progress->fn && run->rep->rows % PROGRESS_EVERY == 0) {
                        progress->rows = run->rep->rows;
                        progress->bytes_done = csv_bytes_done(csv);
                        progress->bytes_total = csv_bytes_total(csv);
                        progress->fn(progress);
                }
        }
        if (got < 0) {
                run->writing = false;
                return import_report_add(run->rep, csv_error_line(csv), "", "%s", e.message);
        }
        return GL_OK;
}

/*
 * A large import into a table it will at least double writes the rows first and makes the
 * table's secondary indexes (industry; year) afterwards, sorted in one pass, instead of
 * inserting each row into each index: dropped and made again from the schema's own statements
 * inside the import's transaction, so that a failure or a crash leaves them as they were. Measured
 * on a million enterprises: 22 s with the indexes kept, 14.6 s with them made afterwards. The
 * file's rows are estimated from its size at BULK_ROW_BYTES a row (fewer bytes than any real row,
 * so the estimate is high).
 */
#define BULK_MIN_ROWS 10000
#define BULK_ROW_BYTES 64

static int indexes_off(struct import_run *run, enum seal_kind kind, const char *table,
                       size_t file_bytes, struct db_index **idx, size_t *nidx)
{
        *idx = NULL;
        *nidx = 0;
        size_t estimate = file_bytes / BULK_ROW_BYTES;
        if (estimate < BULK_MIN_ROWS)
                return GL_OK;
        int64_t rows = 0;
        int rc = seal_store_count(run->app->db, kind, &rows);
        if (rc != GL_OK || (int64_t)estimate < rows)
                return rc;
        if ((rc = db_table_indexes(run->app->db, table, idx, nidx)) != GL_OK)
                return rc;
        return db_indexes_drop(run->app->db, *idx, *nidx);
}

/*
 * An import into an empty table sends its rows by the backend's bulk load (PostgreSQL's COPY;
 * SQLite's rows gathered and moved in key order, store/db.h): every row is new (duplicates in the
 * file are found from its keys before the load ends, and nothing is kept when there is one), and
 * a row that breaks a constraint fails the whole import as any would. The annual figures' check
 * that each enterprise is in the registry then reads the registry's USCCs once, beforehand.
 */
static int bulk_load(struct import_run *run, enum seal_kind kind)
{
        int64_t rows = 0;
        int rc = db_can_load(run->app->db) ? seal_store_count(run->app->db, kind, &rows) : GL_OK;
        if (rc != GL_OK || !db_can_load(run->app->db) || rows > 0)
                return rc;
        run->bulk = true;
        db_set_cache_mib(run->app->db, BULK_CACHE_MIB);
        if (run->enterprises) {
                enterprise_writer_load_new(run->enterprises);
                return GL_OK;
        }
        rc = enterprise_store_each_uscc(run->app->db, registry_add, run);
        if (rc == GL_OK) {
                registry_sort(&run->registry);
                run->registry_loaded = true;
                annual_writer_load_new(run->annual);
        }
        return rc;
}

static int import_file(struct app *app, const struct actor *who, const struct import_kind *kind,
                       const char *path, const char *encoding, struct import_progress *progress,
                       struct import_report *rep, struct gl_error *err)
{
        memset(rep, 0, sizeof(*rep));
        snprintf(rep->file, sizeof(rep->file), "%s", path ? path : "");
        if (!may_import(who, kind))
                return gl_fail(err, GL_EPERM, "", "无权导入 (your role may not import this)");
        if (app->pack == NULL)
                return gl_fail(err, GL_ESTATE, "", "未加载政策包 (no policy pack loaded)");
        enum csv_encoding enc = CSV_ENCODING_AUTO;
        if (encoding && csv_encoding_from_name(encoding, &enc) != GL_OK)
                return gl_fail(err, GL_EINVAL, "encoding",
                               "未知编码 '%s' (unknown encoding: utf-8 or gb18030)", encoding);

        struct import_run run = {.app = app, .who = who, .rep = rep, .kind = kind, .writing = true};
        app_now_iso(run.now);
        run.max_year = atoi(run.now);
        struct csv_reader *csv = NULL;
        int *map = NULL;
        struct db_index *idx = NULL;
        size_t nidx = 0;
        bool in_transaction = false;
        int rc = csv_open_file(path, path, enc, &csv, err);
        if (rc != GL_OK)
                return rc;
        snprintf(rep->digest, sizeof(rep->digest), "%s", csv_digest(csv));
        snprintf(rep->encoding, sizeof(rep->encoding), "%s",
                 csv_encoding_name(csv_encoding_used(csv)));

        struct csv_record header;
        struct gl_error e = {0};
        int got = csv_next(csv, &header, &e);
        if (got <= 0) {
                rc = got < 0 ? import_report_add(rep, csv_error_line(csv), "", "%s", e.message)
                             : import_report_add(rep, 0, "",
                                                 "文件为空, 缺少表头 (empty file: no header)");
                goto done;
        }
        size_t nheader = header.nfields;
        map = malloc(nheader * sizeof(*map));
        if (map == NULL) {
                rc = gl_fail(err, GL_ENOMEM, "", "out of memory");
                goto done;
        }
        rc = map_header(&run, &header, map);
        if (rc != GL_OK || rep->nproblems)
                goto done;

        /* The whole file is one transaction, with a page cache of its own size. */
        db_set_cache_mib(app->db, IMPORT_CACHE_MIB);
        rc = app_begin(app, err);
        if (rc != GL_OK)
                goto done;
        in_transaction = true;
        rc = kind == &enterprise_kind ? indexes_off(&run, SEAL_ENTERPRISE, "enterprises",
                                                    csv_bytes_total(csv), &idx, &nidx)
                                      : indexes_off(&run, SEAL_ANNUAL, "annual_figures",
                                                    csv_bytes_total(csv), &idx, &nidx);
        if (rc == GL_OK)
                rc = kind == &enterprise_kind ? enterprise_writer_open(app->db, &run.enterprises)
                                              : annual_writer_open(app->db, &run.annual);
        if (rc == GL_OK && run.enterprises) {
                enterprise_writer_on_write(run.enterprises, sealed_enterprise, &run);
                enterprise_writer_seal_inserts(run.enterprises, seal_enterprise_insert, &run);
        }
        if (rc == GL_OK && run.annual) {
                annual_writer_on_write(run.annual, sealed_annual, &run);
                annual_writer_seal_inserts(run.annual, seal_annual_insert, &run);
        }
        if (rc == GL_OK)
                rc = bulk_load(&run, kind == &enterprise_kind ? SEAL_ENTERPRISE : SEAL_ANNUAL);
        if (rc == GL_OK)
                rc = read_rows(&run, csv, map, nheader, progress);
        if (rc == GL_OK)
                rc = report_by_keys(&run);
        if (rc == GL_OK && rep->nproblems == 0) {
                size_t norder = 0;
                uint32_t *order = load_order(&run, &norder);
                seen_free(&run.seen); /* the order is all the load needs of it */
                rc = run.enterprises ? enterprise_writer_finish(run.enterprises, order, norder)
                                     : annual_writer_finish(run.annual, order, norder);
                free(order);
        }
        if (rc == GL_OK && rep->nproblems == 0)
                rc = db_indexes_make(app->db, idx, nidx);
        if (rc == GL_OK && rep->nproblems == 0 && rep->inserted + rep->updated > 0) {
                /* The table's count of rows, sealed with the import's record (app/seal.c). */
                rc = app_seal_count(app, kind == &enterprise_kind ? SEAL_ENTERPRISE : SEAL_ANNUAL,
                                    run.record, err);
                if (rc == GL_OK)
                        rc = audit_import(&run, err);
                rep->audited = rc == GL_OK;
        }
done:
        db_set_cache_mib(app->db, 0);
        enterprise_writer_close(run.enterprises);
        annual_writer_close(run.annual);
        seen_free(&run.seen);
        registry_free(&run.registry);
        db_indexes_free(idx, nidx);
        free(map);
        csv_close(csv);
        if (rc == GL_ENOMEM)
                gl_fail(err, rc, "", "内存不足 (out of memory)");
        else if (rc == GL_ELIMIT)
                gl_fail(err, rc, path, "文件行数超过 %u 行 (more lines than %u)", UINT32_MAX,
                        UINT32_MAX);
        else if (rc == GL_EDB)
                gl_fail(err, rc, "", "数据库错误 (database error): %s", db_errmsg(app->db));
        else if (rc == GL_EIO && (err == NULL || err->message[0] == '\0'))
                gl_fail(err, rc, "", /* the bulk load's temporary file (store/db.h) */
                        "无法写入临时文件 (cannot write a temporary file in %s, /var/tmp or /tmp)",
                        gl_temp_dir());
        if (rc == GL_OK && rep->nproblems) {
                rc = gl_fail(err, GL_EINVAL, path,
                             "共 %zu 处错误, 未导入任何数据 (%zu problems: nothing was imported)",
                             rep->nproblems, rep->nproblems);
        }
        if (rc != GL_OK) {
                rep->inserted = rep->updated = rep->unchanged = 0;
                rep->audited = false;
                if (in_transaction)
                        app_rollback(app);
                return rc;
        }
        if (in_transaction && (rc = app_commit(app, err)) != GL_OK) {
                rep->inserted = rep->updated = rep->unchanged = 0;
                rep->audited = false;
        }
        return rc;
}

int app_import_enterprises(struct app *app, const struct actor *who, const char *path,
                           const char *encoding, struct import_progress *progress,
                           struct import_report *rep, struct gl_error *err)
{
        return import_file(app, who, &enterprise_kind, path, encoding, progress, rep, err);
}

int app_import_annual(struct app *app, const struct actor *who, const char *path,
                      const char *encoding, struct import_progress *progress,
                      struct import_report *rep, struct gl_error *err)
{
        return import_file(app, who, &annual_kind, path, encoding, progress, rep, err);
}

/* ---- reading ---- */

/* Passes each record on to the caller's callback and keeps the first failure it reports. */
struct relay {
        int (*enterprise)(const struct enterprise *e, void *ctx);
        int (*annual)(const struct annual_figures *f, void *ctx);
        void *ctx;
        int failed; /* the callback's negative status, or 0 */
};

static int relay_result(struct relay *r, int got)
{
        if (got < 0)
                r->failed = got;
        return got;
}

static int relay_enterprise(const struct enterprise *e, void *p)
{
        struct relay *r = p;
        return relay_result(r, r->enterprise(e, r->ctx));
}

static int relay_annual(const struct annual_figures *f, void *p)
{
        struct relay *r = p;
        return relay_result(r, r->annual(f, r->ctx));
}

static int read_failed(struct app *app, int rc, const struct relay *r, struct gl_error *err)
{
        if (r->failed < 0)
                return app_read_failed(r->failed, err);
        if (rc != GL_OK)
                return gl_fail(err, GL_EDB, "", "数据库错误 (database error): %s",
                               db_errmsg(app->db));
        return GL_OK;
}

int app_enterprise_get(struct app *app, const struct actor *who, const char *uscc,
                       struct enterprise *out, struct gl_error *err)
{
        int rc = app_scope_check(who, SCOPE_ENTERPRISE, uscc ? uscc : "", err);
        if (rc != GL_OK)
                return rc;
        rc = enterprise_store_get(app->db, uscc ? uscc : "", out);
        if (rc == GL_OK)
                rc = app_scope_division(app, who, SCOPE_ENTERPRISE, out->division, NULL);
        if (rc == GL_ENOTFOUND)
                return gl_fail(err, rc, "uscc", "没有该企业 (no such enterprise)");
        if (rc != GL_OK)
                return gl_fail(err, GL_EDB, "", "数据库错误 (database error): %s",
                               db_errmsg(app->db));
        return GL_OK;
}

bool app_enterprise_covered(struct app *app, const struct actor *who, const char *uscc)
{
        struct enterprise e;
        return uscc && uscc[0] && enterprise_store_get(app->db, uscc, &e) == GL_OK &&
               app_scope_covers(app, who, e.division);
}

int app_enterprise_list(struct app *app, const struct actor *who, const struct enterprise_query *q,
                        int (*fn)(const struct enterprise *e, void *ctx), void *ctx, int64_t *total,
                        struct gl_error *err)
{
        int rc = app_scope_check(who, SCOPE_ENTERPRISE, NULL, err);
        if (rc != GL_OK)
                return rc;
        struct enterprise_query mine = *q;
        const char *only = app_scope_list_uscc(who, SCOPE_ENTERPRISE);
        if (only != NULL)
                mine.uscc = only;
        struct scope_division within;
        app_scope_list_division(app, who, &within);
        mine.division = within.prefix;
        struct relay r = {.enterprise = fn, .ctx = ctx};
        rc = enterprise_store_list(app->db, &mine, relay_enterprise, &r, total);
        return read_failed(app, rc, &r, err);
}

int app_annual_list(struct app *app, const struct actor *who, const char *uscc,
                    int (*fn)(const struct annual_figures *f, void *ctx), void *ctx,
                    struct gl_error *err)
{
        struct enterprise e;
        int rc = app_scope_check(who, SCOPE_FIGURES, uscc ? uscc : "", err);
        if (rc == GL_OK)
                rc = app_enterprise_get(app, who, uscc, &e, err);
        if (rc != GL_OK)
                return rc;
        struct relay r = {.annual = fn, .ctx = ctx};
        rc = annual_store_list(app->db, uscc, relay_annual, &r);
        return read_failed(app, rc, &r, err);
}
