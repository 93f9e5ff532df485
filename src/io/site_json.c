/*
 * site_json.h: jansson trees of a construction site, an inspection, a change, an application, an
 * objection and a site of the public list.
 */
#include "site_json.h"

#include "../core/date.h"
#include "../core/policy.h"

#include <string.h>

static json_t *text_or_null(const char *s)
{
        return s && s[0] ? json_string(s) : json_null();
}

static json_t *date_or_null(gl_date d)
{
        char buf[11];
        return d == GL_DATE_NONE ? json_null() : json_string(date_format_iso(d, buf));
}

static void set(json_t *o, const char *key, json_t *v)
{
        json_object_set_new(o, key, v ? v : json_null());
}

/* The names of a term: key_name_zh, key_name_en (null when the pack does not know it). */
static void term_names(json_t *o, const struct policy_pack *pack, enum policy_table t,
                       const char *key, const char *code, bool zh)
{
        const struct policy_term *term = policy_term_find(pack, t, code);
        char k[64];
        if (zh) {
                snprintf(k, sizeof(k), "%s_name_zh", key);
                set(o, k, term ? json_string(term->name_zh) : json_null());
        }
        snprintf(k, sizeof(k), "%s_name_en", key);
        set(o, k, term ? text_or_null(term->name_en) : json_null());
}

static const char *state_label(const struct policy_pack *pack, const char *state, bool en)
{
        const struct procedure *p = procedure_find(pack, M8_PROCEDURE);
        int si = p ? procedure_state_index(p, state) : -1;
        if (si < 0)
                return NULL;
        return en ? p->states[si].label_en : p->states[si].label_zh;
}

json_t *site_json(const struct policy_pack *pack, const struct site_row *s)
{
        json_t *o = json_object();
        if (o == NULL)
                return NULL;
        const struct m8_site_values *v = &s->v;
        set(o, "id", json_integer(s->id));
        set(o, "project", json_string(v->project));
        set(o, "category", json_string(v->category));
        term_names(o, pack, POLICY_SITE_CATEGORIES, "category", v->category, true);
        set(o, "builder_uscc", json_string(v->builder_uscc));
        set(o, "builder_name", json_string(v->builder_name));
        set(o, "builder_registered", json_boolean(s->builder_registered));
        set(o, "township", json_string(v->township));
        term_names(o, pack, POLICY_TOWNSHIPS, "township", v->township, false);
        set(o, "department", json_string(v->department));
        term_names(o, pack, POLICY_DEPARTMENTS, "department", v->department, true);
        set(o, "address", text_or_null(v->address));
        set(o, "started_on", date_or_null(v->started_on));
        set(o, "finished_on", date_or_null(s->finished_on));
        set(o, "earthwork_m2", json_integer(v->earthwork_m2));
        set(o, "dust_control", json_string(s->dust_control));
        set(o, "dust_checked_on", date_or_null(s->dust_checked_on));
        set(o, "status", json_string(s->status));
        set(o, "listed", json_boolean(s->listed));
        set(o, "listed_on", date_or_null(s->listed_on));
        set(o, "removed_on", date_or_null(s->removed_on));
        set(o, "removed_reason", text_or_null(s->removed_reason));
        set(o, "inspections", json_integer(s->inspections));
        set(o, "inspections_listed", json_integer(s->inspections_listed));
        set(o, "case_id", s->case_id ? json_integer(s->case_id) : json_null());
        set(o, "case_state", text_or_null(s->case_state));
        set(o, "case_state_label_zh", text_or_null(state_label(pack, s->case_state, false)));
        set(o, "case_state_label_en", text_or_null(state_label(pack, s->case_state, true)));
        set(o, "version", json_integer(s->version));
        set(o, "created_by", json_string(s->created_by));
        set(o, "created_at", json_string(s->created_at));
        set(o, "updated_at", text_or_null(s->updated_at));
        return o;
}

/* The names of an inspection's unit: the branch, a department, a township. */
static void unit_names(json_t *o, const struct policy_pack *pack, const char *unit)
{
        const struct policy_term *t = policy_term_find(pack, POLICY_DEPARTMENTS, unit);
        if (t == NULL)
                t = policy_term_find(pack, POLICY_TOWNSHIPS, unit);
        bool branch = strcmp(unit, "county_branch") == 0;
        set(o, "unit_name_zh",
            t        ? json_string(t->name_zh)
            : branch ? json_string("县生态环境分局")
                     : json_null());
        set(o, "unit_name_en",
            t        ? text_or_null(t->name_en)
            : branch ? json_string("County branch")
                     : json_null());
}

json_t *site_json_inspection(const struct policy_pack *pack, const struct site_inspection *i)
{
        json_t *o = json_object();
        if (o == NULL)
                return NULL;
        set(o, "id", json_integer(i->id));
        set(o, "site", json_integer(i->site_id));
        set(o, "project", json_string(i->project));
        set(o, "inspected_on", date_or_null(i->inspected_on));
        set(o, "reason", json_string(i->reason));
        term_names(o, pack, POLICY_INSPECTION_REASONS, "reason", i->reason, true);
        set(o, "unit", json_string(i->unit));
        unit_names(o, pack, i->unit);
        set(o, "inspector", json_string(i->inspector));
        set(o, "inspector_name", text_or_null(i->inspector_name));
        set(o, "inspector_role", json_string(i->inspector_role));
        set(o, "listed", json_boolean(i->listed));
        set(o, "dust_result", text_or_null(i->dust_result));
        set(o, "note", text_or_null(i->note));
        set(o, "case_id", i->case_id ? json_integer(i->case_id) : json_null());
        set(o, "created_at", json_string(i->created_at));
        return o;
}

json_t *site_json_change(const struct site_change *c)
{
        json_t *o = json_object();
        if (o == NULL)
                return NULL;
        set(o, "on", date_or_null(c->changed_on));
        set(o, "field", json_string(c->field));
        set(o, "from", json_string(c->old_value ? c->old_value : ""));
        set(o, "to", json_string(c->new_value ? c->new_value : ""));
        set(o, "reason", text_or_null(c->reason));
        set(o, "by", json_string(c->changed_by));
        set(o, "case_id", c->case_id ? json_integer(c->case_id) : json_null());
        return o;
}

json_t *site_json_application(const struct policy_pack *pack, const struct m8_application *a,
                              const char *state)
{
        json_t *o = json_object();
        if (o == NULL)
                return NULL;
        set(o, "case_id", json_integer(a->case_id));
        set(o, "state", text_or_null(state));
        set(o, "state_label_zh", text_or_null(state_label(pack, state, false)));
        set(o, "state_label_en", text_or_null(state_label(pack, state, true)));
        set(o, "department", json_string(a->department));
        set(o, "township", json_string(a->township));
        set(o, "category", json_string(a->category));
        set(o, "applied_on", date_or_null(a->applied_on));
        set(o, "published_on", date_or_null(a->published_on));
        set(o, "publication_due", date_or_null(a->publication_due));
        set(o, "listed_on", date_or_null(a->listed_on));
        set(o, "closed_on", date_or_null(a->closed_on));
        set(o, "current", json_boolean(a->current));
        return o;
}

json_t *site_json_objection(const struct m8_objection *ob)
{
        json_t *o = json_object();
        if (o == NULL)
                return NULL;
        set(o, "id", json_integer(ob->id));
        set(o, "case_id", json_integer(ob->case_id));
        set(o, "received_on", date_or_null(ob->received_on));
        set(o, "objector", text_or_null(ob->objector));
        set(o, "content", json_string(ob->content ? ob->content : ""));
        set(o, "recorded_by", json_string(ob->recorded_by));
        set(o, "status", json_string(ob->status));
        set(o, "decided_on", date_or_null(ob->decided_on));
        set(o, "decided_by", text_or_null(ob->decided_by));
        set(o, "decision", text_or_null(ob->decision));
        return o;
}

json_t *site_json_public(const struct policy_pack *pack, const struct site_row *s)
{
        json_t *o = json_object();
        if (o == NULL)
                return NULL;
        set(o, "project", json_string(s->v.project));
        set(o, "category", json_string(s->v.category));
        term_names(o, pack, POLICY_SITE_CATEGORIES, "category", s->v.category, true);
        set(o, "township", json_string(s->v.township));
        term_names(o, pack, POLICY_TOWNSHIPS, "township", s->v.township, false);
        set(o, "builder_name", json_string(s->v.builder_name));
        set(o, "listed_on", date_or_null(s->listed_on));
        return o;
}
