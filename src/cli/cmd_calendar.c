/*
 * `greenlane calendar ...`: working days and Civil Code periods on the holiday calendar compiled
 * into the program, for people and scripts that need a deadline without the rest of greenlane.
 * Each form prints one answer on stdout (an ISO date, yes/no, or a number) and the line
 * `provisional` on stderr when the answer depends on a year whose notice is not loaded. With
 * --latest, add-working-days and add-months print instead the latest day the answer can be once
 * the notices are published (calendar.h). The command reads no database. `check FILE` parses a
 * calendar file, so that a new year can be checked before it is compiled in.
 */
#include "cli.h"
#include "../core/calendar.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Limits that keep every answer inside the years that dates can have (1900-9999). */
#define MAX_WORKING_DAYS 100000
#define MAX_MONTHS 12000
#define MAX_CALENDAR_FILE (1024 * 1024)

static int parse_date_arg(const char *name, const char *text, gl_date *out)
{
        if (date_parse_iso(text, out) != GL_OK)
                return cli_usage_error("calendar",
                                       "%s: '%s' 不是有效日期 (not a valid date, expected "
                                       "YYYY-MM-DD from 1900 to 9999)",
                                       name, text);
        return EXIT_OK;
}

static int parse_count_arg(const char *text, int max, int *out)
{
        long v = 0;
        bool ok = text[0] != '\0' && strlen(text) <= 9;
        for (const char *p = text; ok && *p; p++) {
                if (*p < '0' || *p > '9')
                        ok = false;
                else
                        v = v * 10 + (*p - '0');
        }
        if (!ok || v > max)
                return cli_usage_error("calendar",
                                       "N: '%s' 不是 0 到 %d 之间的整数 (not a whole number from 0 "
                                       "to %d)",
                                       text, max, max);
        *out = (int)v;
        return EXIT_OK;
}

/* Prints a date answer, or reports that it falls outside the years dates can have. */
static int print_date(gl_date d, bool provisional)
{
        if (d > date_from_ymd(9999, 12, 31))
                return cli_usage_error("calendar", "N: 结果晚于 9999-12-31 (the result falls after "
                                                   "9999-12-31)");
        char iso[11];
        printf("%s\n", date_format_iso(d, iso));
        if (provisional)
                fprintf(stderr, "provisional\n");
        return EXIT_OK;
}

static int load(struct calendar **cal)
{
        struct gl_error err = {0};
        if (calendar_load_default(cal, &err) != GL_OK)
                return cli_report(&err);
        return EXIT_OK;
}

/*
 * Forms taking DATE N [--latest]: add-working-days and add-months. The option may stand anywhere
 * after the subcommand. Outcomes: the date on stdout (and `provisional` on stderr); exit 2 for a
 * missing or extra argument, an unknown option, a bad DATE or N, or a result after 9999.
 */
static int run_add(int argc, char **argv, bool months)
{
        const char *args[2];
        int nargs = 0;
        bool latest = false;
        for (int i = 2; i < argc; i++) {
                if (strcmp(argv[i], "--latest") == 0)
                        latest = true;
                else if (strncmp(argv[i], "--", 2) == 0)
                        return cli_usage_error("calendar", "unknown option '%s'", argv[i]);
                else if (nargs == 2)
                        return cli_usage_error("calendar", "%s takes DATE N [--latest]", argv[1]);
                else
                        args[nargs++] = argv[i];
        }
        if (nargs != 2)
                return cli_usage_error("calendar", "%s takes DATE N [--latest]", argv[1]);
        gl_date start = 0;
        int n = 0;
        if (parse_date_arg("DATE", args[0], &start) != EXIT_OK ||
            parse_count_arg(args[1], months ? MAX_MONTHS : MAX_WORKING_DAYS, &n) != EXIT_OK)
                return EXIT_USAGE;
        struct calendar *cal = NULL;
        if (load(&cal) != EXIT_OK)
                return EXIT_FAIL;
        bool provisional = false;
        gl_date end;
        if (months)
                end = latest ? calendar_add_months_latest(cal, start, n, &provisional)
                             : calendar_add_months(cal, start, n, &provisional);
        else
                end = latest ? calendar_add_working_days_latest(cal, start, n, &provisional)
                             : calendar_add_working_days(cal, start, n, &provisional);
        calendar_free(cal);
        return print_date(end, provisional);
}

static int run_is_working_day(int argc, char **argv)
{
        if (argc != 3)
                return cli_usage_error("calendar", "is-working-day takes DATE");
        gl_date d = 0;
        if (parse_date_arg("DATE", argv[2], &d) != EXIT_OK)
                return EXIT_USAGE;
        struct calendar *cal = NULL;
        if (load(&cal) != EXIT_OK)
                return EXIT_FAIL;
        bool provisional = false;
        bool working = calendar_is_working_day(cal, d, &provisional);
        calendar_free(cal);
        printf("%s\n", working ? "yes" : "no");
        if (provisional)
                fprintf(stderr, "provisional\n");
        return EXIT_OK;
}

static int run_between(int argc, char **argv)
{
        if (argc != 4)
                return cli_usage_error("calendar", "working-days-between takes FROM TO");
        gl_date from = 0, to = 0;
        if (parse_date_arg("FROM", argv[2], &from) != EXIT_OK ||
            parse_date_arg("TO", argv[3], &to) != EXIT_OK)
                return EXIT_USAGE;
        struct calendar *cal = NULL;
        if (load(&cal) != EXIT_OK)
                return EXIT_FAIL;
        bool provisional = false;
        int n = calendar_working_days_between(cal, from, to, &provisional);
        calendar_free(cal);
        printf("%d\n", n);
        if (provisional)
                fprintf(stderr, "provisional\n");
        return EXIT_OK;
}

/* Prints, in order, each loaded year and its notice, and each year whose statutory holidays alone
 * are known with the law they come from: one year a line, the year and its source separated by a
 * tab. */
static void print_years(const struct calendar *cal)
{
        int first, last, statutory_first, statutory_last;
        calendar_loaded_range(cal, &first, &last);
        calendar_statutory_range(cal, &statutory_first, &statutory_last);
        if (first == 0 || (statutory_first != 0 && statutory_first < first))
                first = statutory_first;
        if (statutory_last > last)
                last = statutory_last;
        for (int y = first; first != 0 && y <= last; y++) {
                if (calendar_year_loaded(cal, y))
                        printf("%d\t%s\n", y, calendar_year_source(cal, y));
                else if (y >= statutory_first && y <= statutory_last)
                        printf("%d\t仅法定节假日 (statutory holidays only, provisional): %s\n", y,
                               calendar_statutory_source(cal));
        }
}

static int run_years(int argc, char **argv)
{
        (void)argv;
        if (argc != 2)
                return cli_usage_error("calendar", "years takes no arguments");
        struct calendar *cal = NULL;
        if (load(&cal) != EXIT_OK)
                return EXIT_FAIL;
        print_years(cal);
        calendar_free(cal);
        return EXIT_OK;
}

/* Reads a whole file (at most MAX_CALENDAR_FILE bytes) into a new buffer the caller frees. */
static int read_file(const char *path, char **out, size_t *len, struct gl_error *err)
{
        FILE *f = fopen(path, "rb");
        if (f == NULL)
                return gl_fail(err, GL_EIO, path, "无法打开文件 (cannot open): %s",
                               strerror(errno));
        char *buf = malloc(MAX_CALENDAR_FILE + 1);
        if (buf == NULL) {
                fclose(f);
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        }
        size_t n = fread(buf, 1, MAX_CALENDAR_FILE + 1, f);
        int failed = ferror(f);
        fclose(f);
        if (failed || n > MAX_CALENDAR_FILE) {
                free(buf);
                if (failed)
                        return gl_fail(err, GL_EIO, path, "读取失败 (read error)");
                return gl_fail(err, GL_ELIMIT, path, "文件超过 %d 字节 (file larger than %d bytes)",
                               MAX_CALENDAR_FILE, MAX_CALENDAR_FILE);
        }
        *out = buf;
        *len = n;
        return GL_OK;
}

static int run_check(int argc, char **argv)
{
        if (argc != 3)
                return cli_usage_error("calendar", "check takes FILE");
        struct gl_error err = {0};
        char *text = NULL;
        size_t len = 0;
        if (read_file(argv[2], &text, &len, &err) != GL_OK)
                return cli_report(&err);
        struct calendar *cal = NULL;
        int rc = calendar_parse(text, len, argv[2], &cal, &err);
        free(text);
        if (rc != GL_OK)
                return cli_report(&err);
        print_years(cal);
        calendar_free(cal);
        return EXIT_OK;
}

int cmd_calendar(struct cli_ctx *ctx, int argc, char **argv)
{
        (void)ctx;
        if (argc < 2)
                return cli_usage_error("calendar", "missing subcommand");
        const char *sub = argv[1];
        if (strcmp(sub, "add-working-days") == 0)
                return run_add(argc, argv, false);
        if (strcmp(sub, "add-months") == 0)
                return run_add(argc, argv, true);
        if (strcmp(sub, "is-working-day") == 0)
                return run_is_working_day(argc, argv);
        if (strcmp(sub, "working-days-between") == 0)
                return run_between(argc, argv);
        if (strcmp(sub, "years") == 0)
                return run_years(argc, argv);
        if (strcmp(sub, "check") == 0)
                return run_check(argc, argv);
        return cli_usage_error("calendar", "unknown subcommand '%s'", sub);
}
