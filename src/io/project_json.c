/*
 * Measure 4's and measure 7's JSON shapes (project_json.h).
 */
#include "project_json.h"

#include "../core/policy.h"

#include <string.h>

static json_t *date_or_null(gl_date d)
{
        char buf[11];
        return d == GL_DATE_NONE ? json_null() : json_string(date_format_iso(d, buf));
}

static json_t *grams_object(const int64_t g[POLLUTANT_COUNT_])
{
        json_t *o = json_object();
        for (int x = 0; o && x < POLLUTANT_COUNT_; x++)
                if (g[x] > 0)
                        json_object_set_new(o, pollutant_code((enum pollutant)x),
                                            json_integer((json_int_t)g[x]));
        return o;
}

static json_t *lines_json(const struct m4_explanation *e)
{
        json_t *a = json_array();
        for (size_t i = 0; a && i < e->n; i++)
                json_array_append_new(a, json_string(e->line[i]));
        return a;
}

json_t *project_json_plan(const struct plan_row *p)
{
        return json_pack("{s:I, s:s, s:s, s:s, s:o}", "id", (json_int_t)p->id, "park", p->park,
                         "name", p->name, "state", p->state, "approved_on",
                         date_or_null(p->approved_on));
}

json_t *project_json_guidance(const struct guidance_row *g)
{
        return json_pack("{s:I, s:I, s:o, s:s, s:s}", "id", (json_int_t)g->id, "case",
                         (json_int_t)g->case_id, "given_on", date_or_null(g->given_on), "help",
                         g->help, "guide", g->guide);
}

static json_t *review_json(const struct totals_review_row *r)
{
        json_t *lines = json_array(), *sources = json_array();
        for (int x = 0; lines && x < POLLUTANT_COUNT_; x++) {
                const struct totals_line *l = &r->line[x];
                if (!l->major)
                        continue;
                char ratio[48];
                snprintf(ratio, sizeof(ratio), "%lld/%lld", (long long)l->ratio.num,
                         (long long)l->ratio.den);
                json_array_append_new(
                    lines, json_pack("{s:s, s:s, s:I, s:s, s:I, s:I}", "pollutant",
                                     pollutant_code((enum pollutant)x), "name_zh",
                                     pollutant_name_zh((enum pollutant)x), "added_g",
                                     (json_int_t)l->added_g, "ratio", ratio, "need_g",
                                     (json_int_t)l->need_g, "covered_g", (json_int_t)l->covered_g));
        }
        for (size_t i = 0; sources && i < r->nsources; i++) {
                const struct totals_source *s = &r->sources[i];
                json_array_append_new(sources,
                                      json_pack("{s:s, s:s, s:s, s:I}", "pollutant",
                                                pollutant_code(s->pollutant), "kind",
                                                totals_kind_code(s->kind), "account", s->account,
                                                "grams", (json_int_t)s->grams));
        }
        json_t *why = json_loads(r->explanation, 0, NULL);
        return json_pack("{s:I, s:o, s:s, s:b, s:o, s:o, s:o}", "id", (json_int_t)r->id,
                         "reviewed_on", date_or_null(r->reviewed_on), "reviewer", r->reviewer,
                         "passed", r->passed, "lines", lines, "sources", sources, "explanation",
                         why ? why : json_array());
}

static json_t *application_json(const struct m4_application *a, const char *state)
{
        json_t *missing = json_loads(a->missing, 0, NULL);
        return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:s}", "case",
                         (json_int_t)a->case_id, "state", state, "document_type", a->document_type,
                         "guide", a->guide, "guide_name", a->guide_name, "guide_phone",
                         a->guide_phone, "missing", missing ? missing : json_array(), "applied_on",
                         date_or_null(a->applied_on), "accepted_on", date_or_null(a->accepted_on),
                         "decided_on", date_or_null(a->decided_on), "outcome", a->outcome);
}

json_t *project_json(const struct policy_pack *pack, const struct project_view *v)
{
        const struct project_row *p = &v->p;
        const struct policy_term *c =
            policy_term_find(pack, POLICY_PROJECT_CATEGORIES, p->v.category);
        int64_t needs[POLLUTANT_COUNT_];
        for (int x = 0; x < POLLUTANT_COUNT_; x++)
                needs[x] = v->needs.line[x].need_g;
        const char *state = v->has_application && v->a.current ? p->case_state : v->a.outcome;
        return json_pack(
            "{s:I, s:s, s:s, s:s, s:b, s:{s:s, s:s, s:s}, s:s, s:o, s:o, s:b, s:o, s:o, s:o, s:o, "
            "s:o, s:o}",
            "id", (json_int_t)p->id, "name", p->v.name, "builder_uscc", p->v.builder_uscc,
            "builder_name", p->v.builder_name, "builder_registered", p->builder_registered,
            "category", "code", p->v.category, "name_zh", c ? c->name_zh : p->v.category, "name_en",
            c && c->name_en ? c->name_en : "", "township", p->v.township, "plan",
            v->has_plan ? project_json_plan(&v->plan) : json_null(), "added_g",
            grams_object(p->v.added_g), "infrastructure", v->infrastructure,
            "infrastructure_explanation", lines_json(&v->infra), "needs", grams_object(needs),
            "needs_explanation", lines_json(&v->needs.why), "totals_review",
            v->has_review ? review_json(&v->review) : json_null(), "application",
            v->has_application ? application_json(&v->a, state) : json_null(), "eia_approved_on",
            date_or_null(p->eia_approved_on));
}
