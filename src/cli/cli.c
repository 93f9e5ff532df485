/*
 * The command table, global options and the helpers every command shares (help, usage errors, error
 * reports, opening the application). The table is the single list of commands: `greenlane --help`
 * and dispatch both read it, and docs/greenlane.1 mirrors the usage strings.
 */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const struct cli_command commands[] = {
    {"init", "创建或升级数据库 (create or migrate the database)", "greenlane init", cmd_init},
    {"backup",
     "备份数据库、审计密钥与锚点日志并校验副本 (back up the database, its audit key and anchor "
     "log, and verify the copy)",
     "greenlane backup FILE", cmd_backup},
    {"restore", "校验备份后以其替换数据库 (verify a backup, then replace the database with it)",
     "greenlane restore FILE [--force]", cmd_restore},
    {"copy",
     "把整个数据库复制到另一个后端并校验 (copy the whole database to another backend, verified)",
     "greenlane copy --to URL [--to-key FILE] [--to-anchors FILE]", cmd_copy},
    {"audit", "审计记录: 校验哈希链与业务数据、查看记录 (verify and list the audit trail)",
     "greenlane audit verify [--anchor ID:HASH] [--anchor-log FILE]\n"
     "greenlane audit seal [--dry-run]\n"
     "greenlane audit list [--entity TYPE[:ID]] [--limit N]",
     cmd_audit},
    {"calendar", "工作日与期间计算 (working days and Civil Code periods)",
     "greenlane calendar add-working-days DATE N [--latest]\n"
     "greenlane calendar add-months DATE N [--latest]\n"
     "greenlane calendar is-working-day DATE\n"
     "greenlane calendar working-days-between FROM TO\n"
     "greenlane calendar years\n"
     "greenlane calendar check FILE",
     cmd_calendar},
    {"policy", "政策目录与参数: 措施、联系人、参数、校验政策包 (the policy catalog and parameters)",
     "greenlane policy list [--date DATE] [--division CODE]\n"
     "greenlane policy show N [--en] [--division CODE]\n"
     "greenlane policy params [--measure N] [--date DATE] [--division CODE]\n"
     "greenlane policy check FILE",
     cmd_policy},
    {"import",
     "导入 CSV: 企业名录、年度数据、行业平均水平 (import enterprises, annual figures, "
     "industry averages)",
     "greenlane import enterprises FILE [--encoding utf-8|gb18030]\n"
     "greenlane import annual FILE [--encoding utf-8|gb18030]\n"
     "greenlane import averages FILE [--encoding utf-8|gb18030]\n"
     "greenlane import template KIND [--csv FILE | --xlsx FILE]",
     cmd_import},
    {"enterprise", "企业名录: 查询、查看 (list and show enterprises)",
     "greenlane enterprise list [--search TEXT] [--industry CODE] [--township T] [--grade G] "
     "[--limit N] [--json]\n"
     "greenlane enterprise show USCC [--json]",
     cmd_enterprise},
    {"eval", "评价政策适用: 第一项措施激励性绩效分级 (evaluate measure 1, incentive grading)",
     "greenlane eval incentive --year Y [--json | --csv | --xlsx FILE] [--set NAME=VALUE]... "
     "[--diff] [--today DATE]",
     cmd_eval},
    {"declaration",
     "措施一申报: 提交、审核、初审与现场核查、决定、达标、申报表 PDF (the measure 1 declaration)",
     "greenlane declaration submit USCC --year Y --grade-sought G --document NAME=FILE... "
     "[--today DATE] [--as USER]\n"
     "greenlane declaration resubmit ID [--document NAME=FILE...] [--expect-version N] "
     "[--today DATE] [--as USER]\n"
     "greenlane declaration list [--state S] [--uscc USCC] [--year Y] [--as USER]\n"
     "greenlane declaration show ID [--today DATE] [--as USER]\n"
     "greenlane declaration pdf ID --out FILE [--today DATE] [--as USER]\n"
     "greenlane declaration review ID --approve|--return [--reason TEXT] [--expect-version N] "
     "[--today DATE] [--as USER]\n"
     "greenlane declaration city-review ID --preliminary|--site --findings TEXT "
     "[--expect-version N] [--today DATE] [--as USER]\n"
     "greenlane declaration decide ID --provisional|--reject [--reason TEXT] "
     "[--expect-version N] [--today DATE] [--as USER]\n"
     "greenlane declaration indicators-met ID [--note TEXT] [--expect-version N] [--today DATE] "
     "[--as USER]",
     cmd_declaration},
    {"case",
     "办理程序的案件: 程序、待办、列出、查看、办理 (cases of every procedure: procedures, list, "
     "show, "
     "open, step)",
     "greenlane case procedures [--json] [--today DATE] [--as USER]\n"
     "greenlane case work [--json] [--today DATE] [--as USER]\n"
     "greenlane case list [--procedure P] [--state S] [--open] [--json | --xlsx FILE] [--today "
     "DATE] [--as USER]\n"
     "greenlane case show ID [--json] [--today DATE] [--as USER]\n"
     "greenlane case open PROCEDURE ACTION [--uscc USCC] [--field NAME=VALUE]... "
     "[--document NAME=FILE]... [--reason TEXT] [--today DATE] [--as USER]\n"
     "greenlane case step ID ACTION [--field NAME=VALUE]... [--document NAME=FILE]... "
     "[--reason TEXT] [--today DATE] [--expect-version N] [--as USER]",
     cmd_case},
    {"enforcement",
     "措施二包容性执法案件: 查看情节与免罚建议、生成责令改正决定书与承诺书 PDF (measure 2 "
     "enforcement cases: the proposal and the letters)",
     "greenlane enforcement show ID [--json] [--as USER]\n"
     "greenlane enforcement letter ID order|commitment --out FILE [--as USER]",
     cmd_enforcement},
    {"control",
     "措施三“三个禁用”管控措施: 决定、核对、领导批准、解除 (measure 3: control measures under the "
     "three bans)",
     "greenlane control propose USCC|--site ID --kind "
     "restrict_production|halt_production|stop_work|other --from DATE --to DATE --reason TEXT "
     "[--other-kind K] [--malicious-case ID] [--major-risk TEXT] [--document NAME=FILE]... "
     "[--today DATE] [--as USER]\n"
     "greenlane control check USCC|--site ID --kind "
     "restrict_production|halt_production|stop_work|other --from DATE --to DATE [--other-kind K] "
     "[--malicious-case ID] [--major-risk TEXT] [--document NAME=FILE]... [--json] [--today DATE] "
     "[--as USER]\n"
     "greenlane control approve ID [--reason TEXT] [--expect-version N] [--today DATE] "
     "[--as USER]\n"
     "greenlane control refuse ID --reason TEXT [--expect-version N] [--today DATE] [--as USER]\n"
     "greenlane control lift ID --reason TEXT [--expect-version N] [--today DATE] [--as USER]\n"
     "greenlane control list [--state S] [--json] [--today DATE] [--as USER]\n"
     "greenlane control show ID [--json] [--today DATE] [--as USER]",
     cmd_control},
    {"supply",
     "措施六正面清单企业上下游: 登记、审视优先企业、帮扶目标 (measure 6: supply-chain links of "
     "positive-list enterprises)",
     "greenlane supply link add USCC --direction upstream|downstream --partner USCC "
     "[--partner-name NAME] [--partner-grade G] [--partner-positive-list yes|no] --product TEXT "
     "[--today DATE] [--as USER]\n"
     "greenlane supply link end ID [--reason TEXT] [--today DATE] [--as USER]\n"
     "greenlane supply link list [USCC] [--ended] [--json] [--as USER]\n"
     "greenlane supply review [USCC] [--json] [--today DATE] [--as USER]\n"
     "greenlane supply target add LINK_ID --target TEXT [--today DATE] [--as USER]\n"
     "greenlane supply target close ID --met|--dropped [--note TEXT] [--today DATE] [--as USER]",
     cmd_supply},
    {"alert",
     "重污染天气预警: 发布、调整、解除，各企业和工地的减排措施与版本差异 (heavy-pollution-weather "
     "alerts and the measures they ask)",
     "greenlane alert issue --level yellow|orange|red --from DATE[THH:MM] --to DATE[THH:MM] "
     "[--township NAME]... [--notice TEXT] [--as USER]\n"
     "greenlane alert change ID [--level yellow|orange|red] [--to DATE[THH:MM]] "
     "[--township NAME]... [--whole-county] [--notice TEXT] --reason TEXT [--at DATE[THH:MM]] "
     "[--expect-version N] [--as USER]\n"
     "greenlane alert lift ID [--at DATE[THH:MM]] [--notice TEXT] [--reason TEXT] "
     "[--expect-version N] [--as USER]\n"
     "greenlane alert list [--json] [--as USER]\n"
     "greenlane alert show ID [--json] [--as USER]\n"
     "greenlane alert measures ID [--version N] [--township NAME] [--halted yes|no] "
     "[--restricted yes|no] [--kind KIND] [--unit enterprise|site] [--json | --csv | --xlsx "
     "FILE] [--as USER]\n"
     "greenlane alert diff ID [--from-version N] [--to-version M] [--json] [--as USER]",
     cmd_alert},
    {"eia",
     "措施四建设项目环评服务与措施七总量审核 (measure 4 EIA service, measure 7 totals review)",
     "greenlane eia project add --name TEXT --category CATEGORY --township TOWNSHIP [--builder "
     "USCC] "
     "[--builder-name TEXT] [--plan ID] [--so2 G] [--nox G] [--pm G] [--vocs G] [--cod G] [--nh3n "
     "G] "
     "[--today DATE] [--as USER]\n"
     "greenlane eia project list [--json] [--as USER]\n"
     "greenlane eia project show ID [--json] [--as USER]\n"
     "greenlane eia plan add --park TEXT --name TEXT [--approved-on DATE] [--today DATE] [--as "
     "USER]\n"
     "greenlane eia plan approve ID [--on DATE] [--today DATE] [--as USER]\n"
     "greenlane eia plan list [--json] [--as USER]\n"
     "greenlane eia apply PROJECT --type report|report_form|registration_form [--guide USER] "
     "[--guide-phone PHONE] [--document NAME=FILE]... [--today DATE] [--as USER]\n"
     "greenlane eia accept CASE [--guide USER] [--guide-phone PHONE] [--note TEXT] [--today DATE] "
     "[--as USER]\n"
     "greenlane eia supply CASE --document NAME=FILE... [--today DATE] [--as USER]\n"
     "greenlane eia approve CASE [--note TEXT] [--today DATE] [--as USER]\n"
     "greenlane eia refuse CASE --reason TEXT [--today DATE] [--as USER]\n"
     "greenlane eia withdraw CASE [--reason TEXT] [--today DATE] [--as USER]\n"
     "greenlane eia guide CASE --note TEXT [--on DATE] [--today DATE] [--as USER]\n"
     "greenlane eia show CASE [--json] [--as USER]\n"
     "greenlane eia totals-review PROJECT --source POLLUTANT=KIND:ACCOUNT:GRAMS... [--on DATE] "
     "[--today DATE] [--as USER]",
     cmd_eia},
    {"site",
     "措施八施工工地与重点建设项目保障正面清单: 登记、检查、申报 (measure 8 construction sites "
     "and the key-project positive list: registry, inspections, applications)",
     "greenlane site add --project TEXT --category CATEGORY --township TOWNSHIP [--builder USCC] "
     "[--builder-name TEXT] [--address TEXT] [--earthwork-m2 N] [--started-on DATE] [--today DATE] "
     "[--as USER]\n"
     "greenlane site list [--township T] [--category C] [--department D] [--status S] "
     "[--listed yes|no] [--builder USCC] [--json] [--as USER]\n"
     "greenlane site show ID [--json] [--as USER]\n"
     "greenlane site update ID [--project TEXT] [--category CATEGORY] [--township TOWNSHIP] "
     "[--builder-name TEXT] [--address TEXT] [--earthwork-m2 N] [--started-on DATE] "
     "[--expect-version N] [--today DATE] [--as USER]\n"
     "greenlane site finish ID [--note TEXT] [--today DATE] [--as USER]\n"
     "greenlane site inspect ID --reason REASON [--on DATE] [--dust passed|failed] [--note TEXT] "
     "[--today DATE] [--as USER]\n"
     "greenlane site inspections [ID] [--json] [--as USER]\n"
     "greenlane site apply ID --document NAME=FILE... [--note TEXT] [--today DATE] [--as USER]\n"
     "greenlane site public [--json]",
     cmd_site},
    {"ledger",
     "措施七排污权账本: 复式记账、两人审批、交易、质押、核对 (measure 7 discharge-rights ledger: "
     "double entry, two-person approval, trades, pledges, verify)",
     "greenlane ledger accounts [--kind KIND] [--json] [--today DATE] [--as USER]\n"
     "greenlane ledger balance ACCOUNT [--json] [--today DATE] [--as USER]\n"
     "greenlane ledger statement ACCOUNT --pollutant P [--from DATE] [--to DATE] [--json] "
     "[--as USER]\n"
     "greenlane ledger transfers [--state S] [--pollutant P] [--account A] [--json] [--as USER]\n"
     "greenlane ledger transfer --client-id ID --pollutant P --from A --to B --grams N [--kind K] "
     "[--day DATE] [--note TEXT] [--price-fen N] [--method M] [--json] [--today DATE] [--as USER]\n"
     "greenlane ledger propose --client-id ID --pollutant P --from A --to B --grams N [--day DATE] "
     "[--note TEXT] [--json] [--today DATE] [--as USER]\n"
     "greenlane ledger approve ID [--json] [--today DATE] [--as USER]\n"
     "greenlane ledger cancel ID --reason TEXT [--json] [--as USER]\n"
     "greenlane ledger reduction --client-id ID --pollutant P --grams N --project TEXT [--day "
     "DATE] "
     "[--json] [--today DATE] [--as USER]\n"
     "greenlane ledger trade --client-id ID --pollutant P --seller A --buyer B --grams N "
     "--price-fen N --method bidding|negotiated|listed [--day DATE] [--json] [--as USER]\n"
     "greenlane ledger sale --client-id ID --pollutant P --buyer A --grams N --price-fen N "
     "[--day DATE] [--json] [--as USER]\n"
     "greenlane ledger pledge ACCOUNT --pollutant P --grams N --pledgee TEXT [--from DATE] "
     "[--json] "
     "[--as USER]\n"
     "greenlane ledger unpledge ID [--today DATE] [--as USER]\n"
     "greenlane ledger reserve [--from DATE] [--to DATE] [--as USER]\n"
     "greenlane ledger prices [--pollutant P] [--year N] [--json]\n"
     "greenlane ledger verify [--json] [--as USER]\n"
     "greenlane ledger expire [--today DATE] [--as USER]\n"
     "greenlane ledger batch FILE [--today DATE] [--as USER]",
     cmd_ledger},
    {"visit",
     "措施五“两进三送”帮扶走访: 专家库、走访计划、记录、企业评价 (measure 5 service visits: the "
     "expert roster, plans, records, feedback)",
     "greenlane visit expert add NAME --unit UNIT [--speciality TEXT]... [--phone PHONE] "
     "[--as USER]\n"
     "greenlane visit expert list [--all] [--json] [--as USER]\n"
     "greenlane visit expert disable ID [--as USER]\n"
     "greenlane visit targets [--json] [--as USER]\n"
     "greenlane visit plan USCC --on DATE --team EXPERT_ID[,EXPERT_ID...]... [--leader USER] "
     "[--purpose TEXT] [--help-target ID] [--today DATE] [--as USER]\n"
     "greenlane visit reschedule ID --on DATE [--team EXPERT_ID[,EXPERT_ID...]...] "
     "[--expect-version N] [--today DATE] [--as USER]\n"
     "greenlane visit record ID --visited-on DATE [--law ITEM]... [--policy ITEM]... "
     "[--technology ITEM]... [--problems TEXT] [--advice TEXT] [--follow-up TEXT] "
     "[--expect-version N] [--today DATE] [--as USER]\n"
     "greenlane visit feedback ID --helped yes|no [--comment TEXT] [--expect-version N] "
     "[--today DATE] [--as USER]\n"
     "greenlane visit cancel ID [--note TEXT] [--expect-version N] [--today DATE] [--as USER]\n"
     "greenlane visit list [--state S] [--json] [--as USER]\n"
     "greenlane visit show ID [--json] [--as USER]",
     cmd_visit},
    {"deadlines", "期限: 到期与逾期事项、期满撤销暂定等级 (deadlines due and overdue; the sweep)",
     "greenlane deadlines list [--today DATE] [--as USER]\n"
     "greenlane deadlines sweep --today DATE",
     cmd_deadlines},
    {"message", "站内消息: 案件办理进展与下一步 (messages: what moved a case, what to do next)",
     "greenlane message list [--unread] [--page N] [--per-page M] [--json] [--as USER]\n"
     "greenlane message read ID --as USER",
     cmd_message},
    {"tax", "县税务部门确认纳税数据 (the tax department confirms tax figures)",
     "greenlane tax confirm USCC YEAR [--as USER]", cmd_tax},
    {"demo", "生成演示县数据库 (build the demo county: enterprises, annual figures, logins)",
     "greenlane demo [--seed N] [--force]", cmd_demo},
    {"serve", "提供 HTTP 接口与网页 (serve the JSON API and the web app)",
     "greenlane serve --listen HOST:PORT [--web DIR] [--secure-cookie auto|on|off] "
     "[--trusted-proxy ADDR,...]",
     cmd_serve},
    {"user", "用户管理: 添加、改密码、停用、设置姓名、列出 (manage users)",
     "greenlane user add NAME --role ROLE [--enterprise USCC] [--department DEPT] "
     "[--township TOWNSHIP] [--display-name TEXT] [--division CODE]\n"
     "greenlane user passwd NAME\n"
     "greenlane user disable NAME\n"
     "greenlane user set-name NAME TEXT\n"
     "greenlane user list",
     cmd_user},
};

const struct cli_command *cli_find(const char *name)
{
        for (size_t i = 0; i < GL_ARRAY_LEN(commands); i++)
                if (strcmp(commands[i].name, name) == 0)
                        return &commands[i];
        return NULL;
}

bool cli_option_in(const char *list, const char *option)
{
        size_t n = strlen(option);
        for (const char *s = strstr(list, option); s; s = strstr(s + 1, option))
                if ((s == list || s[-1] == ' ') && (s[n] == ' ' || s[n] == '\0'))
                        return true;
        return false;
}

bool cli_wants_help(int argc, char **argv)
{
        for (int i = 1; i < argc; i++) {
                if (strcmp(argv[i], "--") == 0)
                        return false;
                if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
                        return true;
        }
        return false;
}

void cli_usage(FILE *out, const struct cli_command *cmd)
{
        fprintf(out, "%s\n\nUsage:\n", cmd->summary);
        const char *line = cmd->usage;
        while (*line) {
                const char *end = strchr(line, '\n');
                size_t n = end ? (size_t)(end - line) : strlen(line);
                fprintf(out, "  %.*s\n", (int)n, line);
                line += n + (end ? 1 : 0);
        }
}

int cli_usage_error(const char *name, const char *fmt, ...)
{
        va_list ap;
        fprintf(stderr, "greenlane %s: ", name);
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
        fputc('\n', stderr);
        const struct cli_command *cmd = cli_find(name);
        if (cmd)
                fprintf(stderr, "Usage: %s\n", cmd->usage);
        return EXIT_USAGE;
}

int cli_report(const struct gl_error *err)
{
        if (err->field[0])
                fprintf(stderr, "greenlane: %s: %s\n", err->field, err->message);
        else
                fprintf(stderr, "greenlane: %s\n", err->message);
        return EXIT_FAIL;
}

int cli_open_app(struct cli_ctx *ctx, struct app **out)
{
        struct gl_error err = {0};
        if (app_open(ctx->db_url, out, &err) != GL_OK)
                return cli_report(&err);
        return EXIT_OK;
}

static void print_global_usage(FILE *out)
{
        fprintf(out, "greenlane (绿色通道) — 生态环境惠企政策服务系统\n\n"
                     "Usage: greenlane [--db URL] COMMAND [ARGS...]\n"
                     "       greenlane --version | --help\n"
                     "       greenlane COMMAND --help\n\nCommands:\n");
        for (size_t i = 0; i < GL_ARRAY_LEN(commands); i++)
                fprintf(out, "  %-12s %s\n", commands[i].name, commands[i].summary);
        fprintf(out, "\n--db URL defaults to $GREENLANE_DB, else ./greenlane.db (SQLite).\n");
}

int cli_main(int argc, char **argv)
{
        struct cli_ctx ctx = {0};
        int i = 1;
        for (; i < argc && argv[i][0] == '-'; i++) {
                if (strcmp(argv[i], "--version") == 0) {
                        printf("greenlane %s\n", GREENLANE_VERSION);
                        return EXIT_OK;
                } else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
                        print_global_usage(stdout);
                        return EXIT_OK;
                } else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
                        ctx.db_url = argv[++i];
                } else if (strncmp(argv[i], "--db=", 5) == 0) {
                        ctx.db_url = argv[i] + 5;
                } else {
                        fprintf(stderr, "greenlane: unknown option %s\n\n", argv[i]);
                        print_global_usage(stderr);
                        return EXIT_USAGE;
                }
        }
        if (i >= argc) {
                print_global_usage(stderr);
                return EXIT_USAGE;
        }
        if (ctx.db_url == NULL)
                ctx.db_url = getenv("GREENLANE_DB");
        if (ctx.db_url == NULL || ctx.db_url[0] == '\0')
                ctx.db_url = "greenlane.db";
        const struct cli_command *cmd = cli_find(argv[i]);
        if (cmd == NULL) {
                fprintf(stderr, "greenlane: 未知命令 (unknown command) '%s'\n\n", argv[i]);
                print_global_usage(stderr);
                return EXIT_USAGE;
        }
        if (cli_wants_help(argc - i, argv + i)) {
                cli_usage(stdout, cmd);
                return EXIT_OK;
        }
        return cmd->run(&ctx, argc - i, argv + i);
}
