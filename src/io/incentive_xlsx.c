/* Measure 1's evaluation as a workbook, and the text of a what-if (incentive_xlsx.h). */
#include "incentive_xlsx.h"

#include "xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
        COL_USCC,
        COL_NAME,
        COL_INDUSTRY,
        COL_GRADE,
        COL_TIER,
        COL_BASELINE_TIER,
        COL_GRACE,
        COL_NEXT_GRADE,
        COL_TAX_PER_TONNE,
        COL_TAX_PER_TONNE_AVERAGE,
        COL_RD_SHARE,
        COL_RD_SHARE_AVERAGE,
        COL_PACK,
        COL_PACK_VERSION,
        COL_EXPLANATION,
        COL_WHAT_IF, /* only in a what-if workbook */
        NCOLUMNS_
};

static const struct xlsx_column columns[NCOLUMNS_] = {
    {"统一社会信用代码", 22, XLSX_TEXT, "@"},
    {"企业名称", 30, XLSX_TEXT, NULL},
    {"行业", 12, XLSX_TEXT, NULL},
    {"绩效等级", 8, XLSX_TEXT, NULL},
    {"激励档次", 12, XLSX_TEXT, NULL},
    {"按政策包原值的档次", 12, XLSX_TEXT, NULL},
    {"宽限期（月）", 8, XLSX_INTEGER, "0"},
    {"高一级别", 8, XLSX_TEXT, NULL},
    {"单位污染物排放量税收贡献（元/吨）", 16, XLSX_DECIMAL, "#,##0.00"},
    {"行业平均（元/吨）", 14, XLSX_DECIMAL, "#,##0.00"},
    {"研发投入占营业收入比重（%）", 14, XLSX_PERCENT, "0.00%"},
    {"行业平均（%）", 12, XLSX_PERCENT, "0.00%"},
    {"政策包", 14, XLSX_TEXT, NULL},
    {"版本", 6, XLSX_INTEGER, "0"},
    {"说明", 100, XLSX_TEXT, NULL},
    {"假设参数（what-if）", 40, XLSX_TEXT, NULL},
};

static void what_if_text(const struct incentive_what_if *w, char *buf, size_t size)
{
        if (w->has_pack_value)
                snprintf(buf, size, "%s = %s（政策包原值 %s）", w->name, w->value,
                         w->pack_value[0] ? w->pack_value : "（空）");
        else
                snprintf(buf, size, "%s = %s（政策包在评价日无此参数值）", w->name, w->value);
}

void incentive_what_if_joined(const struct incentive_what_if *w, size_t n, const char *sep,
                              char *buf, size_t size)
{
        size_t used = 0;
        buf[0] = '\0';
        for (size_t i = 0; i < n && used + 1 < size; i++) {
                char one[700];
                what_if_text(&w[i], one, sizeof(one));
                int k = snprintf(buf + used, size - used, "%s%s", i ? sep : "", one);
                if (k < 0)
                        break;
                used += (size_t)k < size - used ? (size_t)k : size - 1 - used;
        }
}

void incentive_explanation_joined(const struct incentive_result *r, char *text, size_t size)
{
        size_t used = 0;
        for (size_t i = 0; i < r->nexplanation && used + 1 < size; i++) {
                size_t n = incentive_line_len(r, i);
                if (i)
                        text[used++] = '\n';
                if (n > size - 1 - used)
                        n = size - 1 - used;
                memcpy(text + used, r->explanation[i], n);
                used += n;
        }
        text[used] = '\0';
}

/* What a row is made of, on the heap: a million rows reuse it. */
struct row_buffers {
        struct incentive_result r;
        char explanation[INCENTIVE_EXPLANATION_TEXT_MAX];
        char what_if[INCENTIVE_WHAT_IF_TEXT_MAX];
};

static int write_row(struct xlsx_writer *w, const struct row_buffers *b, const char *baseline,
                     bool what_if, struct gl_error *err)
{
        const struct incentive_result *r = &b->r;
        struct xlsx_cell row[NCOLUMNS_] = {
            [COL_USCC] = xlsx_text(r->uscc),
            [COL_NAME] = xlsx_text(r->name),
            [COL_INDUSTRY] = xlsx_text(r->industry_zh[0] ? r->industry_zh : r->industry),
            [COL_GRADE] = xlsx_text(r->grade),
            [COL_TIER] = xlsx_text(incentive_tier_label_zh(r->tier)),
            [COL_BASELINE_TIER] = xlsx_text(baseline),
            [COL_GRACE] = r->grace_months > 0 ? xlsx_number(r->grace_months) : xlsx_empty(),
            [COL_NEXT_GRADE] = xlsx_text(r->next_grade),
            [COL_PACK] = xlsx_text(r->pack_id),
            [COL_PACK_VERSION] = xlsx_number(r->pack_version),
            [COL_EXPLANATION] = xlsx_text(b->explanation),
            [COL_WHAT_IF] = xlsx_text(what_if ? b->what_if : NULL),
        };
        /* The figures as numbers: Excel sums and sorts them. A share is a fraction of one. */
        const struct incentive_metric_result *tax = &r->metrics[INCENTIVE_TAX_PER_TONNE];
        const struct incentive_metric_result *rd = &r->metrics[INCENTIVE_RD_SHARE];
        row[COL_TAX_PER_TONNE] = xlsx_decimal_text(tax->value, 1.0);
        row[COL_TAX_PER_TONNE_AVERAGE] = xlsx_decimal_text(tax->average, 1.0);
        row[COL_RD_SHARE] = xlsx_decimal_text(rd->value, 100.0);
        row[COL_RD_SHARE_AVERAGE] = xlsx_decimal_text(rd->average, 100.0);
        return xlsx_row(w, row, err);
}

int incentive_xlsx_write(const char *path, const struct incentive_set *set, bool diff,
                         struct gl_error *err)
{
        struct row_buffers *b = malloc(sizeof(*b));
        if (b == NULL)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        const struct incentive_what_if *wi;
        size_t nwi = incentive_set_what_if(set, &wi);
        incentive_what_if_joined(wi, nwi, "\n", b->what_if, sizeof(b->what_if));
        struct xlsx_writer *w = NULL;
        int rc =
            xlsx_open(path, "激励性绩效分级", columns, nwi > 0 ? NCOLUMNS_ : COL_WHAT_IF, &w, err);
        for (size_t i = 0; rc == GL_OK && i < incentive_set_count(set); i++) {
                incentive_set_result(set, i, &b->r);
                enum incentive_tier base = incentive_set_baseline_tier(set, i);
                if (diff && base == b->r.tier)
                        continue;
                incentive_explanation_joined(&b->r, b->explanation, sizeof(b->explanation));
                rc = write_row(w, b, diff ? incentive_tier_label_zh(base) : NULL, nwi > 0, err);
        }
        struct gl_error cerr = {0};
        if (xlsx_close(w, rc == GL_OK ? err : &cerr) != GL_OK && rc == GL_OK)
                rc = GL_EIO;
        free(b);
        return rc;
}
