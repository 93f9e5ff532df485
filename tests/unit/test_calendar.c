/*
 * Unit tests of core/calendar.c: the 2022-2026 data against the State Council notices as the policy
 * reading transcribes them (every break's first and last day, every make-up day, the weekends
 * around them), working-day deadlines across the long breaks, Civil Code month periods at month
 * ends and on days off, the provisional flag at the edge of the loaded years, and parse errors that
 * name their line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/calendar.h"
#include "core/date.h"
#include "core/gl.h"

/* The policy reading's table "Statutory holidays and make-up working days, 2022-2026", typed in
 * again here so that the data file is checked against an independent copy. */
static const char *const breaks[][2] = {
    {"2022-01-01", "2022-01-03"}, {"2022-01-31", "2022-02-06"}, {"2022-04-03", "2022-04-05"},
    {"2022-04-30", "2022-05-04"}, {"2022-06-03", "2022-06-05"}, {"2022-09-10", "2022-09-12"},
    {"2022-10-01", "2022-10-07"}, {"2022-12-31", "2023-01-02"}, {"2023-01-21", "2023-01-27"},
    {"2023-04-05", "2023-04-05"}, {"2023-04-29", "2023-05-03"}, {"2023-06-22", "2023-06-24"},
    {"2023-09-29", "2023-10-06"}, {"2024-01-01", "2024-01-01"}, {"2024-02-10", "2024-02-17"},
    {"2024-04-04", "2024-04-06"}, {"2024-05-01", "2024-05-05"}, {"2024-06-10", "2024-06-10"},
    {"2024-09-15", "2024-09-17"}, {"2024-10-01", "2024-10-07"}, {"2025-01-01", "2025-01-01"},
    {"2025-01-28", "2025-02-04"}, {"2025-04-04", "2025-04-06"}, {"2025-05-01", "2025-05-05"},
    {"2025-05-31", "2025-06-02"}, {"2025-10-01", "2025-10-08"}, {"2026-01-01", "2026-01-03"},
    {"2026-02-15", "2026-02-23"}, {"2026-04-04", "2026-04-06"}, {"2026-05-01", "2026-05-05"},
    {"2026-06-19", "2026-06-21"}, {"2026-09-25", "2026-09-27"}, {"2026-10-01", "2026-10-07"},
};

static const char *const makeup_days[] = {
    "2022-01-29", "2022-01-30", "2022-04-02", "2022-04-24", "2022-05-07", "2022-10-08",
    "2022-10-09", "2023-01-28", "2023-01-29", "2023-04-23", "2023-05-06", "2023-06-25",
    "2023-10-07", "2023-10-08", "2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28",
    "2024-05-11", "2024-09-14", "2024-09-29", "2024-10-12", "2025-01-26", "2025-02-08",
    "2025-04-27", "2025-09-28", "2025-10-11", "2026-01-04", "2026-02-14", "2026-02-28",
    "2026-05-09", "2026-09-20", "2026-10-10",
};

static gl_date D(const char *iso)
{
        gl_date d = 0;
        assert_int_equal(date_parse_iso(iso, &d), GL_OK);
        return d;
}

static const char *iso(gl_date d)
{
        static char buf[4][11];
        static int next;
        next = (next + 1) % 4;
        return date_format_iso(d, buf[next]);
}

/* The reference answer: a make-up day, or a Monday-Friday outside every break. */
static bool expected_working(gl_date d)
{
        for (size_t i = 0; i < GL_ARRAY_LEN(makeup_days); i++)
                if (D(makeup_days[i]) == d)
                        return true;
        for (size_t i = 0; i < GL_ARRAY_LEN(breaks); i++)
                if (d >= D(breaks[i][0]) && d <= D(breaks[i][1]))
                        return false;
        return date_weekday(d) <= 5;
}

static int setup(void **state)
{
        struct calendar *cal = NULL;
        struct gl_error err = {0};
        if (calendar_load_default(&cal, &err) != GL_OK) {
                print_error("%s: %s\n", err.field, err.message);
                return -1;
        }
        *state = cal;
        return 0;
}

static int teardown(void **state)
{
        calendar_free(*state);
        return 0;
}

static bool working(const struct calendar *cal, const char *day)
{
        bool provisional = false;
        bool w = calendar_is_working_day(cal, D(day), &provisional);
        assert_false(provisional);
        return w;
}

static const char *add_days(const struct calendar *cal, const char *start, int n)
{
        bool provisional = false;
        gl_date d = calendar_add_working_days(cal, D(start), n, &provisional);
        assert_false(provisional);
        return iso(d);
}

static const char *add_months(const struct calendar *cal, const char *start, int n)
{
        bool provisional = false;
        gl_date d = calendar_add_months(cal, D(start), n, &provisional);
        assert_false(provisional);
        return iso(d);
}

static void test_loaded_years(void **state)
{
        const struct calendar *cal = *state;
        int first = -1, last = -1;
        calendar_loaded_range(cal, &first, &last);
        assert_int_equal(first, 2022);
        assert_int_equal(last, 2026);
        for (int y = 2022; y <= 2026; y++)
                assert_true(calendar_year_loaded(cal, y));
        assert_false(calendar_year_loaded(cal, 2021));
        assert_false(calendar_year_loaded(cal, 2027));
        assert_non_null(strstr(calendar_year_source(cal, 2023), "国办发明电〔2022〕16号"));
        assert_null(calendar_year_source(cal, 2027));
        calendar_loaded_range(NULL, &first, &last);
        assert_int_equal(first, 0);
        assert_int_equal(last, 0);
}

/* Every break: its first and last day are off, every day inside it is off. */
static void test_every_break_is_off(void **state)
{
        const struct calendar *cal = *state;
        for (size_t i = 0; i < GL_ARRAY_LEN(breaks); i++) {
                for (gl_date d = D(breaks[i][0]); d <= D(breaks[i][1]); d++) {
                        bool provisional = false;
                        if (calendar_is_working_day(cal, d, &provisional))
                                fail_msg("%s (break %s..%s) is a working day", iso(d), breaks[i][0],
                                         breaks[i][1]);
                        assert_false(provisional);
                }
        }
}

static void test_every_makeup_day_is_working(void **state)
{
        const struct calendar *cal = *state;
        for (size_t i = 0; i < GL_ARRAY_LEN(makeup_days); i++) {
                int wd = date_weekday(D(makeup_days[i]));
                assert_true(wd == 6 || wd == 7); /* the table only names weekend days */
                if (!working(cal, makeup_days[i]))
                        fail_msg("make-up day %s is not a working day", makeup_days[i]);
        }
}

/* Every day from 2022-01-01 to 2026-12-31 agrees with the reference, so also the days just before
 * and after each break and the ordinary weekends around them. */
static void test_every_day_2022_to_2026(void **state)
{
        const struct calendar *cal = *state;
        int count = 0;
        for (gl_date d = D("2022-01-01"); d <= D("2026-12-31"); d++) {
                bool provisional = false;
                bool w = calendar_is_working_day(cal, d, &provisional);
                assert_false(provisional);
                if (w != expected_working(d))
                        fail_msg("%s: calendar says %s", iso(d), w ? "working" : "off");
                count += w;
        }
        /* 249 + 249 + 251 + 248 + 248 working days. */
        assert_int_equal(count, 1245);
}

/* The edges named by hand, so that a reader sees them. */
static void test_break_edges_by_hand(void **state)
{
        const struct calendar *cal = *state;
        /* 2023 New Year: the break starts on Saturday 2022-12-31 (the 2023 notice). */
        assert_true(working(cal, "2022-12-30"));
        assert_false(working(cal, "2022-12-31"));
        assert_false(working(cal, "2023-01-02"));
        assert_true(working(cal, "2023-01-03"));
        /* 2024 Spring Festival: New Year's Eve (Fri 02-09) is a working day. */
        assert_true(working(cal, "2024-02-04"));  /* Sunday, make-up */
        assert_false(working(cal, "2024-02-03")); /* the ordinary Saturday before it */
        assert_true(working(cal, "2024-02-09"));
        assert_false(working(cal, "2024-02-10"));
        assert_false(working(cal, "2024-02-17"));
        assert_true(working(cal, "2024-02-18")); /* Sunday, make-up */
        assert_true(working(cal, "2024-02-19"));
        assert_false(working(cal, "2024-02-24")); /* the next ordinary weekend */
        assert_false(working(cal, "2024-02-25"));
        /* 2024 National Day: make-up Sunday 09-29 and Saturday 10-12; their partners are off. */
        assert_false(working(cal, "2024-09-28"));
        assert_true(working(cal, "2024-09-29"));
        assert_true(working(cal, "2024-09-30"));
        assert_false(working(cal, "2024-10-01"));
        assert_false(working(cal, "2024-10-07"));
        assert_true(working(cal, "2024-10-08"));
        assert_true(working(cal, "2024-10-12"));
        assert_false(working(cal, "2024-10-13"));
        /* 2025: Spring Festival from New Year's Eve (01-28), National Day to 10-08. */
        assert_true(working(cal, "2025-01-27"));
        assert_false(working(cal, "2025-01-28"));
        assert_false(working(cal, "2025-02-04"));
        assert_true(working(cal, "2025-02-05"));
        assert_false(working(cal, "2025-10-08"));
        assert_true(working(cal, "2025-10-09"));
        assert_true(working(cal, "2025-10-11"));
        assert_false(working(cal, "2025-10-12"));
        /* 2026: nine days of Spring Festival between two make-up Saturdays. */
        assert_true(working(cal, "2026-02-14"));
        assert_false(working(cal, "2026-02-15"));
        assert_false(working(cal, "2026-02-23"));
        assert_true(working(cal, "2026-02-24"));
        assert_true(working(cal, "2026-02-28"));
        assert_false(working(cal, "2026-03-01"));
        assert_true(working(cal, "2026-01-04"));
        assert_false(working(cal, "2026-01-03"));
}

static void test_add_working_days(void **state)
{
        const struct calendar *cal = *state;
        /* The receipt day is not counted. */
        assert_string_equal(add_days(cal, "2024-03-04", 1), "2024-03-05");
        assert_string_equal(add_days(cal, "2024-03-08", 1), "2024-03-11"); /* Fri -> Mon */
        /* N = 0 is the receipt day itself, even a day off. */
        assert_string_equal(add_days(cal, "2024-03-04", 0), "2024-03-04");
        assert_string_equal(add_days(cal, "2024-10-03", 0), "2024-10-03");
        /* Across the 2024 Spring Festival: Fri 02-09 works, the make-up Sunday 02-18 counts. */
        assert_string_equal(add_days(cal, "2024-02-08", 1), "2024-02-09");
        assert_string_equal(add_days(cal, "2024-02-08", 2), "2024-02-18");
        assert_string_equal(add_days(cal, "2024-02-08", 3), "2024-02-19");
        /* Across the 2025 Spring Festival: make-up 01-26 and 02-08 count. */
        assert_string_equal(add_days(cal, "2025-01-20", 10), "2025-02-08");
        assert_string_equal(add_days(cal, "2025-01-20", 11), "2025-02-10");
        /* Across the 2023 Mid-Autumn and National Day break: the make-up weekend counts first. */
        assert_string_equal(add_days(cal, "2023-09-28", 1), "2023-10-07");
        assert_string_equal(add_days(cal, "2023-09-28", 2), "2023-10-08");
        assert_string_equal(add_days(cal, "2023-09-28", 3), "2023-10-09");
        /* Received during a break: counting starts after it. */
        assert_string_equal(add_days(cal, "2024-10-03", 1), "2024-10-08");
        assert_string_equal(add_days(cal, "2024-10-03", 5), "2024-10-12");
        /* Fifteen and twenty working days, the policy's usual limits. */
        assert_string_equal(add_days(cal, "2026-02-10", 15), "2026-03-09");
        assert_string_equal(add_days(cal, "2022-09-26", 20), "2022-10-27");
        /* Before the start. */
        assert_string_equal(add_days(cal, "2024-02-19", -1), "2024-02-18");
        assert_string_equal(add_days(cal, "2024-02-19", -2), "2024-02-09");
        assert_string_equal(add_days(cal, "2024-02-18", -1), "2024-02-09");
}

/* Against a day-by-day count, for every start from late 2021 to early 2027 and n up to 40. */
static void test_add_working_days_matches_stepping(void **state)
{
        const struct calendar *cal = *state;
        for (gl_date start = D("2021-12-01"); start <= D("2026-11-15"); start++) {
                gl_date d = start;
                for (int n = 1; n <= 40; n++) {
                        do
                                d++;
                        while (!calendar_is_working_day(cal, d, NULL));
                        gl_date got = calendar_add_working_days(cal, start, n, NULL);
                        if (got != d)
                                fail_msg("%s + %d: got %s, want %s", iso(start), n, iso(got),
                                         iso(d));
                        assert_int_equal(calendar_working_days_between(cal, start, d, NULL), n);
                        assert_int_equal(calendar_working_days_between(cal, d, start, NULL), -n);
                        /* Back from the n-th: the (n-1)-th before it is the first after start. */
                        if (n >= 2)
                                assert_int_equal(calendar_add_working_days(cal, d, 1 - n, NULL),
                                                 calendar_add_working_days(cal, start, 1, NULL));
                }
        }
}

static void test_working_days_between(void **state)
{
        const struct calendar *cal = *state;
        bool provisional = false;
        assert_int_equal(
            calendar_working_days_between(cal, D("2024-01-01"), D("2024-12-31"), &provisional),
            251);
        assert_int_equal(
            calendar_working_days_between(cal, D("2024-02-08"), D("2024-02-19"), &provisional), 3);
        assert_int_equal(
            calendar_working_days_between(cal, D("2024-02-19"), D("2024-02-08"), &provisional), -3);
        assert_int_equal(
            calendar_working_days_between(cal, D("2024-02-19"), D("2024-02-19"), &provisional), 0);
        /* From a day off to the next: nothing in between. */
        assert_int_equal(
            calendar_working_days_between(cal, D("2024-10-01"), D("2024-10-07"), &provisional), 0);
        assert_false(provisional);
}

static void test_add_months(void **state)
{
        const struct calendar *cal = *state;
        /* Month ends: no corresponding day means the last day of the month. */
        assert_string_equal(add_months(cal, "2022-08-31", 6), "2023-02-28"); /* Tuesday */
        assert_string_equal(add_months(cal, "2023-08-31", 6), "2024-02-29"); /* Thursday */
        assert_string_equal(add_months(cal, "2024-01-31", 1), "2024-02-29");
        assert_string_equal(add_months(cal, "2023-01-31", 1), "2023-02-28");
        assert_string_equal(add_months(cal, "2024-03-31", 1), "2024-04-30");
        /* Leap years and 12 months. */
        assert_string_equal(add_months(cal, "2024-02-29", 12), "2025-02-28");
        assert_string_equal(add_months(cal, "2022-02-28", 24), "2024-02-28");
        assert_string_equal(add_months(cal, "2023-03-15", 12), "2024-03-15");
        assert_string_equal(add_months(cal, "2022-06-30", 12), "2023-06-30");
        /* A period ending on a Saturday ends on the Monday after. */
        assert_string_equal(add_months(cal, "2024-02-16", 1), "2024-03-18");
        /* Ending on a Sunday that is a make-up day: it is a working day, no move. */
        assert_string_equal(add_months(cal, "2024-08-29", 1), "2024-09-29");
        /* Ending inside a break: the day after the break, here the make-up Saturday. */
        assert_string_equal(add_months(cal, "2023-04-01", 6), "2023-10-07");
        assert_string_equal(add_months(cal, "2024-08-01", 2), "2024-10-08");
        assert_string_equal(add_months(cal, "2025-08-15", 6), "2026-02-24");
        /* Ending on the first day of the 2023 New Year break (2022-12-31). */
        assert_string_equal(add_months(cal, "2022-05-31", 7), "2023-01-03");
        /* Zero months: the start day itself, moved when it is a day off. */
        assert_string_equal(add_months(cal, "2024-03-04", 0), "2024-03-04");
        assert_string_equal(add_months(cal, "2024-02-10", 0), "2024-02-18");
}

static void test_provisional(void **state)
{
        const struct calendar *cal = *state;
        bool provisional = false;
        /* 2027 is not loaded: weekends alone, flagged (2027-01-01, a Friday, counts as working). */
        assert_int_equal(calendar_add_working_days(cal, D("2026-12-30"), 3, &provisional),
                         D("2027-01-04"));
        assert_true(provisional);
        provisional = false;
        assert_int_equal(calendar_add_working_days(cal, D("2026-12-30"), 2, &provisional),
                         D("2027-01-01"));
        assert_true(provisional);
        provisional = false;
        assert_true(calendar_is_working_day(cal, D("2027-01-01"), &provisional));
        assert_true(provisional);
        provisional = false;
        assert_false(calendar_is_working_day(cal, D("2027-02-06"), &provisional)); /* Saturday */
        assert_true(provisional);
        provisional = false;
        assert_int_equal(calendar_add_months(cal, D("2026-07-03"), 6, &provisional),
                         D("2027-01-04")); /* 2027-01-03 is a Sunday */
        assert_true(provisional);
        provisional = false;
        assert_int_equal(
            calendar_working_days_between(cal, D("2026-12-31"), D("2027-01-08"), &provisional), 6);
        assert_true(provisional);
        /* Before the loaded years too. */
        provisional = false;
        calendar_is_working_day(cal, D("2021-10-01"), &provisional);
        assert_true(provisional);
        /* Not for 2026, up to its last day. */
        provisional = false;
        assert_int_equal(calendar_add_working_days(cal, D("2026-12-01"), 22, &provisional),
                         D("2026-12-31"));
        assert_int_equal(calendar_add_months(cal, D("2026-05-31"), 7, &provisional),
                         D("2026-12-31"));
        assert_int_equal(
            calendar_working_days_between(cal, D("2025-12-31"), D("2026-12-31"), &provisional),
            calendar_working_days_between(cal, D("2025-12-31"), D("2026-12-31"), NULL));
        calendar_is_working_day(cal, D("2026-12-31"), &provisional);
        assert_false(provisional);
        /* N = 0 touches no day. */
        calendar_add_working_days(cal, D("2027-03-01"), 0, &provisional);
        assert_false(provisional);
        /* The flag is only ever set: a later loaded answer leaves it true. */
        provisional = true;
        calendar_is_working_day(cal, D("2024-03-04"), &provisional);
        assert_true(provisional);
}

static void test_null_calendar_is_weekends_alone(void **state)
{
        (void)state;
        bool provisional = false;
        assert_true(calendar_is_working_day(NULL, D("2024-10-01"), &provisional));
        assert_true(provisional);
        assert_int_equal(calendar_add_working_days(NULL, D("2024-02-09"), 1, NULL),
                         D("2024-02-12"));
        assert_int_equal(calendar_add_months(NULL, D("2024-02-16"), 1, NULL), D("2024-03-18"));
        assert_false(calendar_year_loaded(NULL, 2024));
        calendar_free(NULL);
}

static struct calendar *parse_ok(const char *text)
{
        struct calendar *cal = NULL;
        struct gl_error err = {0};
        if (calendar_parse(text, strlen(text), "t.txt", &cal, &err) != GL_OK)
                fail_msg("%s: %s", err.field, err.message);
        return cal;
}

static void test_parse_custom(void **state)
{
        (void)state;
        struct calendar *cal = parse_ok("# comment\r\n"
                                        "\n"
                                        "year 2030   # trailing comment\r\n"
                                        "source 通知 # 1\n"
                                        "\toff 2030-01-01\n"
                                        "off 2030-02-02..2030-02-08\n"
                                        "work 2030-02-09\n"
                                        "year 2028\n"
                                        "off 2028-10-02"); /* no final newline */
        assert_true(calendar_year_loaded(cal, 2030));
        assert_true(calendar_year_loaded(cal, 2028));
        assert_false(calendar_year_loaded(cal, 2029)); /* a gap between loaded years */
        int first, last;
        calendar_loaded_range(cal, &first, &last);
        assert_int_equal(first, 2028);
        assert_int_equal(last, 2030);
        assert_string_equal(calendar_year_source(cal, 2030), "通知");
        assert_string_equal(calendar_year_source(cal, 2028), "");
        bool provisional = false;
        assert_false(calendar_is_working_day(cal, D("2030-01-01"), &provisional));
        assert_false(calendar_is_working_day(cal, D("2030-02-04"), &provisional));
        assert_true(calendar_is_working_day(cal, D("2030-02-09"), &provisional));
        assert_false(calendar_is_working_day(cal, D("2028-10-02"), &provisional));
        assert_false(provisional);
        assert_true(calendar_is_working_day(cal, D("2029-10-01"), &provisional));
        assert_true(provisional);
        provisional = false;
        /* Working days that cross the unloaded year in between are provisional. */
        calendar_add_working_days(cal, D("2028-12-29"), 5, &provisional);
        assert_true(provisional);
        /* A month period only looks at its last day and the days it moves over. */
        provisional = false;
        assert_int_equal(calendar_add_months(cal, D("2028-12-15"), 13, &provisional),
                         D("2030-01-15"));
        assert_false(provisional);
        assert_int_equal(calendar_add_months(cal, D("2028-12-31"), 13, &provisional),
                         D("2030-01-31"));
        assert_false(provisional);
        calendar_free(cal);

        /* An empty file loads no year. */
        cal = parse_ok("");
        assert_false(calendar_year_loaded(cal, 2024));
        provisional = false;
        assert_true(calendar_is_working_day(cal, D("2024-10-08"), &provisional));
        assert_true(provisional);
        calendar_free(cal);
}

static void expect_parse_error(const char *text, size_t len, const char *field,
                               const char *message_part)
{
        struct calendar *cal = (struct calendar *)&cal; /* must stay untouched */
        struct calendar *before = cal;
        struct gl_error err = {0};
        int rc = calendar_parse(text, len, "t.txt", &cal, &err);
        if (rc != GL_EINVAL)
                fail_msg("'%s' parsed (rc %d)", text, rc);
        assert_ptr_equal(cal, before);
        assert_int_equal(err.status, GL_EINVAL);
        assert_string_equal(err.field, field);
        if (strstr(err.message, message_part) == NULL)
                fail_msg("message '%s' lacks '%s'", err.message, message_part);
}

static void test_parse_errors_name_the_line(void **state)
{
        (void)state;
        static const struct {
                const char *text, *field, *message;
        } cases[] = {
            {"year 2024\nholiday 2024-01-01\n", "t.txt:2", "unknown statement 'holiday'"},
            {"off 2024-01-01\n", "t.txt:1", "before any year"},
            {"# c\nwork 2024-02-04\n", "t.txt:2", "before any year"},
            {"\nsource x\n", "t.txt:2", "before any year"},
            {"year 24\n", "t.txt:1", "invalid year"},
            {"year 1899\n", "t.txt:1", "invalid year"},
            {"year 2024 2025\n", "t.txt:1", "expected: year YYYY"},
            {"year\n", "t.txt:1", "expected: year YYYY"},
            {"year 2024\nyear 2025\nyear 2024\n", "t.txt:3", "already given on line 1"},
            {"year 2024\nsource a\nsource b\n", "t.txt:3", "second source"},
            {"year 2024\nsource   \n", "t.txt:2", "empty source"},
            {"year 2024\noff 2024-02-30\n", "t.txt:2", "invalid date '2024-02-30'"},
            {"year 2024\noff 2024-2-3\n", "t.txt:2", "invalid date"},
            {"year 2024\noff\n", "t.txt:2", "expected: off DATE"},
            {"year 2024\noff 2024-01-01 2024-01-02\n", "t.txt:2", "expected: off DATE"},
            {"year 2024\noff 2024-02-17..2024-02-10\n", "t.txt:2", "ends before it starts"},
            {"year 2024\noff 2024-02-10..\n", "t.txt:2", "invalid date ''"},
            {"year 2024\noff 2024-01-01..2024-03-01\n", "t.txt:2", "more than 31 days"},
            {"year 2024\noff 2025-01-01\n", "t.txt:2", "outside the block of year 2024"},
            {"year 2024\noff 2023-11-30\n", "t.txt:2", "outside the block"},
            {"year 2024\nwork 2024-02-05\n", "t.txt:2", "is a weekday"},
            {"year 2024\nwork 2024-02-03..2024-02-04\n", "t.txt:2", "not a range"},
            {"year 2024\nwork\n", "t.txt:2", "expected: work DATE"},
            {"year 2024\n\noff 2024-02-10..2024-02-18\nwork 2024-02-18\n", "t.txt:4", "see line 3"},
            {"year 2023\nwork 2023-01-28\nyear 2022\noff 2022-12-30..2023-01-28\n", "t.txt:4",
             "outside the block"},
        };
        for (size_t i = 0; i < GL_ARRAY_LEN(cases); i++)
                expect_parse_error(cases[i].text, strlen(cases[i].text), cases[i].field,
                                   cases[i].message);
        /* Across two years' blocks: 2022-12-31 off in 2023, declared working in 2022. */
        const char *cross = "year 2023\noff 2022-12-31\nyear 2022\nwork 2022-12-31\n";
        expect_parse_error(cross, strlen(cross), "t.txt:4", "see line 2");
        /* A NUL byte inside the text and an over-long line. */
        const char nul[] = "year 2024\noff 2024-01-01\0x\n";
        expect_parse_error(nul, sizeof(nul) - 1, "t.txt:2", "NUL");
        char long_line[700];
        memset(long_line, ' ', sizeof(long_line));
        memcpy(long_line, "year 2024\n# ", 12);
        long_line[sizeof(long_line) - 1] = '\0';
        expect_parse_error(long_line, strlen(long_line), "t.txt:2", "line longer");
}

static void test_parse_error_long_source_keeps_the_line(void **state)
{
        (void)state;
        const char *path =
            "/srv/greenlane/a/rather/long/directory/name/for/calendars/county/cn.txt";
        const char *text = "year 2024\nholiday\n";
        struct calendar *cal = NULL;
        struct gl_error err = {0};
        assert_int_equal(calendar_parse(text, strlen(text), path, &cal, &err), GL_EINVAL);
        assert_string_equal(err.field, "cn.txt:2");
        assert_null(cal);
}

static void test_parse_reaches_back_to_december(void **state)
{
        (void)state;
        struct calendar *cal = parse_ok("year 2023\noff 2022-12-31..2023-01-02\n");
        bool provisional = false;
        assert_false(calendar_is_working_day(cal, D("2023-01-02"), &provisional));
        assert_false(provisional);
        /* The day lies in 2022, which this file does not load: known, but flagged. */
        assert_false(calendar_is_working_day(cal, D("2022-12-31"), &provisional));
        assert_true(provisional);
        calendar_free(cal);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_loaded_years),
            cmocka_unit_test(test_every_break_is_off),
            cmocka_unit_test(test_every_makeup_day_is_working),
            cmocka_unit_test(test_every_day_2022_to_2026),
            cmocka_unit_test(test_break_edges_by_hand),
            cmocka_unit_test(test_add_working_days),
            cmocka_unit_test(test_add_working_days_matches_stepping),
            cmocka_unit_test(test_working_days_between),
            cmocka_unit_test(test_add_months),
            cmocka_unit_test(test_provisional),
            cmocka_unit_test(test_null_calendar_is_weekends_alone),
            cmocka_unit_test(test_parse_custom),
            cmocka_unit_test(test_parse_errors_name_the_line),
            cmocka_unit_test(test_parse_error_long_source_keeps_the_line),
            cmocka_unit_test(test_parse_reaches_back_to_december),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}
