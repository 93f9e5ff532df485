/*
 * `greenlane eval incentive --year Y [--json | --csv | --xlsx FILE] [--set NAME=VALUE]... [--diff]
 * [--today DATE]`: measure 1's decision for every enterprise in scope, as a Chinese table (the
 * default), the JSON array of the contract in DESIGN.md, CSV, or an Excel workbook. --set overrides
 * a pack parameter for this run only; --diff lists only the enterprises whose tier differs from
 * the one the pack's own values give. Results are written one enterprise at a time, so a million
 * enterprises never sit in memory as text.
 *
 * A what-if run (--set) says so in every format: the table opens with a line naming each assumed
 * value beside the pack's own, JSON objects carry "what_if", CSV and Excel gain a last column
 * "what_if" (假设参数), and the explanation lines that use an assumed value are marked by the
 * engine. Without --set every format is exactly as it was.
 *
 * Exit status: 0; 1 when the evaluation fails, a --set names no parameter of the pack or gives a
 * value that does not fit it (the parameter is named); 2 for wrong usage (an unknown option, a
 * missing --year, a --set that is not NAME=VALUE).
 */
#include "cli.h"

#include "../app/incentive.h"
#include "../io/incentive_json.h"
#include "../io/incentive_xlsx.h"

#include <stdlib.h>
#include <string.h>

enum eval_format { FORMAT_TABLE, FORMAT_JSON, FORMAT_CSV, FORMAT_XLSX };

#define MAX_OVERRIDES 32

struct eval_args {
        int year;
        enum eval_format format;
        const char *xlsx_path;
        const char *overrides[MAX_OVERRIDES];
        size_t noverrides;
        bool diff;
        gl_date today;
};

/* ---- CSV --------------------------------------------------------------------------------- */

static void csv_field(struct outbuf *out, const char *s, bool last)
{
        if (strpbrk(s, ",\"\n\r") != NULL) {
                outbuf_putc(out, '"');
                for (const char *q; (q = strchr(s, '"')) != NULL; s = q + 1) {
                        outbuf_write(out, s, (size_t)(q + 1 - s));
                        outbuf_putc(out, '"'); /* a quote is doubled */
                }
                outbuf_puts(out, s);
                outbuf_putc(out, '"');
        } else {
                outbuf_puts(out, s);
        }
        if (last)
                outbuf_literal(out, "\r\n");
        else
                outbuf_putc(out, ',');
}

#define NCOLUMNS 15
#define WHAT_IF_COLUMN NCOLUMNS /* the column added by --set */

static const char *const csv_header[NCOLUMNS + 1] = {
    "uscc",
    "name",
    "industry",
    "grade",
    "tier",
    "baseline_tier",
    "grace_months",
    "next_grade",
    "tax_per_tonne_yuan",
    "tax_per_tonne_average",
    "rd_share_percent",
    "rd_share_average",
    "pack_id",
    "pack_version",
    "explanation",
    "what_if",
};

/* The cells of one result; text holds the joined explanation and the numbers. */
static void result_cells(const struct incentive_result *r, const char *baseline, bool zh,
                         const char *cells[NCOLUMNS], char *text, size_t size, char num[2][16])
{
        incentive_explanation_joined(r, text, size);
        snprintf(num[0], 16, "%d", r->grace_months);
        snprintf(num[1], 16, "%d", r->pack_version);
        cells[0] = r->uscc;
        cells[1] = r->name;
        cells[2] = zh && r->industry_zh[0] ? r->industry_zh : r->industry;
        cells[3] = r->grade;
        cells[4] = zh ? incentive_tier_label_zh(r->tier) : incentive_tier_name(r->tier);
        cells[5] = baseline ? baseline : "";
        cells[6] = r->grace_months > 0 ? num[0] : "";
        cells[7] = r->next_grade;
        cells[8] = r->metrics[INCENTIVE_TAX_PER_TONNE].value;
        cells[9] = r->metrics[INCENTIVE_TAX_PER_TONNE].average;
        cells[10] = r->metrics[INCENTIVE_RD_SHARE].value;
        cells[11] = r->metrics[INCENTIVE_RD_SHARE].average;
        cells[12] = r->pack_id;
        cells[13] = num[1];
        cells[14] = text;
}

/* ---- table ------------------------------------------------------------------------------- */

/* Display width of UTF-8 text: East Asian characters count two columns. */
static size_t display_width(const char *s, size_t *bytes_for, size_t max_width)
{
        size_t width = 0;
        const unsigned char *p = (const unsigned char *)s;
        while (*p) {
                size_t len = *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : *p >= 0xC0 ? 2 : 1;
                size_t w = len >= 3 ? 2 : 1;
                if (bytes_for != NULL && width + w > max_width)
                        break;
                width += w;
                for (size_t i = 0; i < len && *p; i++)
                        p++;
        }
        if (bytes_for != NULL)
                *bytes_for = (size_t)((const char *)p - s);
        return width;
}

/* Prints text in a column of `width` display columns, cut when longer (for labels and figures). */
static void cell(FILE *out, const char *text, size_t width)
{
        size_t bytes;
        size_t w = display_width(text, &bytes, width);
        fwrite(text, 1, bytes, out);
        for (; w < width + 2; w++)
                putc(' ', out);
}

static const char *shown(const char *s)
{
        return s[0] ? s : "-";
}

/* The line a what-if table opens with. */
static void table_what_if(FILE *out, const struct incentive_set *set)
{
        const struct incentive_what_if *w;
        size_t n = incentive_set_what_if(set, &w);
        if (n == 0)
                return;
        char text[INCENTIVE_WHAT_IF_TEXT_MAX];
        incentive_what_if_joined(w, n, "；", text, sizeof(text));
        fprintf(out,
                "假设评价（what-if）：以下结果按假设的参数值计算，不是按政策包原值的结论——%s。\n",
                text);
}

static void table_header(FILE *out, bool diff)
{
        cell(out, "统一社会信用代码", 18);
        cell(out, "行业", 10);
        cell(out, "等级", 4);
        cell(out, "税收贡献(元/吨)", 15);
        cell(out, "行业平均", 10);
        cell(out, "研发占比(%)", 11);
        cell(out, "行业平均", 9);
        if (diff)
                cell(out, "原档次", 14);
        cell(out, "激励档次", 14);
        cell(out, "宽限", 8);
        cell(out, "高一级别", 8);
        fputs("企业名称\n", out);
}

static void table_row(FILE *out, const struct incentive_result *r, const char *baseline)
{
        char grace[16];
        snprintf(grace, sizeof(grace), "%d 个月", r->grace_months);
        cell(out, r->uscc, 18);
        cell(out, r->industry_zh[0] ? r->industry_zh : r->industry, 10);
        cell(out, shown(r->grade), 4);
        cell(out, shown(r->metrics[INCENTIVE_TAX_PER_TONNE].value), 15);
        cell(out, shown(r->metrics[INCENTIVE_TAX_PER_TONNE].average), 10);
        cell(out, shown(r->metrics[INCENTIVE_RD_SHARE].value), 11);
        cell(out, shown(r->metrics[INCENTIVE_RD_SHARE].average), 9);
        if (baseline != NULL)
                cell(out, baseline, 14);
        cell(out, incentive_tier_label_zh(r->tier), 14);
        cell(out, r->grace_months > 0 ? grace : "-", 8);
        cell(out, shown(r->next_grade), 8);
        /* The name comes last, so that no name is ever cut. */
        fprintf(out, "%s\n", r->name);
}

/* ---- the command ------------------------------------------------------------------------- */

static int parse_args(int argc, char **argv, struct eval_args *a)
{
        memset(a, 0, sizeof(*a));
        a->today = GL_DATE_NONE;
        int formats = 0;
        if (argc < 2 || strcmp(argv[1], "incentive") != 0)
                return cli_usage_error("eval", "expected 'incentive'");
        for (int i = 2; i < argc; i++) {
                const char *arg = argv[i];
                bool has_value = i + 1 < argc;
                if (strcmp(arg, "--year") == 0 && has_value) {
                        char *end;
                        long y = strtol(argv[++i], &end, 10);
                        if (*end || y < 1990 || y > 2100)
                                return cli_usage_error(
                                    "eval", "--year: 1990 到 2100 之间的年度 (a year): '%s'",
                                    argv[i]);
                        a->year = (int)y;
                } else if (strcmp(arg, "--json") == 0) {
                        a->format = FORMAT_JSON;
                        formats++;
                } else if (strcmp(arg, "--csv") == 0) {
                        a->format = FORMAT_CSV;
                        formats++;
                } else if (strcmp(arg, "--xlsx") == 0 && has_value) {
                        a->format = FORMAT_XLSX;
                        a->xlsx_path = argv[++i];
                        formats++;
                } else if (strcmp(arg, "--set") == 0 && has_value) {
                        if (a->noverrides == MAX_OVERRIDES)
                                return cli_usage_error("eval", "--set: at most %d", MAX_OVERRIDES);
                        if (strchr(argv[i + 1], '=') == NULL || argv[i + 1][0] == '=')
                                return cli_usage_error("eval", "--set: NAME=VALUE, not '%s'",
                                                       argv[i + 1]);
                        a->overrides[a->noverrides++] = argv[++i];
                } else if (strcmp(arg, "--diff") == 0) {
                        a->diff = true;
                } else if (strcmp(arg, "--today") == 0 && has_value) {
                        if (date_parse_iso(argv[++i], &a->today) != GL_OK)
                                return cli_usage_error(
                                    "eval", "--today: '%s' 不是有效日期 (YYYY-MM-DD)", argv[i]);
                } else {
                        return cli_usage_error("eval", "unknown or incomplete argument %s", arg);
                }
        }
        if (a->year == 0)
                return cli_usage_error("eval", "--year is required");
        if (formats > 1)
                return cli_usage_error("eval", "--json, --csv and --xlsx exclude each other");
        return EXIT_OK;
}

static int write_results(const struct eval_args *a, const struct incentive_set *set)
{
        if (a->format == FORMAT_XLSX) {
                struct gl_error err = {0};
                if (incentive_xlsx_write(a->xlsx_path, set, a->diff, &err) != GL_OK)
                        return cli_report(&err);
                return EXIT_OK;
        }
        struct incentive_result *r = malloc(sizeof(*r));
        struct outbuf *out = malloc(sizeof(*out));
        if (r == NULL || out == NULL) {
                free(r);
                free(out);
                fprintf(stderr, "greenlane: out of memory\n");
                return EXIT_FAIL;
        }
        outbuf_init(out, stdout);
        char text[INCENTIVE_EXPLANATION_TEXT_MAX];
        char what_if[INCENTIVE_WHAT_IF_TEXT_MAX];
        const struct incentive_what_if *wi;
        size_t nwi = incentive_set_what_if(set, &wi);
        int ncolumns = nwi > 0 ? NCOLUMNS + 1 : NCOLUMNS;
        incentive_what_if_joined(wi, nwi, "\n", what_if, sizeof(what_if));
        size_t counts[3] = {0, 0, 0}, shown_rows = 0;
        if (a->format == FORMAT_JSON) {
                outbuf_putc(out, '[');
        } else if (a->format == FORMAT_CSV) {
                for (int c = 0; c < ncolumns; c++)
                        csv_field(out, csv_header[c], c == ncolumns - 1);
        } else {
                table_what_if(stdout, set);
                table_header(stdout, a->diff);
        }
        for (size_t i = 0; i < incentive_set_count(set); i++) {
                incentive_set_result(set, i, r);
                enum incentive_tier base = incentive_set_baseline_tier(set, i);
                if (a->diff && base == r->tier)
                        continue;
                counts[r->tier]++;
                const char *baseline = a->diff ? incentive_tier_name(base) : NULL;
                if (a->format == FORMAT_JSON) {
                        if (shown_rows)
                                outbuf_literal(out, ",\n");
                        else
                                outbuf_putc(out, '\n');
                        incentive_json_write(out, r, baseline);
                } else if (a->format == FORMAT_CSV) {
                        const char *cells[NCOLUMNS + 1];
                        char num[2][16];
                        result_cells(r, baseline, false, cells, text, sizeof(text), num);
                        cells[WHAT_IF_COLUMN] = what_if;
                        for (int c = 0; c < ncolumns; c++)
                                csv_field(out, cells[c], c == ncolumns - 1);
                } else {
                        table_row(stdout, r, a->diff ? incentive_tier_label_zh(base) : NULL);
                }
                shown_rows++;
        }
        if (a->format == FORMAT_JSON && shown_rows)
                outbuf_literal(out, "\n]\n");
        else if (a->format == FORMAT_JSON)
                outbuf_literal(out, "]\n");
        if (a->format == FORMAT_TABLE) {
                const struct incentive_params *p = incentive_set_params(set);
                char on[11];
                printf("\n%s %d 家：重点激励 %zu，一般性激励 %zu，不符合 %zu"
                       "（评价日 %s；重点激励门槛 %lld%%%s）。\n",
                       a->diff ? "档次变化的企业" : "共", (int)shown_rows, counts[2], counts[1],
                       counts[0], date_format_iso(p->on, on), (long long)p->key_margin_percent,
                       nwi > 0 ? "；假设评价，见首行" : "");
        }
        int written = outbuf_flush(out);
        free(r);
        free(out);
        if (written != GL_OK || fflush(stdout) != 0 || ferror(stdout)) {
                fprintf(stderr, "greenlane: eval: 写出失败 (write error)\n");
                return EXIT_FAIL;
        }
        return EXIT_OK;
}

int cmd_eval(struct cli_ctx *ctx, int argc, char **argv)
{
        struct eval_args a;
        int rc = parse_args(argc, argv, &a);
        if (rc != EXIT_OK)
                return rc;
        struct app *app = NULL;
        if (cli_open_app(ctx, &app) != EXIT_OK)
                return EXIT_FAIL;
        struct incentive_options opt = {
            .today = a.today, .overrides = a.overrides, .noverrides = a.noverrides, .diff = a.diff};
        struct actor actor = actor_system();
        struct incentive_set *set = NULL;
        struct gl_error err = {0};
        if (app_incentive_evaluate(app, &actor, a.year, &opt, &set, &err) != GL_OK) {
                app_close(app);
                return cli_report(&err);
        }
        if (incentive_set_count(set) > 0 && incentive_set_count_with_figures(set) == 0)
                fprintf(stderr,
                        "greenlane: 注意: %d 年没有任何企业的年度数据, 结果均为不符合激励条件 "
                        "(no annual figures for %d: import them with greenlane import annual)\n",
                        a.year, a.year);
        rc = write_results(&a, set);
        incentive_set_free(set);
        app_close(app);
        return rc;
}
