/*
 * enforcement_json.h: dates as ISO text or null, flags as booleans, the explanation as an array.
 */
#include "enforcement_json.h"

#include "../core/date.h"

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

json_t *enforcement_json(const struct enforcement_record *r)
{
        const struct m2_case *m = &r->m;
        json_t *o = json_object();
        if (o == NULL)
                return NULL;
        set(o, "id", json_integer(r->row.id));
        set(o, "case_number", json_string(m->case_number));
        set(o, "state", json_string(r->row.state));
        set(o, "in_registry", json_boolean(r->row.uscc[0] != '\0'));
        set(o, "party_uscc", json_string(m->party_uscc));
        set(o, "party_name", json_string(m->party_name));
        set(o, "legal_representative", text_or_null(m->legal_representative));
        set(o, "address", text_or_null(m->address));
        set(o, "violation_type", json_string(m->violation_type));
        set(o, "violation_label", text_or_null(r->violation_label_zh));
        set(o, "violation_label_en", text_or_null(r->violation_label_en));
        set(o, "found_on", date_or_null(m->found_on));
        set(o, "officers", text_or_null(m->officers));
        set(o, "facts", text_or_null(m->facts));
        set(o, "findings", text_or_null(m->findings));
        json_t *c = json_object();
        set(c, "harm", json_string(m->harm));
        set(c, "minor", json_boolean(m->minor));
        set(c, "no_fault", json_boolean(m->no_fault));
        set(c, "malicious", json_boolean(m->malicious));
        set(c, "major_risk", json_boolean(m->major_risk));
        set(c, "prior_recorded", json_boolean(m->prior_recorded));
        set(c, "prior_case", m->prior_case ? json_integer(m->prior_case) : json_null());
        set(c, "first", json_boolean(m->prior_case == 0 && !m->prior_recorded));
        set(o, "circumstances", c);
        json_t *order = json_object();
        set(order, "number", text_or_null(m->order_number));
        set(order, "issued_on", date_or_null(m->ordered_on));
        set(order, "mode", text_or_null(m->correction_mode));
        set(order, "correct_by", date_or_null(m->correct_by));
        set(order, "legal_basis", text_or_null(m->legal_basis));
        set(order, "correction", text_or_null(m->correction));
        set(order, "committed_on", date_or_null(m->committed_on));
        set(o, "order", order);
        json_t *v = json_object();
        set(v, "status", json_string(m->correction_status));
        set(v, "corrected_on", date_or_null(m->corrected_on));
        set(o, "correction", v);
        json_t *p = json_object();
        set(p, "outcome", json_string(m->proposal));
        set(p, "label", text_or_null(r->proposal_label_zh));
        set(p, "label_en", text_or_null(r->proposal_label_en));
        set(p, "ground", text_or_null(m->ground));
        set(p, "no_penalty", json_boolean(r->proposes_no_penalty));
        set(p, "in_window", json_boolean(m->in_window));
        json_t *lines = json_loads(m->explanation ? m->explanation : "[]", 0, NULL);
        set(p, "explanation", json_is_array(lines) ? lines : (json_decref(lines), json_array()));
        set(o, "proposal", p);
        set(o, "outcome", text_or_null(m->outcome));
        set(o, "outcome_reason", text_or_null(m->outcome_reason));
        json_t *letters = json_object();
        set(letters, "order", json_boolean(m->order_number[0] != '\0'));
        set(letters, "commitment", json_boolean(m->order_number[0] != '\0'));
        set(o, "letters", letters);
        return o;
}
