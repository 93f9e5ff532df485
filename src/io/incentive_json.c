/*
 * The JSON object of one enterprise's measure-1 evaluation (incentive_json.h), written through a
 * buffered writer (outbuf.h) so that a million of them never sit in memory as a tree and each
 * piece costs a memcpy. Strings are escaped as RFC 8259 requires; text is UTF-8 already and is
 * written as is.
 */
#include "incentive_json.h"

static const char *value_status_name(enum incentive_value_status s)
{
        switch (s) {
        case INCENTIVE_VALUE_OK:
                return "ok";
        case INCENTIVE_VALUE_MISSING_NUMERATOR:
                return "missing_numerator";
        case INCENTIVE_VALUE_MISSING_DENOMINATOR:
                return "missing_denominator";
        case INCENTIVE_VALUE_ZERO_DENOMINATOR:
                return "zero_denominator";
        default:
                return "negative";
        }
}

static const char *average_source_name(enum incentive_average_source s)
{
        return s == INCENTIVE_AVERAGE_OFFICIAL ? "official"
               : s == INCENTIVE_AVERAGE_PEER   ? "peer"
                                               : NULL;
}

static void outbuf_bool(struct outbuf *out, bool v)
{
        if (v)
                outbuf_literal(out, "true");
        else
                outbuf_literal(out, "false");
}

static const char *or_null(const char *s)
{
        return s[0] ? s : NULL;
}

static void json_metric(struct outbuf *out, const struct incentive_metric_result *m,
                        const char *unit)
{
        outbuf_literal(out, "{\"value\": ");
        outbuf_json_string(out, or_null(m->value));
        outbuf_literal(out, ", \"unit\": ");
        outbuf_json_string(out, unit);
        outbuf_literal(out, ", \"status\": ");
        outbuf_json_string(out, value_status_name(m->status));
        outbuf_literal(out, ", \"average\": ");
        outbuf_json_string(out, or_null(m->average));
        outbuf_literal(out, ", \"average_source\": ");
        outbuf_json_string(out, average_source_name(m->average_source));
        outbuf_literal(out, ", \"peers\": ");
        outbuf_int(out, m->peers);
        outbuf_literal(out, ", \"ratio\": ");
        outbuf_json_string(out, or_null(m->ratio));
        outbuf_literal(out, ", \"above_average\": ");
        outbuf_bool(out, m->above);
        outbuf_literal(out, ", \"key_threshold_met\": ");
        outbuf_bool(out, m->key);
        outbuf_putc(out, '}');
}

void incentive_json_what_if(struct outbuf *out, const struct incentive_what_if *w, size_t n)
{
        outbuf_putc(out, '[');
        for (size_t i = 0; i < n && i < INCENTIVE_WHAT_IF_MAX; i++) {
                if (i)
                        outbuf_literal(out, ", ");
                outbuf_literal(out, "{\"name\": ");
                outbuf_json_string(out, w[i].name);
                outbuf_literal(out, ", \"value\": ");
                outbuf_json_string(out, w[i].value);
                outbuf_literal(out, ", \"pack_value\": ");
                outbuf_json_string(out, w[i].has_pack_value ? w[i].pack_value : NULL);
                outbuf_putc(out, '}');
        }
        outbuf_putc(out, ']');
}

void incentive_json_write(struct outbuf *out, const struct incentive_result *r,
                          const char *baseline)
{
        outbuf_literal(out, "{\"uscc\": ");
        outbuf_json_string(out, r->uscc);
        outbuf_literal(out, ", \"name\": ");
        outbuf_json_string(out, r->name);
        outbuf_literal(out, ", \"industry\": ");
        outbuf_json_string(out, or_null(r->industry));
        outbuf_literal(out, ", \"industry_zh\": ");
        outbuf_json_string(out, or_null(r->industry_zh));
        outbuf_literal(out, ", \"grade\": ");
        outbuf_json_string(out, or_null(r->grade));
        outbuf_literal(out, ", \"year\": ");
        outbuf_int(out, r->year);
        outbuf_literal(out, ", \"evaluated_on\": ");
        outbuf_json_string(out, r->evaluated_on);
        outbuf_literal(out, ", \"in_scope\": ");
        outbuf_bool(out, r->in_scope);
        outbuf_literal(out, ", \"tier\": ");
        outbuf_json_string(out, incentive_tier_name(r->tier));
        if (baseline != NULL) {
                outbuf_literal(out, ", \"baseline_tier\": ");
                outbuf_json_string(out, baseline);
        }
        outbuf_literal(out, ", \"grace_months\": ");
        if (r->grace_months > 0)
                outbuf_int(out, r->grace_months);
        else
                outbuf_literal(out, "null");
        outbuf_literal(out, ", \"next_grade\": ");
        outbuf_json_string(out, or_null(r->next_grade));
        outbuf_literal(out, ", \"metrics\": {\"tax_per_tonne\": ");
        json_metric(out, &r->metrics[INCENTIVE_TAX_PER_TONNE], "yuan/t");
        outbuf_literal(out, ", \"rd_share\": ");
        json_metric(out, &r->metrics[INCENTIVE_RD_SHARE], "percent");
        outbuf_literal(out, "}, \"pack\": {\"id\": ");
        outbuf_json_string(out, r->pack_id);
        outbuf_literal(out, ", \"version\": ");
        outbuf_int(out, r->pack_version);
        outbuf_literal(out, "}, \"explanation\": [");
        for (size_t i = 0; i < r->nexplanation; i++) {
                if (i)
                        outbuf_literal(out, ", ");
                outbuf_json_text(out, r->explanation[i], incentive_line_len(r, i));
        }
        outbuf_putc(out, ']');
        if (r->nwhat_if > 0) {
                outbuf_literal(out, ", \"what_if\": ");
                incentive_json_what_if(out, r->what_if, r->nwhat_if);
        }
        outbuf_putc(out, '}');
}
