/*
 * `greenlane enterprise list` and `greenlane enterprise show USCC`: the enterprise registry as the
 * operator sees it, as text or JSON. Amounts in JSON are integers in fen and grams (exact); in text
 * they are yuan and tonnes. `show` of an unknown USCC exits 1.
 */
#include "cli.h"

#include "../app/enterprise.h"
#include "../core/amount.h"
#include "../core/policy.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static json_t *amount_json(int64_t v)
{
        return v == GL_AMOUNT_NONE ? json_null() : json_integer((json_int_t)v);
}

static json_t *enterprise_json(const struct enterprise *e)
{
        return json_pack("{s:s, s:s, s:s, s:s, s:o, s:b, s:b, s:b, s:s}", "uscc", e->uscc, "name",
                         e->name, "industry", e->industry, "township", e->township, "grade",
                         e->grade[0] ? json_string(e->grade) : json_null(), "air_emitter",
                         e->air_emitter, "key_air_emitter", e->key_air_emitter, "positive_list",
                         e->positive_list, "division", e->division);
}

static json_t *annual_json(const struct annual_figures *f)
{
        json_t *o =
            json_pack("{s:i, s:o, s:o, s:o}", "year", f->year, "tax_fen", amount_json(f->tax_fen),
                      "rd_fen", amount_json(f->rd_fen), "revenue_fen", amount_json(f->revenue_fen));
        for (int p = 0; o && p < POLLUTANT_COUNT_; p++) {
                char key[16];
                snprintf(key, sizeof(key), "%s_g", pollutant_code((enum pollutant)p));
                json_object_set_new(o, key, amount_json(f->emission_g[p]));
        }
        if (o) {
                json_object_set_new(o, "source", json_string(f->source));
                json_object_set_new(o, "tax_confirmed", json_boolean(f->tax_confirmed));
        }
        return o;
}

static int print_json(json_t *j)
{
        if (j == NULL) {
                fprintf(stderr, "greenlane: out of memory\n");
                return EXIT_FAIL;
        }
        json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        fputc('\n', stdout);
        json_decref(j);
        return EXIT_OK;
}

static int collect_json(const struct enterprise *e, void *ctx)
{
        return json_array_append_new(ctx, enterprise_json(e)) == 0 ? 0 : GL_ENOMEM;
}

static int print_row(const struct enterprise *e, void *ctx)
{
        (void)ctx;
        printf("%s\t%s\t%s\t%s\t%s\t%s%s%s\n", e->uscc, e->grade[0] ? e->grade : "-", e->industry,
               e->township[0] ? e->township : "-", e->name, e->air_emitter ? "涉气 " : "",
               e->key_air_emitter ? "重点 " : "", e->positive_list ? "正面清单" : "");
        return 0;
}

static int parse_limit(const char *text, int64_t *out)
{
        char *end;
        long long v = strtoll(text, &end, 10);
        if (*text == '\0' || *end != '\0' || v < 1 || v > 100000000)
                return GL_EINVAL;
        *out = v;
        return GL_OK;
}

static int list(struct app *app, int argc, char **argv)
{
        struct enterprise_query q = {0};
        bool json = false;
        for (int i = 2; i < argc; i++) {
                const char *opt = argv[i];
                const char *val = i + 1 < argc ? argv[i + 1] : NULL;
                if (strcmp(opt, "--json") == 0) {
                        json = true;
                        continue;
                }
                if (val == NULL)
                        return cli_usage_error("enterprise", "%s needs a value", opt);
                i++;
                if (strcmp(opt, "--search") == 0)
                        q.search = val;
                else if (strcmp(opt, "--industry") == 0) {
                        const struct policy_industry *ind =
                            policy_industry_find(app_policy(app), val);
                        q.industry = ind ? ind->code : val;
                } else if (strcmp(opt, "--township") == 0)
                        q.township = val;
                else if (strcmp(opt, "--grade") == 0)
                        q.grade = val;
                else if (strcmp(opt, "--limit") == 0) {
                        if (parse_limit(val, &q.limit) != GL_OK)
                                return cli_usage_error("enterprise", "--limit: a positive number");
                } else
                        return cli_usage_error("enterprise", "unknown option %s", opt);
        }
        struct actor who = actor_system();
        struct gl_error err = {0};
        int64_t total = 0;
        if (json) {
                json_t *arr = json_array();
                if (app_enterprise_list(app, &who, &q, collect_json, arr, &total, &err) != GL_OK) {
                        json_decref(arr);
                        return cli_report(&err);
                }
                return print_json(arr);
        }
        if (app_enterprise_list(app, &who, &q, print_row, NULL, &total, &err) != GL_OK)
                return cli_report(&err);
        printf("共 %lld 家企业 (enterprises)\n", (long long)total);
        return EXIT_OK;
}

static int collect_annual(const struct annual_figures *f, void *ctx)
{
        return json_array_append_new(ctx, annual_json(f)) == 0 ? 0 : GL_ENOMEM;
}

static void print_amount(int64_t v, bool money)
{
        char buf[32];
        if (v == GL_AMOUNT_NONE)
                printf("\t-");
        else
                printf("\t%s", money ? amount_format_yuan(v, buf, sizeof(buf))
                                     : amount_format_tonnes(v, buf, sizeof(buf)));
}

static int print_annual(const struct annual_figures *f, void *ctx)
{
        (void)ctx;
        printf("%d", f->year);
        print_amount(f->tax_fen, true);
        print_amount(f->rd_fen, true);
        print_amount(f->revenue_fen, true);
        for (int p = 0; p < POLLUTANT_COUNT_; p++)
                print_amount(f->emission_g[p], false);
        printf("\t%s%s\n", f->source, f->tax_confirmed ? " (税务已确认)" : "");
        return 0;
}

static const char *yes_no(bool b)
{
        return b ? "是" : "否";
}

static int show(struct app *app, int argc, char **argv)
{
        const char *uscc = NULL;
        bool json = false;
        for (int i = 2; i < argc; i++) {
                if (strcmp(argv[i], "--json") == 0)
                        json = true;
                else if (argv[i][0] == '-')
                        return cli_usage_error("enterprise", "unknown option %s", argv[i]);
                else if (uscc == NULL)
                        uscc = argv[i];
                else
                        return cli_usage_error("enterprise", "unexpected argument %s", argv[i]);
        }
        if (uscc == NULL)
                return cli_usage_error("enterprise", "show needs a USCC");
        struct actor who = actor_system();
        struct gl_error err = {0};
        struct enterprise e;
        if (app_enterprise_get(app, &who, uscc, &e, &err) != GL_OK)
                return cli_report(&err);
        if (json) {
                json_t *o = enterprise_json(&e);
                json_t *years = json_array();
                if (o == NULL || years == NULL ||
                    app_annual_list(app, &who, uscc, collect_annual, years, &err) != GL_OK) {
                        json_decref(o);
                        json_decref(years);
                        return cli_report(&err);
                }
                json_object_set_new(o, "annual", years);
                return print_json(o);
        }
        const struct policy_industry *ind =
            policy_industry_find(app_pack_for(app, e.division), e.industry);
        printf("统一社会信用代码 (USCC): %s\n", e.uscc);
        printf("企业名称 (name): %s\n", e.name);
        printf("行业 (industry): %s (%s)\n", ind ? ind->name_zh : e.industry, e.industry);
        printf("乡镇 (township): %s\n", e.township);
        printf("绩效等级 (grade): %s\n", e.grade[0] ? e.grade : "无 (none)");
        printf("涉气 (air emitter): %s\n", yes_no(e.air_emitter));
        printf("重点排污单位 (key air emitter): %s\n", yes_no(e.key_air_emitter));
        printf("正面清单 (positive list): %s\n", yes_no(e.positive_list));
        printf("行政区划 (division): %s\n", e.division);
        printf("\n年度\t税收(元)\t研发投入(元)\t营业收入(元)");
        for (int p = 0; p < POLLUTANT_COUNT_; p++)
                printf("\t%s(吨)", pollutant_name_zh((enum pollutant)p));
        printf("\t来源\n");
        if (app_annual_list(app, &who, uscc, print_annual, NULL, &err) != GL_OK)
                return cli_report(&err);
        return EXIT_OK;
}

int cmd_enterprise(struct cli_ctx *ctx, int argc, char **argv)
{
        if (argc < 2)
                return cli_usage_error("enterprise", "missing subcommand");
        bool is_list = strcmp(argv[1], "list") == 0;
        if (!is_list && strcmp(argv[1], "show") != 0)
                return cli_usage_error("enterprise", "unknown subcommand %s", argv[1]);
        struct app *app = NULL;
        if (cli_open_app(ctx, &app) != EXIT_OK)
                return EXIT_FAIL;
        int rc = is_list ? list(app, argc, argv) : show(app, argc, argv);
        app_close(app);
        return rc;
}
