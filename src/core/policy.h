/*
 * A policy pack (政策包): the measures of one county's published policy, as a catalog (Chinese text
 * and an English summary, who it applies to, procedure, in force from/to, responsible units,
 * contacts), the industries it knows with their grade ladders, and its dated parameters. Parameters
 * are `name -> [{from, to?, value}]`: a rule asks for a parameter's value on a date, and every
 * decision records the pack id and version and the values it used. Every parameter cites its
 * measure and clause.
 *
 * Parsing JSON is done at the edge (io/policy_json.c); this module holds the types and the lookups.
 * A pack is immutable once loaded (policy_pack_override is for a what-if copy) and may be shared
 * between threads. Everything a pack points to is owned by it and freed by policy_pack_free
 * (accepts NULL).
 */
#ifndef GL_POLICY_H
#define GL_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "gl.h"
#include "procedure.h"

struct policy_contact {
        char *name;       /* 联系人 */
        char *phone;      /* 联系电话, exactly as published */
        bool phone_valid; /* false when the published number cannot be a Chinese phone number */
        char *phone_note; /* why it is flagged (Chinese), or NULL */
};

/* Every string of a measure is set; an English text the pack leaves out is "". */
struct policy_measure {
        int number; /* 1..8 for Pingshan 2022 */
        char *title_zh, *title_en;
        char *content_zh, *content_en;         /* 政策内容 */
        char *who_zh, *who_en;                 /* 适用对象 */
        char *procedure_zh, *procedure_en;     /* 操作流程 */
        char *in_force_zh;                     /* 兑现时间, as published */
        gl_date in_force_from;                 /* GL_DATE_NONE: since publication */
        gl_date in_force_to;                   /* GL_DATE_NONE: ongoing (长期) */
        char *responsible_zh, *responsible_en; /* 职责分工 */
        struct policy_contact *contacts;
        size_t ncontacts;
};

struct policy_industry {
        char *code;    /* e.g. "steel_long" */
        char *name_zh; /* e.g. "长流程钢铁"; accepted as an alias of the code on import */
        char *name_en;
        char **ladder; /* grade ladder, lowest first, e.g. D, C, B-, B, A */
        size_t nladder;
};

/*
 * A named term of one of the pack's tables: a sector department (部门: code, full Chinese name,
 * the short names it goes by, "住建局"), a category of construction project (项目类别), a township
 * (乡镇: its code is its Chinese name, which records keep) or a reason for inspecting a site
 * (检查事由). Every string is set; an English name the pack leaves out is "".
 */
struct policy_term {
        char *code;    /* "housing_construction"; a township's is its Chinese name */
        char *name_zh; /* "县住房和城乡建设局" */
        char *name_en;
        char **aliases_zh; /* other Chinese names accepted for the code: "住建局", "县住建局" */
        size_t naliases_zh;
};

/* The tables of terms a pack may hold (each may be empty). */
enum policy_table {
        POLICY_DEPARTMENTS,        /* "departments" */
        POLICY_SITE_CATEGORIES,    /* "site_categories" */
        POLICY_TOWNSHIPS,          /* "townships" */
        POLICY_INSPECTION_REASONS, /* "inspection_reasons" */
        POLICY_PROJECT_CATEGORIES, /* "project_categories": measure 4's construction projects */
        POLICY_TABLES_
};

enum policy_value_kind { POLICY_INT, POLICY_TEXT, POLICY_LIST };

struct policy_value {
        gl_date from; /* first day it applies */
        gl_date to;   /* last day it applies; GL_DATE_NONE: open */
        enum policy_value_kind kind;
        int64_t integer;
        char *text;
        char **list;
        size_t nlist;
};

struct policy_param {
        char *name; /* e.g. "m1.key_margin_percent" */
        int measure;
        char *clause; /* the words of the measure it implements (Chinese) */
        char *description_zh;
        char *description_en;
        /* A short name for screens ("适用行业"), optional: the description stays the reading. */
        char *label_zh;
        char *label_en;
        struct policy_value *values;
        size_t nvalues;
        enum policy_value_kind kind; /* the kind of every value */
        bool is_date;                /* POLICY_TEXT values are ISO dates ("kind": "date") */
        char *of; /* "industry" or "grade": text and list items must name one; or NULL */
        /* What-if: set by policy_pack_override, which keeps the pack's own values here (owned)
         * and puts the assumed one in values. Unset in a pack as loaded. */
        bool overridden;
        struct policy_value *pack_values;
        size_t npack_values;
};

struct policy_pack {
        char *id; /* e.g. "pingshan-2022" */
        int version;
        char *division; /* division code, e.g. "130131" */
        char *title_zh, *title_en;
        char *issuer_zh; /* 石家庄市生态环境局平山县分局 */
        char *issuer_en; /* its English name, or NULL */
        struct policy_measure *measures;
        size_t nmeasures;
        struct policy_industry *industries;
        size_t nindustries;
        struct policy_term *terms[POLICY_TABLES_]; /* enum policy_table */
        size_t nterms[POLICY_TABLES_];
        struct policy_param *params;
        size_t nparams;
        struct procedure *procedures; /* the procedures it declares (core/procedure.h) */
        size_t nprocedures;
};

void policy_pack_free(struct policy_pack *pack);

const struct policy_measure *policy_measure_find(const struct policy_pack *pack, int number);
/* By code, or by Chinese name. */
const struct policy_industry *policy_industry_find(const struct policy_pack *pack,
                                                   const char *code_or_name);
const struct policy_param *policy_param_find(const struct policy_pack *pack, const char *name);
/* A term of a table by its code, its Chinese name or one of its Chinese aliases; NULL when the
 * table has none such (or text is NULL or ""). */
const struct policy_term *policy_term_find(const struct policy_pack *pack, enum policy_table table,
                                           const char *text);
/* The table's key in a pack ("departments", ...). */
const char *policy_table_name(enum policy_table table);
/* The value of a parameter in force on a date, or NULL when the parameter has none then. */
const struct policy_value *policy_param_value(const struct policy_pack *pack, const char *name,
                                              gl_date on);
/* Integer parameter on a date; GL_ENOTFOUND when absent, GL_EINVAL when not an integer. */
int policy_param_int(const struct policy_pack *pack, const char *name, gl_date on, int64_t *out);
/* True when the measure is in force on the date. */
bool policy_measure_in_force(const struct policy_measure *m, gl_date on);

/* Text parameter (kind text or date) on a date; *out points into the pack. GL_ENOTFOUND, GL_EINVAL.
 */
int policy_param_text(const struct policy_pack *pack, const char *name, gl_date on,
                      const char **out);
/* Date parameter (kind date) on a date. GL_ENOTFOUND when absent, GL_EINVAL when not a date. */
int policy_param_date(const struct policy_pack *pack, const char *name, gl_date on, gl_date *out);
/* True when the list parameter has item among its values on the date. */
bool policy_param_list_has(const struct policy_pack *pack, const char *name, gl_date on,
                           const char *item);
/*
 * Writes a value as text into buf (an integer, the text, or the list items joined by ","), always
 * NUL-terminated; returns buf. For explanations and listings.
 */
char *policy_value_format(const struct policy_value *v, char *buf, size_t size);

/* True for the performance grades a ladder may name: A, B, B-, C, D. */
bool policy_grade_is_known(const char *grade);
/* Position of a grade in an industry's ladder (0 = lowest), or -1 when the ladder lacks it. */
int policy_ladder_rank(const struct policy_industry *ind, const char *grade);
/*
 * The next grade up the industry's ladder (高一级别), or NULL when grade is the top or not on the
 * ladder. The empty grade (none yet) has no next grade.
 */
const char *policy_ladder_next(const struct policy_industry *ind, const char *grade);

/*
 * Whether text can be a Chinese phone number: an 11-digit mobile number (1[3-9]xxxxxxxxx), or a
 * fixed line "0AA(A)-NNNNNNN(N)" with a 3- or 4-digit area code and a 7- or 8-digit local number.
 * On false, fills note (Chinese, may be NULL) with the reason.
 */
bool policy_phone_is_valid(const char *text, char *note, size_t note_size);

/*
 * What-if: replaces every value of parameter name by one value parsed from text (an integer, or a
 * comma-separated list for list parameters, "" being the empty list, or text), in force for all
 * dates. GL_ENOTFOUND names
 * the unknown parameter; GL_EINVAL when text does not fit its kind (an item of an "of" parameter
 * that names no industry or grade, a grade ladder that is not lowest first). The pack's own values
 * are kept (policy_param_pack_value); overriding the same parameter again replaces the assumed
 * value and keeps the pack's. On failure the parameter is unchanged.
 */
int policy_pack_override(struct policy_pack *pack, const char *name, const char *text,
                         struct gl_error *err);
/* True when the parameter's value is a what-if (policy_pack_override). */
bool policy_param_is_overridden(const struct policy_pack *pack, const char *name);
/* The pack's own value of a parameter on a date, before any what-if override; NULL when the pack
 * has none then (or no such parameter). The same as policy_param_value when not overridden. */
const struct policy_value *policy_param_pack_value(const struct policy_pack *pack, const char *name,
                                                   gl_date on);
/* The parameters overridden in pack, in the pack's order: fills at most max of them into out
 * (pointers into the pack) and returns how many there are. */
size_t policy_pack_overrides(const struct policy_pack *pack, const struct policy_param **out,
                             size_t max);

#endif
