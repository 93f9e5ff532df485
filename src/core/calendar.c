/*
 * Working days and Civil Code periods over the holiday calendar data (format in
 * data/calendar/README.md).
 *
 * A parsed calendar keeps one byte per day over the span of its loaded years (from the December
 * before the first one to the end of the last one): whether the notice made the day off, made it a
 * working day, or left it to the weekday. Next to it, a prefix array counts how far the notices
 * moved the number of working days from the weekday-only count. Together with a closed formula for
 * the weekday-only count, this gives cum(d), the number of working days up to d from a fixed
 * origin, in constant time for any day, loaded or not. Every question then is arithmetic on cum:
 * working days between two dates are a difference, and the n-th working day after a date is the
 * first day where cum reaches a target, found by binary search. Days outside the loaded span are
 * weekday-only, which is exactly the "weekends alone" rule for years that are not loaded; the
 * provisional flag is set by checking which years an answer covered.
 *
 * Internally days are int64_t, so that no argument can overflow the arithmetic; callers keep their
 * dates, and the results they ask for, within the years of date.h.
 */
#include "calendar.h"
#include "embedded.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum day_kind {
        DAY_DEFAULT = 0, /* as the weekday says */
        DAY_OFF = 1,     /* 放假: a day off of a break */
        DAY_WORK = 2,    /* 调休上班: a weekend day declared a working day */
};

struct calendar_year {
        bool loaded;
        char *source; /* the notice, or NULL when the block names none */
};

struct calendar {
        int first_year; /* 0 when no year is loaded */
        int last_year;
        struct calendar_year *years; /* [last_year - first_year + 1] */
        bool no_gaps;                /* every year from first_year to last_year is loaded */
        int64_t loaded_from;         /* first_year-01-01 */
        int64_t loaded_to;           /* last_year-12-31 */
        int64_t base;                /* the first day that kinds[] describes */
        int64_t ndays;
        uint8_t *kinds; /* enum day_kind of each day from base */
        int32_t *shift; /* shift[i]: working days gained (+) or lost (-) on days before base + i,
                           compared with the weekday-only count; ndays + 1 entries */
};

/* 1969-12-29, a Monday: the origin of the weekday-only count. */
#define MONDAY_ORIGIN (-3)

static int64_t floor_div(int64_t a, int64_t b)
{
        int64_t q = a / b;
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int weekday_of(int64_t d)
{
        int64_t offset = d - MONDAY_ORIGIN;
        return (int)(offset - floor_div(offset, 7) * 7) + 1; /* 1 = Monday ... 7 = Sunday */
}

/* Mondays to Fridays in [MONDAY_ORIGIN, d] (negative before the origin; only differences count). */
static int64_t weekdays_through(int64_t d)
{
        int64_t t = d - MONDAY_ORIGIN + 1;
        int64_t weeks = floor_div(t, 7);
        int64_t rest = t - weeks * 7;
        return weeks * 5 + (rest < 5 ? rest : 5);
}

/* Working days in [MONDAY_ORIGIN, d], counted the same way for every d. */
static int64_t cum(const struct calendar *cal, int64_t d)
{
        int64_t i = d - cal->base + 1;
        if (i < 0)
                i = 0;
        if (i > cal->ndays)
                i = cal->ndays;
        return weekdays_through(d) + (cal->ndays > 0 ? cal->shift[i] : 0);
}

static bool working(const struct calendar *cal, int64_t d)
{
        int64_t i = d - cal->base;
        if (i >= 0 && i < cal->ndays && cal->kinds[i] != DAY_DEFAULT)
                return cal->kinds[i] == DAY_WORK;
        return weekday_of(d) <= 5;
}

/* The year of day d, with days beyond the range of date.h mapped to years that are never loaded. */
static int year_of(int64_t d)
{
        if (d < date_from_ymd(1900, 1, 1))
                return 1899;
        if (d > date_from_ymd(9999, 12, 31))
                return 10000;
        int y;
        date_to_ymd((gl_date)d, &y, NULL, NULL);
        return y;
}

bool calendar_year_loaded(const struct calendar *cal, int year)
{
        if (cal == NULL || cal->first_year == 0 || year < cal->first_year || year > cal->last_year)
                return false;
        return cal->years[year - cal->first_year].loaded;
}

void calendar_loaded_range(const struct calendar *cal, int *first, int *last)
{
        if (first)
                *first = cal ? cal->first_year : 0;
        if (last)
                *last = cal ? cal->last_year : 0;
}

const char *calendar_year_source(const struct calendar *cal, int year)
{
        if (!calendar_year_loaded(cal, year))
                return NULL;
        const char *s = cal->years[year - cal->first_year].source;
        return s ? s : "";
}

/* Sets *provisional when a year of the days from a to b (either order) is not loaded. */
static void flag_days(const struct calendar *cal, int64_t a, int64_t b, bool *provisional)
{
        if (provisional == NULL || *provisional)
                return;
        int64_t lo = a < b ? a : b, hi = a < b ? b : a;
        if (cal != NULL && cal->no_gaps && lo >= cal->loaded_from && hi <= cal->loaded_to)
                return;
        int y1 = year_of(a < b ? a : b);
        int y2 = year_of(a < b ? b : a);
        if (cal == NULL || cal->first_year == 0 || y1 < cal->first_year || y2 > cal->last_year) {
                *provisional = true;
                return;
        }
        for (int y = y1; y <= y2; y++) {
                if (!cal->years[y - cal->first_year].loaded) {
                        *provisional = true;
                        return;
                }
        }
}

/* An empty calendar, used when cal is NULL: every day is weekday-only. */
static const struct calendar empty_calendar = {0};

static const struct calendar *or_empty(const struct calendar *cal)
{
        return cal ? cal : &empty_calendar;
}

/* The first day d with cum(d) >= target, searched from hint outwards and then by bisection. */
static int64_t first_reaching(const struct calendar *cal, int64_t hint, int64_t target)
{
        int64_t lo = hint - 1, hi = hint, step = 8;
        while (cum(cal, lo) >= target) {
                hi = lo;
                lo -= step;
                step *= 2;
        }
        while (cum(cal, hi) < target) {
                lo = hi;
                hi += step;
                step *= 2;
        }
        /* cum(lo) < target <= cum(hi) */
        while (hi - lo > 1) {
                int64_t mid = lo + (hi - lo) / 2;
                if (cum(cal, mid) >= target)
                        hi = mid;
                else
                        lo = mid;
        }
        return hi;
}

bool calendar_is_working_day(const struct calendar *cal, gl_date d, bool *provisional)
{
        flag_days(cal, d, d, provisional);
        return working(or_empty(cal), d);
}

gl_date calendar_add_working_days(const struct calendar *cal, gl_date start, int n,
                                  bool *provisional)
{
        const struct calendar *c = or_empty(cal);
        if (n == 0)
                return start;
        int64_t result;
        if (n > 0) {
                /* The receipt day is not counted: the n-th day after start where cum grows. */
                result = first_reaching(c, (int64_t)start + (int64_t)n * 7 / 5, cum(c, start) + n);
                flag_days(cal, (int64_t)start + 1, result, provisional);
        } else {
                /* The |n|-th working day before start: the earliest day whose cum reaches the
                 * count |n| - 1 below that of the day before start. */
                result = first_reaching(c, (int64_t)start + (int64_t)n * 7 / 5,
                                        cum(c, (int64_t)start - 1) + n + 1);
                flag_days(cal, result, (int64_t)start - 1, provisional);
        }
        return (gl_date)result;
}

/* The first working day on or after d (a few days at most: a step is cheaper than a search). */
static int64_t next_working_day(const struct calendar *cal, int64_t d)
{
        while (!working(cal, d))
                d++;
        return d;
}

gl_date calendar_add_months(const struct calendar *cal, gl_date start, int n, bool *provisional)
{
        /* 民法典 art. 202:
         * "按照年、月计算期间的，到期月的对应日为期间的最后一日；没有对应日的，为当月 的最后一日"
         * (the corresponding day of the final month, else its last day); art. 203: a last day that
         * is a day off moves to the day after the rest ends, the next working day. */
        gl_date end = date_add_months_clamped(start, n);
        int64_t result = next_working_day(or_empty(cal), end);
        flag_days(cal, end, result, provisional);
        return (gl_date)result;
}

int calendar_working_days_between(const struct calendar *cal, gl_date from, gl_date to,
                                  bool *provisional)
{
        if (from == to)
                return 0;
        const struct calendar *c = or_empty(cal);
        if (from < to)
                flag_days(cal, (int64_t)from + 1, to, provisional);
        else
                flag_days(cal, (int64_t)to + 1, from, provisional);
        return (int)(cum(c, to) - cum(c, from));
}

void calendar_free(struct calendar *cal)
{
        if (cal == NULL)
                return;
        if (cal->years) {
                for (int y = cal->first_year; y <= cal->last_year; y++)
                        free(cal->years[y - cal->first_year].source);
        }
        free(cal->years);
        free(cal->kinds);
        free(cal->shift);
        free(cal);
}

/* ---- parsing ---- */

/* A statement of the file, kept until every year is known. */
struct mark {
        int line;
        int year;
        enum day_kind kind; /* DAY_OFF or DAY_WORK */
        gl_date from, to;
};

struct year_block {
        int line;
        int year;
        char *source;
};

struct parser {
        const char *source_name;
        struct gl_error *err;
        struct mark *marks;
        size_t nmarks, cap_marks;
        struct year_block *blocks;
        size_t nblocks, cap_blocks;
};

#define MAX_LINE 512
#define MAX_BREAK_DAYS 31

static int fail_at(struct parser *p, int line, int status, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail_at(struct parser *p, int line, int status, const char *fmt, ...)
{
        char field[64];
        char message[512];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(message, sizeof(message), fmt, ap);
        va_end(ap);
        /* A path too long for the field keeps its base name, so that the line is never cut off. */
        const char *name = p->source_name;
        const char *slash = strrchr(name, '/');
        if (slash != NULL && strlen(name) + 12 > sizeof(field))
                name = slash + 1;
        snprintf(field, sizeof(field), "%.*s:%d", (int)(sizeof(field) - 13), name, line);
        return gl_fail(p->err, status, field, "%s", message);
}

static bool is_blank(char c)
{
        return c == ' ' || c == '\t';
}

/* Splits off the next word of *s (NUL-terminating it in place); NULL when none is left. */
static char *next_word(char **s)
{
        char *p = *s;
        while (is_blank(*p))
                p++;
        if (*p == '\0')
                return NULL;
        char *word = p;
        while (*p != '\0' && !is_blank(*p))
                p++;
        if (*p != '\0')
                *p++ = '\0';
        *s = p;
        return word;
}

static struct year_block *current_block(struct parser *p)
{
        return p->nblocks ? &p->blocks[p->nblocks - 1] : NULL;
}

static int parse_year(struct parser *p, int line, char *args)
{
        char *word = next_word(&args);
        if (word == NULL || next_word(&args) != NULL)
                return fail_at(p, line, GL_EINVAL, "year 需要一个年份 (expected: year YYYY)");
        int year = 0;
        bool digits = strlen(word) == 4;
        for (size_t i = 0; digits && i < 4; i++) {
                if (word[i] < '0' || word[i] > '9')
                        digits = false;
                else
                        year = year * 10 + (word[i] - '0');
        }
        if (!digits || year < 1900)
                return fail_at(p, line, GL_EINVAL,
                               "年份无效 (invalid year '%s', expected YYYY from 1900 to 9999)",
                               word);
        for (size_t i = 0; i < p->nblocks; i++)
                if (p->blocks[i].year == year)
                        return fail_at(
                            p, line, GL_EINVAL,
                            "年份 %d 重复, 已在第 %d 行 (year %d already given on line %d)", year,
                            p->blocks[i].line, year, p->blocks[i].line);
        if (p->nblocks == p->cap_blocks) {
                size_t cap = p->cap_blocks ? p->cap_blocks * 2 : 8;
                struct year_block *b = realloc(p->blocks, cap * sizeof(*b));
                if (b == NULL)
                        return gl_fail(p->err, GL_ENOMEM, "", "out of memory");
                p->blocks = b;
                p->cap_blocks = cap;
        }
        p->blocks[p->nblocks++] = (struct year_block){.line = line, .year = year, .source = NULL};
        return GL_OK;
}

static int parse_source(struct parser *p, int line, char *args)
{
        struct year_block *b = current_block(p);
        if (b == NULL)
                return fail_at(p, line, GL_EINVAL,
                               "source 前缺少 year 行 (source before any year)");
        if (b->source != NULL)
                return fail_at(p, line, GL_EINVAL, "%d 年已有 source (a second source for year %d)",
                               b->year, b->year);
        while (is_blank(*args))
                args++;
        if (*args == '\0')
                return fail_at(p, line, GL_EINVAL, "source 内容为空 (empty source)");
        b->source = strdup(args);
        if (b->source == NULL)
                return gl_fail(p->err, GL_ENOMEM, "", "out of memory");
        return GL_OK;
}

/* Parses one date of a block for year: ISO, within the year or the December before it. */
static int parse_block_date(struct parser *p, int line, int year, const char *text, gl_date *out)
{
        gl_date d;
        if (date_parse_iso(text, &d) != GL_OK)
                return fail_at(p, line, GL_EINVAL,
                               "日期无效 (invalid date '%s', expected YYYY-MM-DD)", text);
        if (d < date_from_ymd(year - 1, 12, 1) || d > date_from_ymd(year, 12, 31))
                return fail_at(p, line, GL_EINVAL,
                               "日期 %s 不属于 %d 年的通知 (date %s is outside the block of year "
                               "%d, which may reach back only into the December before it)",
                               text, year, text, year);
        *out = d;
        return GL_OK;
}

static int parse_day(struct parser *p, int line, enum day_kind kind, char *args)
{
        const char *keyword = kind == DAY_OFF ? "off" : "work";
        struct year_block *b = current_block(p);
        if (b == NULL)
                return fail_at(p, line, GL_EINVAL, "%s 前缺少 year 行 (%s before any year)",
                               keyword, keyword);
        char *word = next_word(&args);
        if (word == NULL || next_word(&args) != NULL)
                return fail_at(p, line, GL_EINVAL, "%s 需要一个日期 (expected: %s)", keyword,
                               kind == DAY_OFF ? "off DATE or off FROM..TO" : "work DATE");
        char *dots = strstr(word, "..");
        if (dots != NULL && kind == DAY_WORK)
                return fail_at(p, line, GL_EINVAL,
                               "调休上班日须逐日列出 (work takes one date, not a range)");
        if (dots != NULL)
                *dots = '\0';
        gl_date from, to;
        int rc = parse_block_date(p, line, b->year, word, &from);
        if (rc != GL_OK)
                return rc;
        to = from;
        if (dots != NULL) {
                rc = parse_block_date(p, line, b->year, dots + 2, &to);
                if (rc != GL_OK)
                        return rc;
                if (to < from)
                        return fail_at(p, line, GL_EINVAL,
                                       "区间结束早于开始 (range ends before it starts: %s..%s)",
                                       word, dots + 2);
                if (to - from >= MAX_BREAK_DAYS)
                        return fail_at(p, line, GL_EINVAL,
                                       "假期超过 %d 天 (a break of more than %d days: %s..%s)",
                                       MAX_BREAK_DAYS, MAX_BREAK_DAYS, word, dots + 2);
        }
        if (kind == DAY_WORK && date_weekday(from) <= 5)
                return fail_at(p, line, GL_EINVAL,
                               "调休上班日须为周六或周日 (work %s is a weekday; only a Saturday or "
                               "Sunday can be declared a working day)",
                               word);
        if (p->nmarks == p->cap_marks) {
                size_t cap = p->cap_marks ? p->cap_marks * 2 : 64;
                struct mark *m = realloc(p->marks, cap * sizeof(*m));
                if (m == NULL)
                        return gl_fail(p->err, GL_ENOMEM, "", "out of memory");
                p->marks = m;
                p->cap_marks = cap;
        }
        p->marks[p->nmarks++] =
            (struct mark){.line = line, .year = b->year, .kind = kind, .from = from, .to = to};
        return GL_OK;
}

static int parse_line(struct parser *p, int line, char *text)
{
        char *hash = strchr(text, '#');
        if (hash != NULL)
                *hash = '\0';
        size_t n = strlen(text);
        while (n > 0 && (is_blank(text[n - 1]) || text[n - 1] == '\r'))
                text[--n] = '\0';
        char *rest = text;
        char *keyword = next_word(&rest);
        if (keyword == NULL)
                return GL_OK;
        if (strcmp(keyword, "year") == 0)
                return parse_year(p, line, rest);
        if (strcmp(keyword, "source") == 0)
                return parse_source(p, line, rest);
        if (strcmp(keyword, "off") == 0)
                return parse_day(p, line, DAY_OFF, rest);
        if (strcmp(keyword, "work") == 0)
                return parse_day(p, line, DAY_WORK, rest);
        return fail_at(p, line, GL_EINVAL,
                       "无法识别的行 (unknown statement '%s'; expected year, source, off or work)",
                       keyword);
}

/* Builds the calendar from the parsed statements; conflicting days are named by their lines. */
static int build(struct parser *p, struct calendar *cal)
{
        if (p->nblocks == 0)
                return GL_OK;
        int first = p->blocks[0].year, last = p->blocks[0].year;
        for (size_t i = 1; i < p->nblocks; i++) {
                if (p->blocks[i].year < first)
                        first = p->blocks[i].year;
                if (p->blocks[i].year > last)
                        last = p->blocks[i].year;
        }
        cal->first_year = first;
        cal->last_year = last;
        cal->years = calloc((size_t)(last - first + 1), sizeof(*cal->years));
        cal->base = date_from_ymd(first - 1, 12, 1);
        cal->ndays = date_from_ymd(last, 12, 31) - cal->base + 1;
        cal->kinds = calloc((size_t)cal->ndays, sizeof(*cal->kinds));
        cal->shift = calloc((size_t)cal->ndays + 1, sizeof(*cal->shift));
        int *line_of = calloc((size_t)cal->ndays, sizeof(*line_of));
        if (cal->years == NULL || cal->kinds == NULL || cal->shift == NULL || line_of == NULL) {
                free(line_of);
                return gl_fail(p->err, GL_ENOMEM, "", "out of memory");
        }
        cal->no_gaps = p->nblocks == (size_t)(last - first + 1); /* years are unique */
        cal->loaded_from = date_from_ymd(first, 1, 1);
        cal->loaded_to = date_from_ymd(last, 12, 31);
        for (size_t i = 0; i < p->nblocks; i++) {
                struct calendar_year *y = &cal->years[p->blocks[i].year - first];
                y->loaded = true;
                y->source = p->blocks[i].source;
                p->blocks[i].source = NULL;
        }
        for (size_t i = 0; i < p->nmarks; i++) {
                const struct mark *m = &p->marks[i];
                for (gl_date d = m->from; d <= m->to; d++) {
                        int64_t k = d - cal->base;
                        if (cal->kinds[k] != DAY_DEFAULT && cal->kinds[k] != m->kind) {
                                char iso[11];
                                int earlier = line_of[k];
                                free(line_of);
                                return fail_at(p, m->line, GL_EINVAL,
                                               "%s 与第 %d 行矛盾 (%s is both a day off and a "
                                               "working day; see line %d)",
                                               date_format_iso(d, iso), earlier, iso, earlier);
                        }
                        cal->kinds[k] = (uint8_t)m->kind;
                        line_of[k] = m->line;
                }
        }
        free(line_of);
        for (int64_t k = 0; k < cal->ndays; k++) {
                bool weekday = weekday_of(cal->base + k) <= 5;
                int change = 0;
                if (cal->kinds[k] == DAY_OFF && weekday)
                        change = -1;
                else if (cal->kinds[k] == DAY_WORK && !weekday)
                        change = 1;
                cal->shift[k + 1] = cal->shift[k] + change;
        }
        return GL_OK;
}

int calendar_parse(const char *text, size_t len, const char *source_name, struct calendar **out,
                   struct gl_error *err)
{
        struct parser p = {.source_name = source_name ? source_name : "calendar", .err = err};
        struct calendar *cal = calloc(1, sizeof(*cal));
        int rc = GL_OK;
        if (cal == NULL) {
                rc = gl_fail(err, GL_ENOMEM, "", "out of memory");
                goto fail;
        }
        int line = 0;
        size_t pos = 0;
        while (pos < len) {
                line++;
                const char *start = text + pos;
                const char *nl = memchr(start, '\n', len - pos);
                size_t n = nl ? (size_t)(nl - start) : len - pos;
                pos += n + (nl ? 1 : 0);
                if (n >= MAX_LINE) {
                        rc = fail_at(&p, line, GL_EINVAL, "行太长 (line longer than %d bytes)",
                                     MAX_LINE - 1);
                        goto fail;
                }
                if (memchr(start, '\0', n) != NULL) {
                        rc = fail_at(&p, line, GL_EINVAL, "行中含有 NUL 字节 (NUL byte in line)");
                        goto fail;
                }
                char buf[MAX_LINE];
                memcpy(buf, start, n);
                buf[n] = '\0';
                rc = parse_line(&p, line, buf);
                if (rc != GL_OK)
                        goto fail;
        }
        rc = build(&p, cal);
        if (rc != GL_OK)
                goto fail;
        *out = cal;
        cal = NULL;
fail:
        for (size_t i = 0; i < p.nblocks; i++)
                free(p.blocks[i].source);
        free(p.blocks);
        free(p.marks);
        calendar_free(cal);
        return rc;
}

int calendar_load_default(struct calendar **out, struct gl_error *err)
{
        const struct embedded_file *f = embedded_find(embedded_calendars, "cn.txt");
        if (f == NULL)
                return gl_fail(err, GL_ENOTFOUND, "cn.txt",
                               "程序中没有节假日数据 (no holiday calendar compiled in)");
        return calendar_parse(f->data, f->size, f->name, out, err);
}

gl_date calendar_add_working_days_latest(const struct calendar *cal, gl_date start, int n,
                                         bool *provisional)
{
        return calendar_add_working_days(cal, start, n, provisional);
}

gl_date calendar_add_months_latest(const struct calendar *cal, gl_date start, int n,
                                   bool *provisional)
{
        return calendar_add_months(cal, start, n, provisional);
}
