/*
 * `greenlane policy ...`: the public catalog of the policy pack greenlane runs with (the
 * compiled-in pack, or $GREENLANE_POLICY). `list` prints each measure with its in-force period and
 * whether it is in force on a date; `show N` prints one measure as published, in Chinese (or the
 * English summary with --en), with its contacts, a published number that cannot be a phone number
 * shown as flagged; `params` prints each dated parameter with its value on a date and its citation;
 * `check FILE` validates a pack file and names the key of the first problem. None of them opens the
 * database.
 */
#include "cli.h"

#include "../app/app.h"
#include "../core/division.h"
#include "../core/policy.h"
#include "../io/policy_json.h"

#include <stdlib.h>
#include <string.h>

/* Parses "--date D" at argv[*i]; returns 0, or the usage error status. */
static int parse_date_option(char **argv, int argc, int *i, gl_date *on)
{
        if (*i + 1 >= argc || date_parse_iso(argv[*i + 1], on) != GL_OK)
                return cli_usage_error("policy", "--date: 应为日期 YYYY-MM-DD (a date)");
        (*i)++;
        return 0;
}

static int parse_number(const char *text, int *out)
{
        char *end;
        long n = strtol(text, &end, 10);
        if (end == text || *end != '\0' || n < 1 || n > 999)
                return -1;
        *out = (int)n;
        return 0;
}

static const char *numeral_zh(int n)
{
        static const char *const numerals[] = {"",   "一", "二", "三", "四", "五",
                                               "六", "七", "八", "九", "十"};
        return n >= 1 && n <= 10 ? numerals[n] : NULL;
}

static void print_heading(const struct policy_measure *m, bool english)
{
        const char *zh = numeral_zh(m->number);
        if (english)
                printf("Measure %d. %s\n", m->number, m->title_en);
        else if (zh != NULL)
                printf("%s、%s\n", zh, m->title_zh);
        else
                printf("%d、%s\n", m->number, m->title_zh);
}

static const char *status_zh(const struct policy_measure *m, gl_date on)
{
        if (policy_measure_in_force(m, on))
                return "有效";
        if (m->in_force_from != GL_DATE_NONE && on < m->in_force_from)
                return "未开始";
        return "已到期";
}

/* "2022-04-01 至 2022-09-30", "至 2022-12-31", "长期" */
static void format_period(const struct policy_measure *m, char *buf, size_t size)
{
        char from[11], to[11];
        if (m->in_force_from == GL_DATE_NONE && m->in_force_to == GL_DATE_NONE)
                snprintf(buf, size, "长期");
        else if (m->in_force_from == GL_DATE_NONE)
                snprintf(buf, size, "至 %s", date_format_iso(m->in_force_to, to));
        else if (m->in_force_to == GL_DATE_NONE)
                snprintf(buf, size, "自 %s 起", date_format_iso(m->in_force_from, from));
        else
                snprintf(buf, size, "%s 至 %s", date_format_iso(m->in_force_from, from),
                         date_format_iso(m->in_force_to, to));
}

static int list(const struct policy_pack *pack, int argc, char **argv)
{
        gl_date on = app_today_local();
        for (int i = 2; i < argc; i++) {
                if (strcmp(argv[i], "--date") == 0) {
                        int rc = parse_date_option(argv, argc, &i, &on);
                        if (rc != 0)
                                return rc;
                } else {
                        return cli_usage_error("policy", "unknown argument %s", argv[i]);
                }
        }
        char day[11];
        printf("%s（%s 第%d版），%s：\n", pack->title_zh, pack->id, pack->version,
               date_format_iso(on, day));
        for (size_t i = 0; i < pack->nmeasures; i++) {
                const struct policy_measure *m = &pack->measures[i];
                char period[64];
                format_period(m, period, sizeof(period));
                printf("%d\t%s\t兑现时间：%s（%s）\t%s\n", m->number, m->title_zh, m->in_force_zh,
                       period, status_zh(m, on));
        }
        return EXIT_OK;
}

static void print_contacts(const struct policy_measure *m, bool english)
{
        for (size_t i = 0; i < m->ncontacts; i++) {
                const struct policy_contact *c = &m->contacts[i];
                printf(english ? "Contact: %s  Phone: %s" : "联系人：%s 联系电话：%s", c->name,
                       c->phone);
                if (!c->phone_valid)
                        printf(" （%s）", c->phone_note ? c->phone_note : "号码有误");
                putchar('\n');
        }
}

static int show(const struct policy_pack *pack, int argc, char **argv)
{
        int number = 0;
        bool english = false, have_number = false;
        for (int i = 2; i < argc; i++) {
                if (strcmp(argv[i], "--en") == 0)
                        english = true;
                else if (!have_number && parse_number(argv[i], &number) == 0)
                        have_number = true;
                else
                        return cli_usage_error(
                            "policy", "show: 应为措施编号 (a measure number): %s", argv[i]);
        }
        if (!have_number)
                return cli_usage_error("policy", "show: 缺少措施编号 (missing measure number)");
        const struct policy_measure *m = policy_measure_find(pack, number);
        if (m == NULL) {
                fprintf(stderr, "greenlane: 没有第%d条措施 (no such measure) in %s\n", number,
                        pack->id);
                return EXIT_FAIL;
        }
        char period[64];
        format_period(m, period, sizeof(period));
        print_heading(m, english);
        if (english) {
                printf("\nContent\n%s\n\nWho\n%s\n\nProcedure\n%s\n\nIn force\n%s (%s)\n\n"
                       "Responsible\n%s\n\n",
                       m->content_en, m->who_en, m->procedure_en, m->in_force_zh, period,
                       m->responsible_en);
        } else {
                printf(
                    "\n1.政策内容\n%s\n\n2.适用对象\n%s\n\n3.操作流程\n%s\n\n4.兑现时间\n%s（%s）"
                    "\n\n5.职责分工\n%s\n\n",
                    m->content_zh, m->who_zh, m->procedure_zh, m->in_force_zh, period,
                    m->responsible_zh);
        }
        print_contacts(m, english);
        return EXIT_OK;
}

static void print_param(const struct policy_pack *pack, const struct policy_param *p, gl_date on)
{
        const struct policy_value *v = policy_param_value(pack, p->name, on);
        char value[512], from[11], to[11], since[40];
        if (v == NULL) {
                printf("%s = （该日无值）\n", p->name);
        } else {
                policy_value_format(v, value, sizeof(value));
                if (v->kind == POLICY_LIST && v->nlist == 0)
                        snprintf(value, sizeof(value), "（空）");
                if (v->from == GL_DATE_NONE && v->to == GL_DATE_NONE)
                        snprintf(since, sizeof(since), "始终");
                else if (v->to == GL_DATE_NONE)
                        snprintf(since, sizeof(since), "自 %s 起", date_format_iso(v->from, from));
                else if (v->from == GL_DATE_NONE)
                        snprintf(since, sizeof(since), "至 %s", date_format_iso(v->to, to));
                else
                        snprintf(since, sizeof(since), "%s 至 %s", date_format_iso(v->from, from),
                                 date_format_iso(v->to, to));
                printf("%s = %s（%s）\n", p->name, value, since);
        }
        printf("    依据：第%d条「%s」\n    %s\n", p->measure, p->clause, p->description_zh);
}

static int params(const struct policy_pack *pack, int argc, char **argv)
{
        gl_date on = app_today_local();
        int measure = 0;
        for (int i = 2; i < argc; i++) {
                if (strcmp(argv[i], "--date") == 0) {
                        int rc = parse_date_option(argv, argc, &i, &on);
                        if (rc != 0)
                                return rc;
                } else if (strcmp(argv[i], "--measure") == 0 && i + 1 < argc) {
                        if (parse_number(argv[++i], &measure) != 0)
                                return cli_usage_error("policy", "--measure: 应为措施编号 (a "
                                                                 "measure number)");
                } else {
                        return cli_usage_error("policy", "unknown argument %s", argv[i]);
                }
        }
        if (measure != 0 && policy_measure_find(pack, measure) == NULL) {
                fprintf(stderr, "greenlane: 没有第%d条措施 (no such measure) in %s\n", measure,
                        pack->id);
                return EXIT_FAIL;
        }
        char day[11];
        printf("%s 第%d版 参数，%s：\n", pack->id, pack->version, date_format_iso(on, day));
        for (size_t i = 0; i < pack->nparams; i++)
                if (measure == 0 || pack->params[i].measure == measure)
                        print_param(pack, &pack->params[i], on);
        return EXIT_OK;
}

static int check(int argc, char **argv)
{
        if (argc != 3)
                return cli_usage_error("policy", "check: 需要一个文件 (one FILE)");
        const char *path = argv[2];
        struct policy_pack *pack = NULL;
        struct gl_error err = {0};
        if (app_load_policy_file(path, &pack, &err) != GL_OK) {
                fprintf(stderr, "greenlane: %s\n", err.message);
                return EXIT_FAIL;
        }
        for (size_t i = 0; i < pack->nmeasures; i++) {
                const struct policy_measure *m = &pack->measures[i];
                for (size_t j = 0; j < m->ncontacts; j++)
                        if (!m->contacts[j].phone_valid)
                                printf("%s: measures[%zu].contacts[%zu].phone: %s （%s）\n", path,
                                       i, j, m->contacts[j].phone, m->contacts[j].phone_note);
        }
        printf("%s: 有效 (valid): %s 第%d版，%zu 条措施，%zu 个行业，%zu 个参数\n", path, pack->id,
               pack->version, pack->nmeasures, pack->nindustries, pack->nparams);
        policy_pack_free(pack);
        return EXIT_OK;
}

int cmd_policy(struct cli_ctx *ctx, int argc, char **argv)
{
        (void)ctx;
        if (argc < 2)
                return cli_usage_error("policy", "missing subcommand");
        const char *sub = argv[1];
        if (strcmp(sub, "check") == 0)
                return check(argc, argv);
        if (strcmp(sub, "list") != 0 && strcmp(sub, "show") != 0 && strcmp(sub, "params") != 0)
                return cli_usage_error("policy", "unknown subcommand %s", sub);
        /* --division CODE, anywhere after the subcommand: that county's pack. */
        const char *division = NULL;
        int kept = 2;
        for (int i = 2; i < argc; i++) {
                if (strcmp(argv[i], "--division") != 0) {
                        argv[kept++] = argv[i];
                        continue;
                }
                if (i + 1 >= argc || division_level(argv[i + 1]) != DIVISION_COUNTY)
                        return cli_usage_error("policy", "--division: 应为县级行政区划代码 (a "
                                                         "county's division code, six digits)");
                division = argv[++i];
        }
        argc = kept;
        struct policy_pack *pack = NULL;
        struct gl_error err = {0};
        if (app_load_policy_of(division, &pack, &err) != GL_OK)
                return cli_report(&err);
        int rc;
        if (strcmp(sub, "list") == 0)
                rc = list(pack, argc, argv);
        else if (strcmp(sub, "show") == 0)
                rc = show(pack, argc, argv);
        else
                rc = params(pack, argc, argv);
        policy_pack_free(pack);
        return rc;
}
