/*
 * control_json.h: jansson trees of a control measure as listed and as read, and of a decision.
 */
#include "control_json.h"

#include "../core/date.h"

#include <string.h>

static json_t *date_or_null(gl_date d)
{
        char buf[11];
        return d == GL_DATE_NONE ? json_null() : json_string(date_format_iso(d, buf));
}

static json_t *text_or_null(const char *s)
{
        return s && s[0] ? json_string(s) : json_null();
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

static json_t *unit_json(const struct m3_control *m)
{
        json_t *o = json_object();
        if (o == NULL)
                return NULL;
        set(o, "kind", json_string(m->unit_kind));
        set(o, "uscc", json_string(m->uscc));
        set(o, "site", m->site_id > 0 ? json_integer(m->site_id) : json_null());
        set(o, "name", json_string(m->unit_name));
        set(o, "township", json_string(m->township));
        return o;
}

/* What a listed and a read control share. */
static void common(json_t *o, int64_t id, const char *state, const char *label_zh,
                   const char *label_en, enum control_phase phase, bool open, int64_t version,
                   const struct m3_control *m, const char *kind_zh, const char *kind_en,
                   const char *other_zh, const char *other_en)
{
        set(o, "id", json_integer(id));
        set(o, "state", json_string(state));
        set(o, "state_label", json_string(label_zh ? label_zh : state));
        set(o, "state_label_en", text_or_null(label_en));
        set(o, "phase", json_string(control_phase_name(phase)));
        set(o, "phase_label", json_string(control_phase_label_zh(phase)));
        set(o, "phase_label_en", json_string(control_phase_label_en(phase)));
        set(o, "open", json_boolean(open));
        set(o, "unit", unit_json(m));
        set(o, "kind", json_string(m->kind));
        set(o, "kind_label", json_string(kind_zh ? kind_zh : m->kind));
        set(o, "kind_label_en", json_string(kind_en ? kind_en : m->kind));
        set(o, "other_kind", json_string(m->other_kind));
        set(o, "other_label", json_string(other_zh ? other_zh : ""));
        set(o, "other_label_en", json_string(other_en ? other_en : ""));
        set(o, "from", date_or_null(m->starts_on));
        set(o, "to", date_or_null(m->ends_on));
        set(o, "effective_from", date_or_null(m->effective_from));
        set(o, "exception", json_string(m->exception));
        set(o, "malicious_case",
            m->malicious_case > 0 ? json_integer(m->malicious_case) : json_null());
        set(o, "proposed_by", json_string(m->proposed_by));
        set(o, "proposed_on", date_or_null(m->proposed_on));
        set(o, "decided_on", date_or_null(m->decided_on));
        set(o, "lifted_on", date_or_null(m->lifted_on));
        set(o, "finished_on", date_or_null(m->finished_on));
        set(o, "version", json_integer(version));
}

json_t *control_json_row(const struct app *app, const struct m3_control_row *r,
                         const struct procedure *p, gl_date today)
{
        json_t *o = json_object();
        if (o == NULL)
                return NULL;
        int si = p ? procedure_state_index(p, r->state) : -1;
        int k = m3_kind_from_name(r->m.kind);
        common(o, r->case_id, r->state, si >= 0 ? p->states[si].label_zh : NULL,
               si >= 0 ? p->states[si].label_en : NULL, control_phase_of(r->state, &r->m, today),
               r->open, r->version, &r->m, k >= 0 ? m3_kind_label_zh((enum m3_kind)k) : NULL,
               k >= 0 ? m3_kind_label_en((enum m3_kind)k) : NULL,
               app_control_other_label(app, r->m.other_kind, false),
               app_control_other_label(app, r->m.other_kind, true));
        return o;
}

json_t *control_json(const struct control_record *r)
{
        json_t *o = json_object();
        if (o == NULL)
                return NULL;
        const struct m3_control *m = &r->m;
        common(o, r->row.id, r->row.state, r->state_label_zh, r->state_label_en, r->phase,
               r->row.open, r->row.version, m, r->kind_label_zh, r->kind_label_en,
               r->other_label_zh, r->other_label_en);
        set(o, "opened_on", date_or_null(r->row.opened_on));
        set(o, "closed_on", date_or_null(r->row.closed_on));
        set(o, "reason", json_string(m->reason ? m->reason : ""));
        json_t *d = json_object();
        if (d) {
                set(d, "outcome", json_string(m->outcome));
                set(d, "ground", json_string(m->ground));
                set(d, "exception", json_string(m->exception));
                set(d, "explanation", parsed(m->explanation, true));
        }
        set(o, "decision", d);
        set(o, "malicious_case_number", json_string(r->malicious_number));
        set(o, "major_risk", json_string(m->major_risk ? m->major_risk : ""));
        set(o, "decided_by", text_or_null(m->decided_by));
        set(o, "decision_reason", json_string(m->decision_reason ? m->decision_reason : ""));
        set(o, "lifted_by", text_or_null(m->lifted_by));
        set(o, "lift_reason", json_string(m->lift_reason ? m->lift_reason : ""));
        set(o, "inputs", parsed(m->inputs, false));
        return o;
}

json_t *control_json_decision(const struct m3_decision *d)
{
        json_t *o = json_object();
        json_t *lines = json_array();
        if (o == NULL || lines == NULL) {
                json_decref(o);
                json_decref(lines);
                return NULL;
        }
        for (size_t i = 0; i < d->nlines; i++)
                json_array_append_new(lines, json_string(d->lines[i]));
        set(o, "allowed", json_boolean(d->outcome == M3_ALLOWED));
        set(o, "outcome", json_string(m3_outcome_name(d->outcome)));
        set(o, "ground", json_string(m3_ground_name(d->ground)));
        set(o, "exception", json_string(m3_ground_exception(d->ground)));
        set(o, "banned_kind", json_boolean(d->banned_kind));
        set(o, "in_window", json_boolean(d->in_window));
        set(o, "reached", json_boolean(d->reached));
        json_t *w = json_object();
        if (w) {
                set(w, "from", date_or_null(d->window_from));
                set(w, "to", date_or_null(d->window_to));
        }
        set(o, "window", w);
        set(o, "days_in_window", json_integer((json_int_t)d->days_in_window));
        set(o, "explanation", lines);
        return o;
}
