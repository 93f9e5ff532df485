/*
 * Measure 4's rules (环评服务百日攻坚), as far as they are pure: a construction project (建设项目)
 * as given, checked and put in the pack's words (its builder by USCC, its category of the pack's
 * project_categories, its township, the pollutants it adds in grams); whether its category is
 * infrastructure that needs no total-quantity indicators before its EIA is approved (基础设施项目
 * 不再将总量指标作为环评审批前置条件: m4.infrastructure_categories, and onshore wind by the reading
 * m4.onshore_wind_infrastructure); the materials an EIA document requires and which are missing
 * (容缺受理: m4.materials_*); the limit of the decision by the rule the pack chooses
 * (m4.decision_limit_rule: Hebei's working days or the EIA Law's days, per document type); and
 * parallel approval (并联审批): a project under a park's planning EIA is approved no earlier than
 * the plan.
 *
 * Every decision adds its lines to an explanation (struct m4_explanation) naming the measure, the
 * clause and each dated parameter with its value. Pure: no I/O and no clock; the days are the
 * caller's. Every refusal fills err (GL_EINVAL for bad input, GL_ESTATE for a rule that does not
 * allow it yet), the field concerned and a Chinese message with its English gloss.
 */
#ifndef GL_M4_EIA_H
#define GL_M4_EIA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "enterprise.h"
#include "gl.h"
#include "procedure.h"

struct policy_pack;

#define M4_PROCEDURE "m4.eia"
#define M4_NAME_MAX 300         /* bytes of a project's or a plan's name */
#define M4_BUILDER_NAME_MAX 255 /* bytes of a builder's name */
#define M4_NOTE_MAX 4000        /* bytes of a guidance note */
#define M4_ADDED_MAX_G                                                                             \
        1000000000000000LL /* grams: a billion tonnes, more than any project adds                  \
                            */
#define M4_MATERIALS_MAX 16
#define M4_LINES_MAX 24
#define M4_LINE_MAX 400

/* An explanation: Chinese sentences, in the order the rule took its steps. */
struct m4_explanation {
        size_t n;
        char line[M4_LINES_MAX][M4_LINE_MAX];
};
/* Appends a line (silently dropped past M4_LINES_MAX; cut at M4_LINE_MAX). e may be NULL. */
void m4_explain(struct m4_explanation *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The EIA documents (环评文件) of the EIA Law art. 16. */
enum m4_document_type {
        M4_REPORT,            /* 环境影响报告书 */
        M4_REPORT_FORM,       /* 环境影响报告表 */
        M4_REGISTRATION_FORM, /* 环境影响登记表: only filed (备案), never approved */
        M4_DOCUMENT_TYPE_COUNT_
};
const char *m4_document_type_code(enum m4_document_type t); /* "report", ... */
const char *m4_document_type_name_zh(enum m4_document_type t);
/* M4_DOCUMENT_TYPE_COUNT_ when code is none of them. */
enum m4_document_type m4_document_type_from_code(const char *code);

/* A project as given (texts borrowed; NULL: not given). added[p] the grams a year of pollutant p
 * it adds, as decimal digits (NULL: none). */
struct m4_project_input {
        const char *name;
        const char *builder_uscc;
        const char *builder_name;
        const char *category; /* a code, Chinese name or alias of the pack's project_categories */
        const char *township; /* a township of the pack */
        const char *added[POLLUTANT_COUNT_];
        /* The builder is in the enterprise registry (its USCC taken as it stands there); one
         * outside it needs a valid one (GB 32100 check characters). */
        bool builder_registered;
};

struct m4_project_values {
        char name[M4_NAME_MAX + 1];
        char builder_uscc[19];
        char builder_name[M4_BUILDER_NAME_MAX + 1];
        char category[64]; /* the category's code */
        char township[128];
        int64_t added_g[POLLUTANT_COUNT_];
};

/*
 * Checks a new project and fills out: the name and the builder's name plain text (name,
 * builder_name), the builder's USCC (builder_uscc), the category (category) and township
 * (township) of the pack, each pollutant's grams a whole number from 0 to M4_ADDED_MAX_G (field
 * "POLLUTANT", e.g. "so2"). The first problem fails naming its field; out is then unspecified.
 */
int m4_project_check(const struct policy_pack *pack, const struct m4_project_input *in,
                     struct m4_project_values *out, struct gl_error *err);

/* Whether text (NULL: none) is plain UTF-8 of at most max bytes without control characters (line
 * breaks and tabs allowed when multiline); the message names label. */
int m4_text_check(const char *field, const char *label, const char *text, size_t max, bool required,
                  bool multiline, struct gl_error *err);

/*
 * Whether a project of category (a code) is infrastructure on day `on` that is approved without
 * total-quantity indicators: one of m4.infrastructure_categories, or onshore_wind while
 * m4.onshore_wind_infrastructure is 1 (a reading of the measure's "等"). Explains either way,
 * naming the category and the parameter.
 */
bool m4_is_infrastructure(const struct policy_pack *pack, gl_date on, const char *category,
                          struct m4_explanation *e);

/* A list of material names (pointers into the pack). */
struct m4_materials {
        size_t n;
        const char *name[M4_MATERIALS_MAX];
};

/*
 * The materials an EIA document of type t requires on day `on` (m4.materials_report,
 * m4.materials_report_form, m4.materials_registration_form), plus m4.materials_under_plan for a
 * project in a park with a planning EIA, minus m4.totals_statement_material for infrastructure
 * (it needs no indicators). GL_EINVAL (field "document_type") when the pack has no list then.
 */
int m4_required_materials(const struct policy_pack *pack, gl_date on, enum m4_document_type t,
                          bool under_plan, bool infrastructure, struct m4_materials *out,
                          struct gl_error *err);

/* The required materials none of handed (nhanded names) is: written to missing, in the order
 * required; returns how many. */
size_t m4_missing_materials(const struct m4_materials *required, const char *const *handed,
                            size_t nhanded, struct m4_materials *missing);

/* Writes the names of m joined by "、" into buf (always NUL-terminated); returns buf. */
char *m4_materials_join(const struct m4_materials *m, char *buf, size_t size);

/* The limit of the decision on an EIA document. */
struct m4_decision_limit {
        enum procedure_rule
            rule; /* PROCEDURE_RULE_WORKING_DAYS (Hebei) or PROCEDURE_RULE_DAYS (law) */
        int length;
        char param[64]; /* the parameter of the length, e.g. "m4.decision_working_days_report" */
        char rule_value[32]; /* m4.decision_limit_rule's value: hebei_working_days or law_days */
};

/*
 * The limit of the decision on a document of type t accepted on day `on`, by
 * m4.decision_limit_rule: "hebei_working_days" (m4.decision_working_days_TYPE working days) or
 * "law_days" (m4.decision_days_TYPE days, EIA Law art. 22). A registration form is only filed and
 * has no decision (GL_EINVAL, field "document_type"); a rule or length the pack lacks then:
 * GL_EINVAL naming the parameter.
 */
int m4_decision_limit(const struct policy_pack *pack, gl_date on, enum m4_document_type t,
                      struct m4_decision_limit *out, struct m4_explanation *e,
                      struct gl_error *err);

/* A park's planning EIA (规划环评) as the rule needs it. */
struct m4_plan_facts {
        int64_t id;
        const char *name;
        bool approved;
        gl_date approved_on; /* GL_DATE_NONE while in review */
};

/*
 * Parallel approval (并联审批, m4.parallel_approval): a project under a plan (plan NULL: none) is
 * approved on day `on` no earlier than its plan: refused (GL_ESTATE, field "plan", naming the plan)
 * while the plan is in review, or when `on` is before the plan's approved_on (the same day is
 * allowed). Explains the outcome.
 */
int m4_plan_allows_approval(const struct policy_pack *pack, gl_date on,
                            const struct m4_plan_facts *plan, struct m4_explanation *e,
                            struct gl_error *err);

#endif
