/*
 * Storage of heavy-pollution-weather alerts (migration 0016): alerts, their versions with the
 * townships they name, and each version's results — blocks of packed records, one per (place,
 * unit kind), each record a unit's key and its class (the format: migration 0016) — with the
 * classes and places of the version beside them. app/alert.c is the
 * only writer, inside its transactions; it also reads the registry's units here (enterprises, and
 * construction sites under construction from the sites table of migration 0015). Times are local
 * 'YYYY-MM-DDTHH:MM' texts in the tables, core/alert.h's alert_time in the structs.
 */
#ifndef GL_ALERT_STORE_H
#define GL_ALERT_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/alert.h"
#include "../core/enterprise.h"
#include "db.h"

#define ALERT_NOTICE_MAX 127   /* bytes of a notice */
#define ALERT_REASON_MAX 500   /* bytes of a reason */
#define ALERT_TOWNSHIP_MAX 127 /* bytes of a township's name */

struct alert_head {
        int64_t id;
        char division[7];
        char status[8]; /* issued, lifted */
        int version;    /* the newest */
        char created_by[64];
        char created_at[24];
};

/* One version. townships is malloc'd (alert_version_clear frees it and params). */
struct alert_version {
        int64_t alert_id;
        int version;
        char change[8]; /* issue, change, lift */
        enum alert_level level;
        alert_time starts_at, ends_at, effective_at;
        bool whole_county;
        char **townships;
        size_t ntownships;
        char notice[ALERT_NOTICE_MAX + 1];
        char reason[ALERT_REASON_MAX + 1];
        char pack_id[64];
        int pack_version;
        gl_date params_on;
        char *params; /* JSON text */
        int results_version;
        int64_t enterprises, sites, restricted, halted;
        char created_by[64];
        char created_role[32];
        char created_at[24];
};

void alert_version_clear(struct alert_version *v);
/* Deep copy of src into dst (GL_ENOMEM). */
int alert_version_copy(struct alert_version *dst, const struct alert_version *src);

/* A class as stored. */
struct alert_class_row {
        int klass;
        struct alert_class c;
        struct alert_decision d;
        int64_t units;
};

int alert_store_insert(db *conn, const char *division, const char *by, const char *at, int64_t *id);
int alert_store_get(db *conn, int64_t id, struct alert_head *out); /* GL_ENOTFOUND */
int alert_store_set_head(db *conn, int64_t id, const char *status, int version);
/* Alerts newest first. */
int alert_store_list(db *conn, int (*fn)(const struct alert_head *a, void *ctx), void *ctx);

/* Writes the version and its townships. */
int alert_store_insert_version(db *conn, const struct alert_version *v);
/* The counts of a version, once its results are written. */
int alert_store_set_counts(db *conn, int64_t alert_id, int version, int64_t enterprises,
                           int64_t sites, int64_t restricted, int64_t halted);
/* The versions of an alert, oldest first (each valid during the call). */
int alert_store_versions(db *conn, int64_t alert_id,
                         int (*fn)(const struct alert_version *v, void *ctx), void *ctx);
/* The alerts that have a version whose [starts_at, ends_at) meets [from, to). */
int alert_store_alerts_meeting(db *conn, alert_time from, alert_time to,
                               int (*fn)(int64_t alert_id, void *ctx), void *ctx);

/* Whether an enterprise or a site of the registry stands in township. */
int alert_store_township_known(db *conn, const char *township, bool *known);
/* The townships of the registry's enterprises and sites, in order. */
int alert_store_townships(db *conn, int (*fn)(const char *township, void *ctx), void *ctx);

/* ---- the units of the registry ---- */

/* Every enterprise whose division begins with prefix ("": all) in USCC order (only the columns
 * the rule reads, and the township). */
int alert_store_scan_enterprises(db *conn, const char *prefix,
                                 int (*fn)(const struct enterprise *e, void *ctx), void *ctx);
/* Every site under construction whose division begins with prefix ("": all; a site of none
 * is the pack's county's, in it when blank_too) in id order. */
struct alert_site_unit {
        int64_t id;
        char township[ALERT_TOWNSHIP_MAX + 1];
        bool listed;
};
int alert_store_scan_sites(db *conn, const char *prefix, bool blank_too,
                           int (*fn)(const struct alert_site_unit *s, void *ctx), void *ctx);
/* The township and the division ("" for a site of none) of one enterprise (GL_ENOTFOUND) or one
 * site (uscc NULL). */
int alert_store_unit_township(db *conn, const char *uscc, int64_t site_id, char *out, size_t size,
                              char division[static 7]);

/* The name of one enterprise, or the project of one site (uscc NULL); "" when there is none. */
int alert_store_unit_name(db *conn, const char *uscc, int64_t site_id, char *out, size_t size);

/* ---- results ---- */

int alert_store_insert_place(db *conn, int64_t alert_id, int version, int place,
                             const char *township);
int alert_store_insert_class(db *conn, int64_t alert_id, int version,
                             const struct alert_class_row *k);
/* The places of a version, by number (fn may be called with gaps never: 0..n-1). */
int alert_store_places(db *conn, int64_t alert_id, int version,
                       int (*fn)(int place, const char *township, void *ctx), void *ctx);
int alert_store_classes(db *conn, int64_t alert_id, int version,
                        int (*fn)(const struct alert_class_row *k, void *ctx), void *ctx);

/* Gathers a version's results in memory, one block per (place, unit kind), and writes the blocks
 * at alert_result_writer_finish. Units may come in any order (the scans give them in key order);
 * a unit given twice, a class outside 0..65535 or a USCC longer than 18 bytes is GL_EINVAL. */
#define ALERT_BLOCK_FORMAT 1 /* the leading byte of a block */
struct alert_result_writer;
int alert_result_writer_open(db *conn, int64_t alert_id, int version,
                             struct alert_result_writer **out);
int alert_result_writer_add(struct alert_result_writer *w, int64_t site_id, const char *uscc,
                            int place, int klass);
int alert_result_writer_finish(struct alert_result_writer *w);
void alert_result_writer_close(struct alert_result_writer *w);

struct alert_result {
        int64_t site_id; /* 0: an enterprise */
        char uscc[19];   /* "" for a site */
        int place;
        int klass;
        char name[256];                        /* the enterprise's name or the site's project */
        char builder_uscc[19];                 /* a site's builder */
        char township[ALERT_TOWNSHIP_MAX + 1]; /* from the places */
};

/* Which results a reading takes. */
struct alert_result_query {
        int64_t alert_id;
        int version;        /* the results version */
        const char *uscc;   /* an enterprise's own: its result and its sites' (as builder); NULL */
        int unit;           /* 0 both, 1 enterprises, 2 sites */
        int place;          /* -1 any */
        const int *classes; /* only these classes (nclasses of them); NULL any */
        size_t nclasses;
        int64_t offset, limit; /* limit 0: all */
};
int alert_store_results(db *conn, const struct alert_result_query *q,
                        int (*fn)(const struct alert_result *r, void *ctx), void *ctx);
int alert_store_results_count(db *conn, const struct alert_result_query *q, int64_t *n);
/* The result of one unit: GL_ENOTFOUND when the version did not reach it. The block of the unit's
 * township is searched first, then the others (a unit moved since). A damaged block: GL_EDB. */
int alert_store_result_of(db *conn, int64_t alert_id, int version, const char *uscc,
                          int64_t site_id, int *place, int *klass);

/* A cursor over a version's results in key order — enterprises by USCC, then sites by id —
 * merging the blocks of every place, without names (for a diff). */
struct alert_result_cursor;
int alert_result_cursor_open(db *conn, int64_t alert_id, int version,
                             struct alert_result_cursor **out);
/* 1 and *out filled, 0 at the end, < 0 on error. */
int alert_result_cursor_next(struct alert_result_cursor *c, int64_t *site_id, const char **uscc,
                             int *place, int *klass);
void alert_result_cursor_close(struct alert_result_cursor *c);

#endif
