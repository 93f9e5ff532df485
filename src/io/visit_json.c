/*
 * visit_json.h: jansson trees of an expert, a visit as listed and as read, and a target.
 */
#include "visit_json.h"

#include "../core/date.h"
#include "../core/role.h"

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

/* A JSON text kept in a column, parsed; fallback when it is not of the type wanted. */
static json_t *parsed(const char *text, bool array)
{
        json_t *v = text ? json_loads(text, 0, NULL) : NULL;
        if (array ? json_is_array(v) : json_is_object(v))
                return v;
        json_decref(v);
        return array ? json_array() : json_object();
}

static json_t *helped_of(int helped)
{
        return helped < 0 ? json_null() : json_boolean(helped > 0);
}

json_t *visit_json_expert(const struct m5_expert *e)
{
        json_t *o = json_object();
        if (o == NULL)
                return NULL;
        set(o, "id", json_integer(e->id));
        set(o, "name", json_string(e->name));
        set(o, "unit", json_string(e->unit));
        set(o, "specialities", parsed(e->specialities, true));
        set(o, "phone", text_or_null(e->phone));
        set(o, "active", json_boolean(e->active));
        set(o, "created_by", json_string(e->created_by));
        set(o, "created_at", json_string(e->created_at));
        return o;
}

json_t *visit_json_row(const struct m5_visit_row *v, const struct procedure *p)
{
        json_t *o = json_object();
        if (o == NULL)
                return NULL;
        int si = p ? procedure_state_index(p, v->state) : -1;
        set(o, "id", json_integer(v->case_id));
        set(o, "state", json_string(v->state));
        set(o, "state_label", json_string(si >= 0 ? p->states[si].label_zh : v->state));
        set(o, "state_label_en", si >= 0 ? text_or_null(p->states[si].label_en) : json_null());
        set(o, "open", json_boolean(v->open));
        set(o, "uscc", json_string(v->uscc));
        set(o, "enterprise_name", text_or_null(v->enterprise_name));
        set(o, "leader", json_string(v->leader));
        set(o, "leader_name", text_or_null(v->leader_name));
        set(o, "planned_on", date_or_null(v->planned_on));
        set(o, "visited_on", date_or_null(v->visited_on));
        set(o, "helped", helped_of(v->helped));
        set(o, "feedback_on", date_or_null(v->feedback_on));
        set(o, "team", parsed(v->team, true));
        set(o, "version", json_integer(v->version));
        return o;
}

json_t *visit_json(const struct visit_record *r)
{
        const struct m5_visit *v = &r->v;
        json_t *o = json_object();
        if (o == NULL)
                return NULL;
        set(o, "id", json_integer(r->row.id));
        set(o, "state", json_string(r->row.state));
        set(o, "state_label", json_string(r->state_label_zh ? r->state_label_zh : r->row.state));
        set(o, "state_label_en", text_or_null(r->state_label_en));
        set(o, "open", json_boolean(r->row.open));
        set(o, "uscc", json_string(v->uscc));
        set(o, "enterprise_name", text_or_null(r->enterprise_name));
        set(o, "leader", json_string(v->leader));
        set(o, "leader_name", text_or_null(r->leader_name));
        set(o, "planned_on", date_or_null(v->planned_on));
        set(o, "visited_on", date_or_null(v->visited_on));
        set(o, "helped", helped_of(v->helped));
        set(o, "feedback_on", date_or_null(v->feedback_on));
        set(o, "team", parsed(v->team, true));
        set(o, "version", json_integer(r->row.version));
        set(o, "opened_on", date_or_null(r->row.opened_on));
        set(o, "closed_on", date_or_null(r->row.closed_on));
        set(o, "purpose", text_or_null(v->purpose));
        set(o, "deliveries", parsed(v->deliveries, false));
        set(o, "problems", text_or_null(v->problems));
        set(o, "advice", text_or_null(v->advice));
        set(o, "follow_up", text_or_null(v->follow_up));
        set(o, "feedback", text_or_null(v->feedback));
        set(o, "note", text_or_null(v->note));
        json_t *fw = json_object(), *rules = json_array(), *closed = json_array();
        for (size_t i = 0; rules && i < r->nfirewall; i++)
                json_array_append_new(rules, json_string(r->firewall[i]));
        for (int k = ROLE_ENTERPRISE; closed && k < ROLE_COUNT_; k++)
                if (r->closed_to & (1u << (unsigned)k))
                        json_array_append_new(closed, json_string(role_name((enum role)k)));
        set(fw, "compartment", text_or_null(r->row.compartment));
        set(fw, "rules", rules);
        set(fw, "lasts", text_or_null(r->firewall_lasts));
        set(fw, "closed_to", closed);
        set(o, "firewall", fw);
        if (r->help.id == 0) {
                set(o, "help_target", json_null());
        } else {
                json_t *h = json_object();
                set(h, "id", json_integer(r->help.id));
                set(h, "target", json_string(r->help.target));
                set(h, "status", json_string(r->help.status));
                set(h, "enterprise_uscc", json_string(r->help.owner_uscc));
                set(h, "enterprise_name", text_or_null(r->help.owner_name));
                set(h, "direction", json_string(r->help.direction));
                set(o, "help_target", h);
        }
        return o;
}

json_t *visit_json_target(const struct m5_target *t)
{
        return json_pack("{s:s, s:s, s:o, s:I, s:I, s:o}", "uscc", t->uscc, "name", t->name,
                         "township", text_or_null(t->township), "visited", (json_int_t)t->visited,
                         "planned", (json_int_t)t->planned, "last_visited_on",
                         date_or_null(t->last_visited_on));
}
