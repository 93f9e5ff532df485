/*
 * The JSON object of one enterprise's measure-1 evaluation (incentive_json.h), written straight to
 * a stream so that a million of them never sit in memory as a tree. Strings are escaped as RFC 8259
 * requires; text is UTF-8 already and is written as is.
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

static void json_string(FILE *out, const char *s)
{
        if (s == NULL) {
                fputs("null", out);
                return;
        }
        putc('"', out);
        const char *run = s;
        for (const char *p = s; *p; p++) {
                unsigned char c = (unsigned char)*p;
                if (c != '"' && c != '\\' && c >= 0x20)
                        continue;
                fwrite(run, 1, (size_t)(p - run), out);
                if (c == '"' || c == '\\')
                        fprintf(out, "\\%c", c);
                else if (c == '\n')
                        fputs("\\n", out);
                else
                        fprintf(out, "\\u%04x", c);
                run = p + 1;
        }
        fputs(run, out);
        putc('"', out);
}

static const char *or_null(const char *s)
{
        return s[0] ? s : NULL;
}

static void json_metric(FILE *out, const struct incentive_metric_result *m, const char *unit)
{
        fputs("{\"value\": ", out);
        json_string(out, or_null(m->value));
        fputs(", \"unit\": ", out);
        json_string(out, unit);
        fputs(", \"status\": ", out);
        json_string(out, value_status_name(m->status));
        fputs(", \"average\": ", out);
        json_string(out, or_null(m->average));
        fputs(", \"average_source\": ", out);
        json_string(out, average_source_name(m->average_source));
        fprintf(out, ", \"peers\": %lld, \"ratio\": ", (long long)m->peers);
        json_string(out, or_null(m->ratio));
        fprintf(out, ", \"above_average\": %s, \"key_threshold_met\": %s}",
                m->above ? "true" : "false", m->key ? "true" : "false");
}

void incentive_json_write(FILE *out, const struct incentive_result *r, const char *baseline)
{
        fputs("{\"uscc\": ", out);
        json_string(out, r->uscc);
        fputs(", \"name\": ", out);
        json_string(out, r->name);
        fputs(", \"industry\": ", out);
        json_string(out, or_null(r->industry));
        fputs(", \"industry_zh\": ", out);
        json_string(out, or_null(r->industry_zh));
        fputs(", \"grade\": ", out);
        json_string(out, or_null(r->grade));
        fprintf(out, ", \"year\": %d, \"evaluated_on\": ", r->year);
        json_string(out, r->evaluated_on);
        fprintf(out, ", \"in_scope\": %s, \"tier\": ", r->in_scope ? "true" : "false");
        json_string(out, incentive_tier_name(r->tier));
        if (baseline != NULL) {
                fputs(", \"baseline_tier\": ", out);
                json_string(out, baseline);
        }
        if (r->grace_months > 0)
                fprintf(out, ", \"grace_months\": %d", r->grace_months);
        else
                fputs(", \"grace_months\": null", out);
        fputs(", \"next_grade\": ", out);
        json_string(out, or_null(r->next_grade));
        fputs(", \"metrics\": {\"tax_per_tonne\": ", out);
        json_metric(out, &r->metrics[INCENTIVE_TAX_PER_TONNE], "yuan/t");
        fputs(", \"rd_share\": ", out);
        json_metric(out, &r->metrics[INCENTIVE_RD_SHARE], "percent");
        fputs("}, \"pack\": {\"id\": ", out);
        json_string(out, r->pack_id);
        fprintf(out, ", \"version\": %d}, \"explanation\": [", r->pack_version);
        for (size_t i = 0; i < r->nexplanation; i++) {
                if (i)
                        fputs(", ", out);
                json_string(out, r->explanation[i]);
        }
        fputs("]}", out);
}
