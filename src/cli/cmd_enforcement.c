/*
 * `greenlane enforcement show|letter`: measure 2's enforcement cases in the words of their own
 * (包容性执法). The steps are `greenlane case open m2.enforcement file …` and `greenlane case step
 * ID ACTION …`; `show` prints what the case keeps — its number, the party, the violation, the
 * circumstances, the order to correct, the verification, the system's proposal with every line of
 * its explanation, the outcome — and `letter` writes the order to correct or the letter of
 * commitment as PDF to the file of --out, which exists only when it is whole.
 */
#include "../app/enforcement.h"
#include "../core/m2_enforcement.h"
#include "../io/enforcement_json.h"
#include "../io/enforcement_letters.h"
#include "cli.h"
#include "cli_procedure.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME "enforcement"

static int usage(const char *fmt, const char *arg)
{
        return cli_usage_error(NAME, fmt, arg ? arg : "");
}

struct options {
        struct cli_procedure_options common;
        bool json;
        const char *out;
        const char *positional[2];
        int npositional;
};

static int parse(int argc, char **argv, struct options *o)
{
        for (int i = 2; i < argc; i++) {
                const char *a = argv[i];
                int used = cli_procedure_option(NAME, argc, argv, &i, &o->common);
                if (used < 0)
                        return EXIT_USAGE;
                if (used > 0)
                        continue;
                if (strcmp(a, "--json") == 0)
                        o->json = true;
                else if (strcmp(a, "--out") == 0 && i + 1 < argc)
                        o->out = argv[++i];
                else if (a[0] == '-')
                        return usage("未知参数或缺少取值 (unknown option or missing value) %s", a);
                else if (o->npositional < 2)
                        o->positional[o->npositional++] = a;
                else
                        return usage("多余的参数 (extra argument) %s", a);
        }
        return EXIT_OK;
}

static void line(const char *label, const char *value)
{
        if (value && value[0])
                printf("%s: %s\n", label, value);
}

static void date_line(const char *label, gl_date d)
{
        char iso[11];
        if (d != GL_DATE_NONE)
                printf("%s: %s\n", label, date_format_iso(d, iso));
}

static const char *yes_no(bool b)
{
        return b ? "是" : "否";
}

static void print_record(const struct enforcement_record *r)
{
        const struct m2_case *m = &r->m;
        printf("执法案件 (enforcement case) %lld  %s\n", (long long)r->row.id, m->case_number);
        printf("状态 (state): %s\n", r->row.state);
        printf("当事人 (party): %s  %s%s\n", m->party_uscc, m->party_name,
               r->row.uscc[0] ? "" : "（登记库外单位）");
        line("法定代表人 (legal representative)", m->legal_representative);
        line("地址 (address)", m->address);
        printf("违法行为 (violation): %s  %s\n", m->violation_type,
               r->violation_label_zh ? r->violation_label_zh : "");
        date_line("发现日期 (found on)", m->found_on);
        line("执法人员 (officers)", m->officers);
        line("违法事实 (facts)", m->facts);
        line("调查结论 (findings)", m->findings);
        printf("情节 (circumstances): %s；违法行为轻微 %s；无主观过错 %s；恶意违法 %s；重大"
               "环境风险 %s；首次违法 %s",
               m2_harm_label_zh(m->harm), yes_no(m->minor), yes_no(m->no_fault),
               yes_no(m->malicious), yes_no(m->major_risk),
               yes_no(m->prior_case == 0 && !m->prior_recorded));
        if (m->prior_case)
                printf("（同类违法案件 %lld）", (long long)m->prior_case);
        printf("\n");
        line("决定书文号 (order number)", m->order_number);
        date_line("决定书下达 (ordered on)", m->ordered_on);
        line("改正方式 (correction)", m->correction_mode);
        date_line("改正期限 (correct by)", m->correct_by);
        line("法律依据 (legal basis)", m->legal_basis);
        line("责令改正内容 (what to correct)", m->correction);
        date_line("承诺书签署 (commitment signed)", m->committed_on);
        printf("整改核查 (correction): %s\n", m->correction_status);
        date_line("改正完成 (corrected on)", m->corrected_on);
        printf("系统建议 (proposal): %s  %s\n", m->proposal, r->proposal_label_zh);
        json_t *lines = json_loads(m->explanation ? m->explanation : "[]", 0, NULL);
        for (size_t i = 0; json_is_array(lines) && i < json_array_size(lines); i++)
                printf("  %zu. %s\n", i + 1, json_string_value(json_array_get(lines, i)));
        json_decref(lines);
        line("处理结果 (outcome)", m->outcome);
        line("理由 (reason)", m->outcome_reason);
}

static int show(struct app *app, const struct actor *who, int64_t id, bool as_json)
{
        struct enforcement_record r;
        struct gl_error err = {0};
        if (app_enforcement_get(app, who, id, &r, &err) != GL_OK)
                return cli_report(&err);
        int rc = EXIT_OK;
        if (as_json) {
                json_t *o = enforcement_json(&r);
                char *text = o ? json_dumps(o, JSON_INDENT(2)) : NULL;
                json_decref(o);
                if (text == NULL)
                        rc = EXIT_FAIL;
                else
                        printf("%s\n", text);
                free(text);
        } else {
                print_record(&r);
        }
        app_enforcement_record_free(&r);
        return rc;
}

static int letter(struct app *app, const struct actor *who, int64_t id, const char *kind_name,
                  const char *path)
{
        int kind = enforcement_letter_kind_from_name(kind_name);
        struct enforcement_record r;
        struct gl_error err = {0};
        if (app_enforcement_get(app, who, id, &r, &err) != GL_OK)
                return cli_report(&err);
        struct pdf_doc *doc = NULL;
        int rc = enforcement_letter_pdf(&r, (enum enforcement_letter_kind)kind, &doc, &err);
        if (rc == GL_OK)
                rc = pdf_write_file(doc, path, &err);
        if (rc == GL_OK)
                printf("已生成%s (written) %s，共 %d 页\n",
                       kind == ENFORCEMENT_ORDER ? "责令改正违法行为决定书" : "承诺书", path,
                       pdf_pages(doc));
        pdf_free(doc);
        pdf_release_fonts(); /* the command ends here */
        app_enforcement_record_free(&r);
        return rc == GL_OK ? EXIT_OK : cli_report(&err);
}

int cmd_enforcement(struct cli_ctx *ctx, int argc, char **argv)
{
        if (argc < 2)
                return usage("缺少子命令 (missing subcommand)%s", "");
        const char *form = argv[1];
        bool is_show = strcmp(form, "show") == 0, is_letter = strcmp(form, "letter") == 0;
        if (!is_show && !is_letter)
                return usage("未知子命令 (unknown subcommand) %s", form);
        struct options o = {.common.today = GL_DATE_NONE};
        int rc = parse(argc, argv, &o);
        if (rc != EXIT_OK)
                return rc;
        if (o.npositional != (is_letter ? 2 : 1))
                return usage(is_letter ? "letter 需要 ID 和 order|commitment (takes ID and "
                                         "order|commitment)%s"
                                       : "show 需要一个参数 ID (takes one argument: ID)%s",
                             "");
        char *end = NULL;
        long long id = strtoll(o.positional[0], &end, 10);
        if (*end != '\0' || id <= 0)
                return usage("ID: '%s' 不是案件编号 (not a case id)", o.positional[0]);
        if (is_letter && enforcement_letter_kind_from_name(o.positional[1]) < 0)
                return usage("'%s' 不是文书 (not a letter: order, commitment)", o.positional[1]);
        if (is_letter && (o.out == NULL || o.out[0] == '\0'))
                return usage("letter 需要 --out FILE (needs --out FILE)%s", "");
        struct app *app = NULL;
        if ((rc = cli_open_app(ctx, &app)) != EXIT_OK)
                return rc;
        struct actor who;
        rc = cli_procedure_actor(app, &o.common, &who);
        if (rc == EXIT_OK)
                rc = is_show ? show(app, &who, id, o.json)
                             : letter(app, &who, id, o.positional[1], o.out);
        app_close(app);
        return rc;
}
