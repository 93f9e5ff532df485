/*
 * Working days and Civil Code periods over the holiday calendar data (format in
 * data/calendar/README.md).
 *
 * A parsed calendar keeps one byte per day over the span of its years (from the December before the
 * first year it loads or dates to the end of the last one): whether the day is off, a working day,
 * or left to the weekday. Next to it, a prefix array counts how far the holidays moved the number
 * of working days from the weekday-only count. Together with a closed formula for the weekday-only
 * count, this gives cum(d), the number of working days up to d from a fixed origin, in constant
 * time for any day. Every question then is arithmetic on cum: working days between two dates are a
 * difference, and the n-th working day after a date is the first day where cum reaches a target,
 * found by binary search. Days outside the span are weekday-only, which is exactly the "weekends
 * alone" rule; the provisional flag is set by checking which years an answer covered.
 *
 * There are two such views of the days. `known` follows the notices where a year is loaded, and the
 * statutory holidays of the law (法定节假日) in a year that is not loaded but whose festival dates
 * the data gives. `latest` is `known` with, in those years only, every day of a customary window
 * around a holiday off as well: the latest a deadline can fall once the notice is out. A day the
 * notices name (off or work) is the same in both; in years without a notice `latest` only adds days
 * off. So a day working in `latest` is working in `known`, and every latest answer is on or after
 * the known one.
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

/* One way of counting the days from base (see the comment at the top). */
struct day_view {
        uint8_t *kinds; /* enum day_kind of each day from base */
        int32_t *shift; /* shift[i]: working days gained (+) or lost (-) on days before base + i,
                           compared with the weekday-only count; ndays + 1 entries */
};

struct calendar {
        int first_year; /* loaded years; 0 when none is loaded */
        int last_year;
        struct calendar_year *years; /* [last_year - first_year + 1] */
        bool no_gaps;                /* every year from first_year to last_year is loaded */
        int64_t loaded_from;         /* first_year-01-01 */
        int64_t loaded_to;           /* last_year-12-31 */
        int statutory_first;         /* years with festival dates (`dates` lines); 0 when none */
        int statutory_last;
        char *statutory_source; /* the `law` line, or NULL */
        int64_t base;           /* the first day that the arrays describe */
        int64_t ndays;
        struct day_view known;
        struct day_view latest;
        uint8_t *window; /* 1 on a day of the customary window around a statutory holiday */
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

/* Working days in [MONDAY_ORIGIN, d] as view v counts them, the same way for every d. */
static int64_t cum(const struct calendar *cal, const struct day_view *v, int64_t d)
{
        int64_t i = d - cal->base + 1;
        if (i < 0)
                i = 0;
        if (i > cal->ndays)
                i = cal->ndays;
        return weekdays_through(d) + (cal->ndays > 0 ? v->shift[i] : 0);
}

static bool working(const struct calendar *cal, const struct day_view *v, int64_t d)
{
        int64_t i = d - cal->base;
        if (i >= 0 && i < cal->ndays && v->kinds[i] != DAY_DEFAULT)
                return v->kinds[i] == DAY_WORK;
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

void calendar_statutory_range(const struct calendar *cal, int *first, int *last)
{
        if (first)
                *first = cal ? cal->statutory_first : 0;
        if (last)
                *last = cal ? cal->statutory_last : 0;
}

const char *calendar_statutory_source(const struct calendar *cal)
{
        if (cal == NULL || cal->statutory_first == 0)
                return NULL;
        return cal->statutory_source ? cal->statutory_source : "";
}

bool calendar_in_bridging_window(const struct calendar *cal, gl_date d)
{
        if (cal == NULL)
                return false;
        int64_t i = (int64_t)d - cal->base;
        return i >= 0 && i < cal->ndays && cal->window[i];
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
static int64_t first_reaching(const struct calendar *cal, const struct day_view *v, int64_t hint,
                              int64_t target)
{
        int64_t lo = hint - 1, hi = hint, step = 8;
        while (cum(cal, v, lo) >= target) {
                hi = lo;
                lo -= step;
                step *= 2;
        }
        while (cum(cal, v, hi) < target) {
                lo = hi;
                hi += step;
                step *= 2;
        }
        /* cum(lo) < target <= cum(hi) */
        while (hi - lo > 1) {
                int64_t mid = lo + (hi - lo) / 2;
                if (cum(cal, v, mid) >= target)
                        hi = mid;
                else
                        lo = mid;
        }
        return hi;
}

bool calendar_is_working_day(const struct calendar *cal, gl_date d, bool *provisional)
{
        const struct calendar *c = or_empty(cal);
        flag_days(cal, d, d, provisional);
        return working(c, &c->known, d);
}

/* calendar_add_working_days as view v counts. */
static gl_date add_working_days(const struct calendar *cal, const struct day_view *v, gl_date start,
                                int n, bool *provisional)
{
        const struct calendar *c = or_empty(cal);
        if (n == 0)
                return start;
        int64_t result;
        if (n > 0) {
                /* The receipt day is not counted: the n-th day after start where cum grows. */
                result =
                    first_reaching(c, v, (int64_t)start + (int64_t)n * 7 / 5, cum(c, v, start) + n);
                flag_days(cal, (int64_t)start + 1, result, provisional);
        } else {
                /* The |n|-th working day before start: the earliest day whose cum reaches the
                 * count |n| - 1 below that of the day before start. */
                result = first_reaching(c, v, (int64_t)start + (int64_t)n * 7 / 5,
                                        cum(c, v, (int64_t)start - 1) + n + 1);
                flag_days(cal, result, (int64_t)start - 1, provisional);
        }
        return (gl_date)result;
}

gl_date calendar_add_working_days(const struct calendar *cal, gl_date start, int n,
                                  bool *provisional)
{
        return add_working_days(cal, &or_empty(cal)->known, start, n, provisional);
}

gl_date calendar_add_working_days_latest(const struct calendar *cal, gl_date start, int n,
                                         bool *provisional)
{
        /* Backwards, a make-up day could move the answer later: no latest day, the known one. */
        const struct calendar *c = or_empty(cal);
        return add_working_days(cal, n > 0 ? &c->latest : &c->known, start, n, provisional);
}

/* calendar_add_months as view v counts. */
static gl_date add_months(const struct calendar *cal, const struct day_view *v, gl_date start,
                          int n, bool *provisional)
{
        /* 民法典 art. 202:
         * "按照年、月计算期间的，到期月的对应日为期间的最后一日；没有对应日的，为当月 的最后一日"
         * (the corresponding day of the final month, else its last day); art. 203: a last day that
         * is a day off moves to the day after the rest ends, the next working day. A step at a
         * time: a few days at most, cheaper than a search. */
        const struct calendar *c = or_empty(cal);
        gl_date end = date_add_months_clamped(start, n);
        int64_t result = end;
        while (!working(c, v, result))
                result++;
        flag_days(cal, end, result, provisional);
        return (gl_date)result;
}

gl_date calendar_add_months(const struct calendar *cal, gl_date start, int n, bool *provisional)
{
        return add_months(cal, &or_empty(cal)->known, start, n, provisional);
}

gl_date calendar_add_months_latest(const struct calendar *cal, gl_date start, int n,
                                   bool *provisional)
{
        return add_months(cal, &or_empty(cal)->latest, start, n, provisional);
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
        return (int)(cum(c, &c->known, to) - cum(c, &c->known, from));
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
        free(cal->statutory_source);
        free(cal->known.kinds);
        free(cal->known.shift);
        free(cal->latest.kinds);
        free(cal->latest.shift);
        free(cal->window);
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

#define MAX_KEY 31

/* A `festival` line: a statutory holiday (法定节假日) of the law, and the customary window around
 * it within which a notice may give days off. Days are counted from the festival's day of the year.
 */
struct festival {
        int line;
        char key[MAX_KEY + 1];
        bool dated;   /* its day is given each year by the `dates` lines */
        int on;       /* `on MM-DD`, as month * 100 + day; for `dated`, the span's first day */
        int last;     /* `dated`: the span's last day, as month * 100 + day */
        int off_from; /* the days off: off_from..off_to */
        int off_to;
        int window_from; /* the customary window: window_from..window_to */
        int window_to;
};

struct parser {
        const char *source_name;
        struct gl_error *err;
        struct mark *marks;
        size_t nmarks, cap_marks;
        struct year_block *blocks;
        size_t nblocks, cap_blocks;
        char *law; /* the `law` line */
        int law_line;
        struct festival *festivals;
        size_t nfestivals, cap_festivals;
        /* The `dates` lines, one row of nfestivals days per year from dates_first_year on: the
         * day of each festival that year, the fixed ones included. */
        int dates_first_year;
        gl_date *days;
        size_t nrows, cap_days;
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

/* items, with room for at least n + 1 elements of size bytes (*cap updated), or NULL when out of
 * memory (items is then left as it was, for the caller to free). */
static void *with_room(struct parser *p, void *items, size_t *cap, size_t n, size_t size)
{
        if (n < *cap)
                return items;
        size_t grown = *cap ? *cap * 2 : 16;
        while (grown <= n)
                grown *= 2;
        void *more = realloc(items, grown * size);
        if (more == NULL) {
                gl_fail(p->err, GL_ENOMEM, "", "out of memory");
                return NULL;
        }
        *cap = grown;
        return more;
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

/* The rest of the line without its leading blanks, as the text of a statement. */
static char *text_of(char *args)
{
        while (is_blank(*args))
                args++;
        return args;
}

static struct year_block *current_block(struct parser *p)
{
        return p->nblocks ? &p->blocks[p->nblocks - 1] : NULL;
}

/* A four-digit year from 1900 on. */
static bool parse_year_word(const char *word, int *out)
{
        int year = 0;
        if (strlen(word) != 4)
                return false;
        for (size_t i = 0; i < 4; i++) {
                if (word[i] < '0' || word[i] > '9')
                        return false;
                year = year * 10 + (word[i] - '0');
        }
        if (year < 1900)
                return false;
        *out = year;
        return true;
}

static int parse_year(struct parser *p, int line, char *args)
{
        char *word = next_word(&args);
        if (word == NULL || next_word(&args) != NULL)
                return fail_at(p, line, GL_EINVAL, "year 需要一个年份 (expected: year YYYY)");
        int year = 0;
        if (!parse_year_word(word, &year))
                return fail_at(p, line, GL_EINVAL,
                               "年份无效 (invalid year '%s', expected YYYY from 1900 to 9999)",
                               word);
        for (size_t i = 0; i < p->nblocks; i++)
                if (p->blocks[i].year == year)
                        return fail_at(
                            p, line, GL_EINVAL,
                            "年份 %d 重复, 已在第 %d 行 (year %d already given on line %d)", year,
                            p->blocks[i].line, year, p->blocks[i].line);
        struct year_block *b =
            with_room(p, p->blocks, &p->cap_blocks, p->nblocks, sizeof(*p->blocks));
        if (b == NULL)
                return GL_ENOMEM;
        p->blocks = b;
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
        args = text_of(args);
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
        struct mark *m = with_room(p, p->marks, &p->cap_marks, p->nmarks, sizeof(*p->marks));
        if (m == NULL)
                return GL_ENOMEM;
        p->marks = m;
        p->marks[p->nmarks++] =
            (struct mark){.line = line, .year = b->year, .kind = kind, .from = from, .to = to};
        return GL_OK;
}

static int parse_law(struct parser *p, int line, char *args)
{
        if (p->law != NULL)
                return fail_at(p, line, GL_EINVAL,
                               "law 已在第 %d 行给出 (a second law line; the first is line %d)",
                               p->law_line, p->law_line);
        args = text_of(args);
        if (*args == '\0')
                return fail_at(p, line, GL_EINVAL, "law 内容为空 (empty law)");
        p->law = strdup(args);
        if (p->law == NULL)
                return gl_fail(p->err, GL_ENOMEM, "", "out of memory");
        p->law_line = line;
        return GL_OK;
}

/* "MM-DD", a day that every year has (not 02-29), as month * 100 + day. */
static bool parse_month_day(const char *text, int *out)
{
        if (strlen(text) != 5 || text[2] != '-')
                return false;
        for (size_t i = 0; i < 5; i++)
                if (i != 2 && (text[i] < '0' || text[i] > '9'))
                        return false;
        int month = (text[0] - '0') * 10 + (text[1] - '0');
        int day = (text[3] - '0') * 10 + (text[4] - '0');
        if (!date_is_valid_ymd(2001, month, day))
                return false;
        *out = month * 100 + day;
        return true;
}

static int month_day_of(gl_date d)
{
        int month, day;
        date_to_ymd(d, NULL, &month, &day);
        return month * 100 + day;
}

/* A whole number of days from -MAX_BREAK_DAYS to MAX_BREAK_DAYS, with an optional sign. */
static bool parse_day_count(const char *text, int *out)
{
        int sign = 1;
        if (*text == '+' || *text == '-')
                sign = *text++ == '-' ? -1 : 1;
        if (*text == '\0' || strlen(text) > 2)
                return false;
        int v = 0;
        for (; *text; text++) {
                if (*text < '0' || *text > '9')
                        return false;
                v = v * 10 + (*text - '0');
        }
        if (v > MAX_BREAK_DAYS)
                return false;
        *out = sign * v;
        return true;
}

/* "A..B", two day counts with A <= B. */
static bool parse_day_range(char *text, int *from, int *to)
{
        char *dots = strstr(text, "..");
        if (dots == NULL)
                return false;
        *dots = '\0';
        bool ok = parse_day_count(text, from) && parse_day_count(dots + 2, to) && *from <= *to;
        *dots = '.';
        return ok;
}

static bool is_key(const char *word)
{
        size_t n = strlen(word);
        if (n == 0 || n > MAX_KEY || word[0] < 'a' || word[0] > 'z')
                return false;
        for (size_t i = 0; i < n; i++)
                if (!((word[i] >= 'a' && word[i] <= 'z') || (word[i] >= '0' && word[i] <= '9') ||
                      word[i] == '-'))
                        return false;
        return true;
}

static const struct festival *find_festival(const struct parser *p, const char *key, size_t *index)
{
        for (size_t i = 0; i < p->nfestivals; i++) {
                if (strcmp(p->festivals[i].key, key) == 0) {
                        *index = i;
                        return &p->festivals[i];
                }
        }
        return NULL;
}

#define FESTIVAL_SYNTAX "festival KEY on MM-DD|dated MM-DD..MM-DD off A..B window C..D"

static int parse_festival(struct parser *p, int line, char *args)
{
        char *words[8];
        size_t n = 0;
        while (n < 8 && (words[n] = next_word(&args)) != NULL)
                n++;
        bool dated = n == 7 && strcmp(words[1], "dated") == 0;
        if (n != 7 || (!dated && strcmp(words[1], "on") != 0) || strcmp(words[3], "off") != 0 ||
            strcmp(words[5], "window") != 0)
                return fail_at(p, line, GL_EINVAL, "festival 格式错误 (expected: %s)",
                               FESTIVAL_SYNTAX);
        if (p->nrows > 0)
                return fail_at(p, line, GL_EINVAL,
                               "festival 须写在所有 dates 行之前 (festival after a dates line; "
                               "declare every festival first)");
        struct festival f = {.line = line, .dated = dated};
        size_t earlier;
        if (!is_key(words[0]))
                return fail_at(p, line, GL_EINVAL,
                               "名称无效 (invalid key '%s': a lowercase letter, then letters, "
                               "digits or '-', at most %d)",
                               words[0], MAX_KEY);
        if (find_festival(p, words[0], &earlier) != NULL)
                return fail_at(p, line, GL_EINVAL,
                               "'%s' 重复, 已在第 %d 行 (festival '%s' already given on line %d)",
                               words[0], p->festivals[earlier].line, words[0],
                               p->festivals[earlier].line);
        memcpy(f.key, words[0], strlen(words[0]) + 1);
        char *dots = dated ? strstr(words[2], "..") : NULL;
        if (dots != NULL)
                *dots = '\0';
        bool day_ok = parse_month_day(words[2], &f.on) &&
                      (dated ? dots != NULL && parse_month_day(dots + 2, &f.last) : true);
        if (dots != NULL)
                *dots = '.';
        if (!day_ok)
                return fail_at(p, line, GL_EINVAL,
                               "日期无效 (invalid day '%s', expected %s of days that every year "
                               "has)",
                               words[2], dated ? "MM-DD..MM-DD" : "MM-DD");
        if (dated && f.last < f.on)
                return fail_at(p, line, GL_EINVAL,
                               "区间结束早于开始 (span ends before it starts: %s)", words[2]);
        if (!parse_day_range(words[4], &f.off_from, &f.off_to) ||
            !parse_day_range(words[6], &f.window_from, &f.window_to))
                return fail_at(p, line, GL_EINVAL,
                               "天数无效 (invalid days '%s' or '%s', expected A..B with A <= B, "
                               "from -%d to %d)",
                               words[4], words[6], MAX_BREAK_DAYS, MAX_BREAK_DAYS);
        if (f.window_from > f.off_from || f.window_to < f.off_to)
                return fail_at(p, line, GL_EINVAL,
                               "窗口须包含放假日 (the window %s does not contain the days off %s)",
                               words[6], words[4]);
        struct festival *all =
            with_room(p, p->festivals, &p->cap_festivals, p->nfestivals, sizeof(*p->festivals));
        if (all == NULL)
                return GL_ENOMEM;
        p->festivals = all;
        p->festivals[p->nfestivals++] = f;
        return GL_OK;
}

/* Checks that the days off of each festival of year lie in the year, and its window in the year or
 * the December before it (as a notice's block may). */
static int check_festival_days(struct parser *p, int line, int year, const gl_date *row)
{
        for (size_t i = 0; i < p->nfestivals; i++) {
                const struct festival *f = &p->festivals[i];
                if (row[i] + f->off_from < date_from_ymd(year, 1, 1) ||
                    row[i] + f->off_to > date_from_ymd(year, 12, 31))
                        return fail_at(p, line, GL_EINVAL,
                                       "'%s' 的放假日超出 %d 年 (the days off of '%s' fall outside "
                                       "year %d)",
                                       f->key, year, f->key, year);
                if (row[i] + f->window_from < date_from_ymd(year - 1, 12, 1) ||
                    row[i] + f->window_to > date_from_ymd(year, 12, 31))
                        return fail_at(p, line, GL_EINVAL,
                                       "'%s' 的窗口超出 %d 年 (the window of '%s' reaches outside "
                                       "year %d and the December before it)",
                                       f->key, year, f->key, year);
        }
        return GL_OK;
}

static int parse_dates(struct parser *p, int line, char *args)
{
        char *word = next_word(&args);
        int year = 0;
        if (word == NULL)
                return fail_at(p, line, GL_EINVAL,
                               "dates 需要年份 (expected: dates YYYY KEY DATE ...)");
        if (!parse_year_word(word, &year))
                return fail_at(p, line, GL_EINVAL,
                               "年份无效 (invalid year '%s', expected YYYY from 1900 to 9999)",
                               word);
        if (p->nfestivals == 0)
                return fail_at(p, line, GL_EINVAL,
                               "dates 前缺少 festival 行 (dates before any "
                               "festival)");
        int expected = p->dates_first_year + (int)p->nrows;
        if (p->nrows > 0 && year != expected)
                return fail_at(p, line, GL_EINVAL,
                               "dates 年份须逐年连续 (dates for %d where %d is expected: the years "
                               "follow each other without gaps)",
                               year, expected);
        size_t nf = p->nfestivals;
        gl_date *days = with_room(p, p->days, &p->cap_days, p->nrows * nf + nf - 1, sizeof(*days));
        if (days == NULL)
                return GL_ENOMEM;
        p->days = days;
        gl_date *row = &p->days[p->nrows * nf];
        for (size_t i = 0; i < nf; i++)
                row[i] = GL_DATE_NONE;
        char *key;
        while ((key = next_word(&args)) != NULL) {
                char *text = next_word(&args);
                size_t i;
                const struct festival *f = find_festival(p, key, &i);
                if (text == NULL)
                        return fail_at(p, line, GL_EINVAL,
                                       "'%s' 后缺少日期 (a date is missing after '%s')", key, key);
                if (f == NULL)
                        return fail_at(p, line, GL_EINVAL,
                                       "未知节日 (unknown festival '%s'; declare it with a "
                                       "festival line)",
                                       key);
                if (!f->dated)
                        return fail_at(p, line, GL_EINVAL,
                                       "'%s' 每年同一天 (festival '%s' is on the same day every "
                                       "year; dates lists the dated festivals only)",
                                       key, key);
                if (row[i] != GL_DATE_NONE)
                        return fail_at(p, line, GL_EINVAL, "'%s' 重复 (festival '%s' given twice)",
                                       key, key);
                gl_date d;
                int y = 0;
                if (date_parse_iso(text, &d) != GL_OK)
                        return fail_at(p, line, GL_EINVAL,
                                       "日期无效 (invalid date '%s', expected YYYY-MM-DD)", text);
                date_to_ymd(d, &y, NULL, NULL);
                if (y != year || month_day_of(d) < f->on || month_day_of(d) > f->last)
                        return fail_at(p, line, GL_EINVAL,
                                       "'%s' 的日期 %s 不在 %d 年 %02d-%02d..%02d-%02d 之内 (date "
                                       "%s of '%s' is outside %02d-%02d..%02d-%02d of year %d)",
                                       key, text, year, f->on / 100, f->on % 100, f->last / 100,
                                       f->last % 100, text, key, f->on / 100, f->on % 100,
                                       f->last / 100, f->last % 100, year);
                row[i] = d;
        }
        for (size_t i = 0; i < nf; i++) {
                const struct festival *f = &p->festivals[i];
                if (!f->dated)
                        row[i] = date_from_ymd(year, f->on / 100, f->on % 100);
                else if (row[i] == GL_DATE_NONE)
                        return fail_at(p, line, GL_EINVAL,
                                       "%d 年缺少 '%s' (dates for %d lacks '%s')", year, f->key,
                                       year, f->key);
        }
        int rc = check_festival_days(p, line, year, row);
        if (rc != GL_OK)
                return rc;
        if (p->nrows == 0)
                p->dates_first_year = year;
        p->nrows++;
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
        if (strcmp(keyword, "law") == 0)
                return parse_law(p, line, rest);
        if (strcmp(keyword, "festival") == 0)
                return parse_festival(p, line, rest);
        if (strcmp(keyword, "dates") == 0)
                return parse_dates(p, line, rest);
        return fail_at(p, line, GL_EINVAL,
                       "无法识别的行 (unknown statement '%s'; expected year, source, off, work, "
                       "law, festival or dates)",
                       keyword);
}

/* Gives the days from..to off in kinds where the law places them: only when neither the
 * festival's year nor the day's own year is loaded, and the notices leave the day to the weekday.
 */
static void give_off(struct calendar *cal, uint8_t *kinds, int year, int64_t from, int64_t to)
{
        if (calendar_year_loaded(cal, year))
                return;
        for (int64_t d = from; d <= to; d++) {
                int64_t i = d - cal->base;
                if (kinds[i] == DAY_DEFAULT && !calendar_year_loaded(cal, year_of(d)))
                        kinds[i] = DAY_OFF;
        }
}

/* The statutory holidays into `known`, then their windows into `latest` and `window`. */
static void place_festivals(const struct parser *p, struct calendar *cal)
{
        size_t nf = p->nfestivals;
        for (size_t r = 0; r < p->nrows; r++) {
                int year = p->dates_first_year + (int)r;
                for (size_t i = 0; i < nf; i++) {
                        const struct festival *f = &p->festivals[i];
                        gl_date day = p->days[r * nf + i];
                        give_off(cal, cal->known.kinds, year, (int64_t)day + f->off_from,
                                 (int64_t)day + f->off_to);
                }
        }
        memcpy(cal->latest.kinds, cal->known.kinds, (size_t)cal->ndays);
        for (size_t r = 0; r < p->nrows; r++) {
                int year = p->dates_first_year + (int)r;
                for (size_t i = 0; i < nf; i++) {
                        const struct festival *f = &p->festivals[i];
                        int64_t from = (int64_t)p->days[r * nf + i] + f->window_from;
                        int64_t to = (int64_t)p->days[r * nf + i] + f->window_to;
                        for (int64_t d = from; d <= to; d++)
                                cal->window[d - cal->base] = 1;
                        give_off(cal, cal->latest.kinds, year, from, to);
                }
        }
}

/* The prefix counts of a view from its kinds. */
static void count_shift(const struct calendar *cal, struct day_view *v)
{
        for (int64_t k = 0; k < cal->ndays; k++) {
                bool weekday = weekday_of(cal->base + k) <= 5;
                int change = 0;
                if (v->kinds[k] == DAY_OFF && weekday)
                        change = -1;
                else if (v->kinds[k] == DAY_WORK && !weekday)
                        change = 1;
                v->shift[k + 1] = v->shift[k] + change;
        }
}

/* The loaded years from the blocks, their sources moved into cal. */
static int take_years(struct parser *p, struct calendar *cal)
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
        cal->years = calloc((size_t)(last - first + 1), sizeof(*cal->years));
        if (cal->years == NULL)
                return gl_fail(p->err, GL_ENOMEM, "", "out of memory");
        cal->first_year = first;
        cal->last_year = last;
        cal->no_gaps = p->nblocks == (size_t)(last - first + 1); /* years are unique */
        cal->loaded_from = date_from_ymd(first, 1, 1);
        cal->loaded_to = date_from_ymd(last, 12, 31);
        for (size_t i = 0; i < p->nblocks; i++) {
                struct calendar_year *y = &cal->years[p->blocks[i].year - first];
                y->loaded = true;
                y->source = p->blocks[i].source;
                p->blocks[i].source = NULL;
        }
        return GL_OK;
}

/* Builds the calendar from the parsed statements; conflicting days are named by their lines. */
static int build(struct parser *p, struct calendar *cal)
{
        if (p->nblocks == 0 && p->nrows == 0)
                return GL_OK;
        int rc = take_years(p, cal);
        if (rc != GL_OK)
                return rc;
        int first = cal->first_year, last = cal->last_year;
        if (p->nrows > 0) {
                cal->statutory_first = p->dates_first_year;
                cal->statutory_last = p->dates_first_year + (int)p->nrows - 1;
                cal->statutory_source = p->law;
                p->law = NULL;
                if (first == 0 || cal->statutory_first < first)
                        first = cal->statutory_first;
                if (cal->statutory_last > last)
                        last = cal->statutory_last;
        }
        cal->base = date_from_ymd(first - 1, 12, 1);
        cal->ndays = date_from_ymd(last, 12, 31) - cal->base + 1;
        size_t ndays = (size_t)cal->ndays;
        cal->known.kinds = calloc(ndays, sizeof(*cal->known.kinds));
        cal->known.shift = calloc(ndays + 1, sizeof(*cal->known.shift));
        cal->latest.kinds = calloc(ndays, sizeof(*cal->latest.kinds));
        cal->latest.shift = calloc(ndays + 1, sizeof(*cal->latest.shift));
        cal->window = calloc(ndays, sizeof(*cal->window));
        int *line_of = calloc(ndays, sizeof(*line_of));
        if (cal->known.kinds == NULL || cal->known.shift == NULL || cal->latest.kinds == NULL ||
            cal->latest.shift == NULL || cal->window == NULL || line_of == NULL) {
                free(line_of);
                return gl_fail(p->err, GL_ENOMEM, "", "out of memory");
        }
        uint8_t *kinds = cal->known.kinds;
        for (size_t i = 0; i < p->nmarks; i++) {
                const struct mark *m = &p->marks[i];
                for (gl_date d = m->from; d <= m->to; d++) {
                        int64_t k = d - cal->base;
                        if (kinds[k] != DAY_DEFAULT && kinds[k] != m->kind) {
                                char iso[11];
                                int earlier = line_of[k];
                                free(line_of);
                                return fail_at(p, m->line, GL_EINVAL,
                                               "%s 与第 %d 行矛盾 (%s is both a day off and a "
                                               "working day; see line %d)",
                                               date_format_iso(d, iso), earlier, iso, earlier);
                        }
                        kinds[k] = (uint8_t)m->kind;
                        line_of[k] = m->line;
                }
        }
        free(line_of);
        place_festivals(p, cal);
        count_shift(cal, &cal->known);
        count_shift(cal, &cal->latest);
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
        free(p.law);
        free(p.festivals);
        free(p.days);
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
