/*
 * Use cases of the enterprise registry: importing enterprises and their annual figures from CSV
 * files, and reading them under the actor's isolation rules.
 *
 * Imports. A file is imported whole or not at all: every row is checked, and when any row is bad
 * nothing is written and the report lists every bad field of every bad row as
 * "FILE:LINE: column: reason" (a bad USCC, an industry the policy pack does not know, a grade not
 * on the industry's ladder, a flag that is neither 1/0 nor 是/否, an amount that is negative, has
 * too many decimals or is too large, a year out of range, a USCC or (USCC, year) repeated in the
 * file, annual figures for an enterprise not in the registry). All rows are written in one
 * transaction with prepared statements reused, and one audit record describes the whole import
 * (file name, BLAKE2b digest of its bytes, encoding, rows inserted, updated and unchanged).
 * Importing a file whose content is already in the registry changes nothing and writes no audit
 * record: an audit record always describes a change.
 *
 * Headers may be English (uscc,name,industry,township,grade,air_emitter,key_air_emitter,
 * positive_list and uscc,year,tax_yuan,rd_yuan,revenue_yuan,so2_t,nox_t,pm_t,vocs_t with optional
 * cod_t,nh3n_t) or Chinese (统一社会信用代码, 企业名称, 行业, 乡镇, 绩效等级, 涉气, 重点排污单位,
 * 正面清单 and 统一社会信用代码, 年度, 税收(元), 研发投入(元), 营业收入(元), 二氧化硫(吨),
 * 氮氧化物(吨), 颗粒物(吨), 挥发性有机物(吨), 化学需氧量(吨), 氨氮(吨), with half- or full-width
 * parentheses), in any order; other columns are ignored. Fields are trimmed of surrounding spaces.
 * Flags are 1/0 or 是/否. An empty amount means "not reported"; an optional pollutant column that
 * is absent leaves the stored figure as it was. Industries are given by code or Chinese name and
 * stored as codes.
 *
 * Who may import: the system actor, administrators and county officers; annual figures also the
 * county tax department, whose figures are recorded as confirmed (tax_confirmed).
 *
 * Reading, under the visibility rule of app/scope.h: an enterprise user sees only its own
 * enterprise; every other signed-in role sees the county. An enterprise that exists but may not be
 * seen is answered exactly like one that does not exist (GL_ENOTFOUND), so that the answer reveals
 * nothing. The callbacks of the listings follow app.h: 0 goes on, a positive value stops, a
 * negative status (GL_ENOMEM) fails the read.
 */
#ifndef GL_APP_ENTERPRISE_H
#define GL_APP_ENTERPRISE_H

#include <stddef.h>
#include <stdint.h>

#include "../core/enterprise.h"
#include "../store/enterprise_store.h"
#include "app.h"

/* A column an import kind reads: its English and Chinese header names (a file may use either;
 * a template writes the Chinese one), and whether a file must have it. */
struct import_column {
        const char *en;
        const char *zh;
        bool required;
};

/* The columns of the import of kind ("enterprises", "annual" or "averages"), in the order a
 * template lists them, with their number in *n; NULL for an unknown kind. Static data. */
const struct import_column *app_import_columns(const char *kind, size_t *n);

/* One bad field of a row. line is 0 for a problem of the whole file. */
struct import_problem {
        int64_t line;
        char column[64]; /* the column as named in the file's header, or "" */
        char *reason;    /* owned by the report */
};

struct import_report {
        char file[256];   /* the file as named by the caller */
        char digest[65];  /* BLAKE2b-256 of the file's bytes, hex */
        char encoding[8]; /* "utf-8" or "gb18030" */
        int64_t rows;     /* data rows read (blank rows are skipped) */
        int64_t inserted, updated, unchanged;
        /* enterprises whose provisional grade (measure 1) was kept against the file's grade */
        int64_t grades_kept;
        bool audited; /* an audit record was written */
        struct import_problem *problems;
        size_t nproblems;
        size_t cap;
};

/* Frees the problems of a report (the struct itself belongs to the caller); accepts NULL. */
void import_report_free(struct import_report *rep);

/* Adds a problem to the report (printf-style reason); GL_ENOMEM when it cannot. */
int import_report_add(struct import_report *rep, int64_t line, const char *column, const char *fmt,
                      ...) __attribute__((format(printf, 4, 5)));

/* Writes problem i as "FILE:LINE: column: reason" (or "FILE: reason" for the whole file). */
void import_problem_format(const struct import_report *rep, size_t i, char *buf, size_t size);

/* Called every 10,000 rows while an import runs. */
struct import_progress {
        void (*fn)(const struct import_progress *p);
        void *ctx;
        int64_t rows;
        size_t bytes_done, bytes_total;
};

/*
 * Imports enterprises from the CSV file at path; encoding "utf-8", "gb18030" or NULL (detect).
 * progress may be NULL. rep is filled (and must be freed with import_report_free) whatever the
 * outcome. Returns GL_OK when the file was imported; GL_EINVAL when a row or the header is bad
 * (every problem is in rep, err says how many) or the file is not readable CSV in the encoding
 * (err names FILE:LINE); GL_EIO when the file cannot be read; GL_EPERM for a role that may not
 * import; GL_EDB when the database fails. Nothing is written unless GL_OK is returned.
 */
int app_import_enterprises(struct app *app, const struct actor *who, const char *path,
                           const char *encoding, struct import_progress *progress,
                           struct import_report *rep, struct gl_error *err);

/* Imports annual figures the same way. Years run from 2000 to the current year. */
int app_import_annual(struct app *app, const struct actor *who, const char *path,
                      const char *encoding, struct import_progress *progress,
                      struct import_report *rep, struct gl_error *err);

#define GL_FIRST_YEAR 2000

/* One enterprise; GL_ENOTFOUND when it does not exist or the actor may not see it. */
int app_enterprise_get(struct app *app, const struct actor *who, const char *uscc,
                       struct enterprise *out, struct gl_error *err);

/*
 * Enterprises matching q (see enterprise_store_list), restricted to the actor's own for an
 * enterprise user. *total (may be NULL) receives the number of matches.
 */
int app_enterprise_list(struct app *app, const struct actor *who, const struct enterprise_query *q,
                        int (*fn)(const struct enterprise *e, void *ctx), void *ctx, int64_t *total,
                        struct gl_error *err);

/* The annual figures of one enterprise, oldest year first; GL_ENOTFOUND as app_enterprise_get. */
int app_annual_list(struct app *app, const struct actor *who, const char *uscc,
                    int (*fn)(const struct annual_figures *f, void *ctx), void *ctx,
                    struct gl_error *err);

/* Whether the registered enterprise uscc is in who's jurisdiction (app/scope.h): false for one
 * outside it, for one not registered, and when the registry cannot be read. */
bool app_enterprise_covered(struct app *app, const struct actor *who, const char *uscc);

#endif
