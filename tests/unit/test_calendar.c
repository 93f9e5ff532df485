/*
 * Unit tests of core/calendar.c: the 2022-2026 data against the State Council notices as the policy
 * reading transcribes them (every break's first and last day, every make-up day, the weekends
 * around them), working-day deadlines across the long breaks, Civil Code month periods at month
 * ends and on days off, the provisional flag at the edge of the loaded years, and parse errors that
 * name their line. Past the notices: the festival dates of the data against an independent table
 * and against the structure of the Chinese calendar, the statutory holidays of 2027 counted by
 * hand, weekends alone past the festival data, the customary windows against the five notices, and
 * the latest answers (equal to the plain ones in loaded years, never earlier anywhere).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/calendar.h"
#include "core/date.h"
#include "core/embedded.h"
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
        /* 2027 is not loaded: its statutory holidays alone, flagged (2027-01-01, a Friday, is New
         * Year's Day). */
        assert_int_equal(calendar_add_working_days(cal, D("2026-12-30"), 3, &provisional),
                         D("2027-01-05"));
        assert_true(provisional);
        provisional = false;
        assert_int_equal(calendar_add_working_days(cal, D("2026-12-30"), 2, &provisional),
                         D("2027-01-04"));
        assert_true(provisional);
        provisional = false;
        assert_false(calendar_is_working_day(cal, D("2027-01-01"), &provisional));
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
            calendar_working_days_between(cal, D("2026-12-31"), D("2027-01-08"), &provisional), 5);
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

/* ---- the statutory holidays of years without a notice ---- */

/* The festival dates for 2022-2035, typed in again, so that the data file is checked against an
 * independent copy: 正月初一, 清明, 五月初五, 八月十五. */
static const char *const festival_table[][4] = {
    {"2022-02-01", "2022-04-05", "2022-06-03", "2022-09-10"},
    {"2023-01-22", "2023-04-05", "2023-06-22", "2023-09-29"},
    {"2024-02-10", "2024-04-04", "2024-06-10", "2024-09-17"},
    {"2025-01-29", "2025-04-04", "2025-05-31", "2025-10-06"},
    {"2026-02-17", "2026-04-05", "2026-06-19", "2026-09-25"},
    {"2027-02-06", "2027-04-05", "2027-06-09", "2027-09-15"},
    {"2028-01-26", "2028-04-04", "2028-05-28", "2028-10-03"},
    {"2029-02-13", "2029-04-04", "2029-06-16", "2029-09-22"},
    {"2030-02-03", "2030-04-05", "2030-06-05", "2030-09-12"},
    {"2031-01-23", "2031-04-05", "2031-06-24", "2031-10-01"},
    {"2032-02-11", "2032-04-04", "2032-06-12", "2032-09-19"},
    {"2033-01-31", "2033-04-04", "2033-06-01", "2033-09-08"},
    {"2034-02-19", "2034-04-05", "2034-06-20", "2034-09-27"},
    {"2035-02-08", "2035-04-05", "2035-06-10", "2035-09-16"},
};

/* One `dates` line of the shipped data, read back with sscanf. */
struct festival_days {
        int year;
        gl_date spring, qingming, dragon_boat, mid_autumn;
};

/* Reads the `dates` lines of the compiled-in cn.txt into out (at most max); returns their number.
 */
static size_t shipped_festival_days(struct festival_days *out, size_t max)
{
        const struct embedded_file *f = embedded_find(embedded_calendars, "cn.txt");
        assert_non_null(f);
        size_t n = 0;
        for (const char *line = f->data; line != NULL && *line != '\0';) {
                char a[11], b[11], c[11], d[11];
                int year;
                if (strncmp(line, "dates ", 6) == 0) {
                        if (sscanf(line,
                                   "dates %d spring-festival %10s qingming %10s dragon-boat %10s "
                                   "mid-autumn %10s",
                                   &year, a, b, c, d) != 5)
                                fail_msg("unexpected dates line: %.60s", line);
                        assert_true(n < max);
                        out[n++] = (struct festival_days){year, D(a), D(b), D(c), D(d)};
                }
                line = strchr(line, '\n');
                if (line != NULL)
                        line++;
        }
        return n;
}

static bool within(int64_t v, int64_t lo, int64_t hi)
{
        return v >= lo && v <= hi;
}

static void test_statutory_years(void **state)
{
        const struct calendar *cal = *state;
        int first = -1, last = -1;
        calendar_statutory_range(cal, &first, &last);
        assert_int_equal(first, 2022);
        assert_int_equal(last, 2050);
        assert_non_null(strstr(calendar_statutory_source(cal), "国务院令第795号"));
        assert_false(calendar_year_loaded(cal, 2027));
        calendar_statutory_range(NULL, &first, &last);
        assert_int_equal(first, 0);
        assert_int_equal(last, 0);
        assert_null(calendar_statutory_source(NULL));
        assert_false(calendar_in_bridging_window(NULL, D("2027-10-01")));
}

/*
 * The shipped festival dates: every year from 2022 to 2050, the independent table where it has the
 * year, and the structure of the Chinese calendar (GB/T 33661-2017): a month has 29 or 30 days and
 * at most one leap month falls in a year. So 五月初五 is 4 months and 4 days after 正月初一
 * (120-124 days), or 5 months and 4 days when a leap month comes between (149-154); 八月十五 is 7
 * months and 14 days after it (217-224), or 8 months and 14 days (246-254), and a leap month before
 * the fifth month is also before the eighth; consecutive new years are 12 or 13 months apart.
 */
static void test_festival_dates(void **state)
{
        (void)state;
        struct festival_days days[64];
        size_t n = shipped_festival_days(days, GL_ARRAY_LEN(days));
        assert_int_equal(n, 2050 - 2022 + 1);
        for (size_t i = 0; i < n; i++) {
                const struct festival_days *y = &days[i];
                assert_int_equal(y->year, 2022 + (int)i);
                if (i < GL_ARRAY_LEN(festival_table)) {
                        assert_int_equal(y->spring, D(festival_table[i][0]));
                        assert_int_equal(y->qingming, D(festival_table[i][1]));
                        assert_int_equal(y->dragon_boat, D(festival_table[i][2]));
                        assert_int_equal(y->mid_autumn, D(festival_table[i][3]));
                }
                int64_t to_dragon = y->dragon_boat - y->spring;
                int64_t to_mid = y->mid_autumn - y->spring;
                bool leap_before_fifth = within(to_dragon, 149, 154);
                if (!within(to_dragon, 120, 124) && !leap_before_fifth)
                        fail_msg("%d: dragon boat %lld days after spring festival", y->year,
                                 (long long)to_dragon);
                if (!within(to_mid, 217, 224) && !within(to_mid, 246, 254))
                        fail_msg("%d: mid-autumn %lld days after spring festival", y->year,
                                 (long long)to_mid);
                if (leap_before_fifth)
                        assert_true(within(to_mid, 246, 254));
                int month, day;
                date_to_ymd(y->qingming, NULL, &month, &day);
                assert_int_equal(month, 4);
                assert_true(day == 4 || day == 5);
                if (i > 0) {
                        int64_t year_length = y->spring - days[i - 1].spring;
                        if (!within(year_length, 353, 355) && !within(year_length, 383, 385))
                                fail_msg("%d: lunar year of %lld days", y->year,
                                         (long long)year_length);
                }
        }
}

/* Not a working day, and provisional. */
static bool provisional_off(const struct calendar *cal, const char *day)
{
        bool provisional = false;
        bool w = calendar_is_working_day(cal, D(day), &provisional);
        assert_true(provisional);
        return !w;
}

/* 2027 by hand. 元旦 Fri 01-01; 春节 除夕 Fri 02-05 to 初三 Mon 02-08; 清明 Mon 04-05; 劳动节 Sat
 * 05-01 and Sun 05-02; 端午 Wed 06-09; 中秋 Wed 09-15; 国庆 Fri 10-01 to Sun 10-03. */
static void test_statutory_holidays_2027(void **state)
{
        const struct calendar *cal = *state;
        static const char *const off[] = {
            "2027-01-01", "2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08",
            "2027-04-05", "2027-05-01", "2027-05-02", "2027-06-09", "2027-09-15",
            "2027-10-01", "2027-10-02", "2027-10-03",
        };
        for (size_t i = 0; i < GL_ARRAY_LEN(off); i++)
                if (!provisional_off(cal, off[i]))
                        fail_msg("%s should be a statutory day off", off[i]);
        /* The days around them are ordinary working days: no notice, no bridging, no make-up. */
        static const char *const working_days[] = {
            "2027-01-04", "2027-02-04", "2027-02-09", "2027-04-06", "2027-04-30", "2027-05-03",
            "2027-06-08", "2027-06-10", "2027-09-14", "2027-09-16", "2027-09-30", "2027-10-04",
        };
        for (size_t i = 0; i < GL_ARRAY_LEN(working_days); i++)
                if (provisional_off(cal, working_days[i]))
                        fail_msg("%s should be a working day", working_days[i]);
        /* The Saturday before Spring Festival is not made a working day. */
        assert_true(provisional_off(cal, "2027-01-30"));
        /* Across Spring Festival: Thu 02-04 works, then Fri 02-05 to Mon 02-08 are off. */
        bool provisional = false;
        assert_int_equal(calendar_add_working_days(cal, D("2027-02-03"), 1, &provisional),
                         D("2027-02-04"));
        assert_int_equal(calendar_add_working_days(cal, D("2027-02-03"), 2, &provisional),
                         D("2027-02-09"));
        assert_int_equal(calendar_add_working_days(cal, D("2027-02-04"), 1, &provisional),
                         D("2027-02-09"));
        assert_int_equal(calendar_add_working_days(cal, D("2027-02-09"), -1, &provisional),
                         D("2027-02-04"));
        assert_true(provisional);
        /* A period ending on National Day ends on Monday 10-04. */
        provisional = false;
        assert_int_equal(calendar_add_months(cal, D("2027-04-01"), 6, &provisional),
                         D("2027-10-04"));
        assert_true(provisional);
        /* 261 weekdays, 7 of them statutory holidays (01-01, 02-05, 02-08, 04-05, 06-09, 09-15,
         * 10-01). */
        provisional = false;
        assert_int_equal(
            calendar_working_days_between(cal, D("2026-12-31"), D("2027-12-31"), &provisional),
            254);
        assert_true(provisional);
}

/* After 2050, the last year with festival dates: weekends alone, still provisional. */
static void test_past_festival_data_is_weekends_alone(void **state)
{
        const struct calendar *cal = *state;
        /* 2050 still has its holidays: National Day 10-01 to 10-03 is Sat to Mon. */
        assert_true(provisional_off(cal, "2050-10-03"));
        assert_false(provisional_off(cal, "2050-10-04"));
        /* 2051: Mon 10-02 and Tue 10-03 are counted as working days, as is Fri 02-10 (除夕). */
        assert_false(provisional_off(cal, "2051-10-02"));
        assert_false(provisional_off(cal, "2051-10-03"));
        assert_false(provisional_off(cal, "2051-02-10"));
        assert_true(provisional_off(cal, "2051-10-01")); /* a Sunday */
        bool provisional = false;
        assert_int_equal(calendar_add_working_days(cal, D("2051-09-29"), 1, &provisional),
                         D("2051-10-02"));
        assert_true(provisional);
        /* And the latest answer, too, knows no window there. */
        provisional = false;
        assert_int_equal(calendar_add_working_days_latest(cal, D("2051-09-29"), 1, &provisional),
                         D("2051-10-02"));
        assert_true(provisional);
        assert_false(calendar_in_bridging_window(cal, D("2051-10-02")));
}

/*
 * The reading behind the latest answers, against the five notices: every day that a notice of
 * 2022-2026 gives off lies in a customary window computed from the festival data (the notices'
 * own table, and every weekday that is not a working day).
 */
static void test_notice_days_off_lie_in_windows(void **state)
{
        const struct calendar *cal = *state;
        for (size_t i = 0; i < GL_ARRAY_LEN(breaks); i++)
                for (gl_date d = D(breaks[i][0]); d <= D(breaks[i][1]); d++)
                        if (!calendar_in_bridging_window(cal, d))
                                fail_msg("%s (break %s..%s) lies outside every window", iso(d),
                                         breaks[i][0], breaks[i][1]);
        int weekdays_off = 0;
        for (gl_date d = D("2022-01-01"); d <= D("2026-12-31"); d++) {
                if (date_weekday(d) > 5 || calendar_is_working_day(cal, d, NULL))
                        continue;
                weekdays_off++;
                if (!calendar_in_bridging_window(cal, d))
                        fail_msg("weekday %s is off outside every window", iso(d));
        }
        assert_true(weekdays_off > 5 * 10);
        /* The windows' edges by hand: 2027 National Day, September 29 to October 8. */
        assert_false(calendar_in_bridging_window(cal, D("2027-09-28")));
        assert_true(calendar_in_bridging_window(cal, D("2027-09-29")));
        assert_true(calendar_in_bridging_window(cal, D("2027-10-08")));
        assert_false(calendar_in_bridging_window(cal, D("2027-10-09")));
        /* 2027 Spring Festival, 除夕-1 (Thu 02-04) to 初一+7 (Sat 02-13). */
        assert_false(calendar_in_bridging_window(cal, D("2027-02-03")));
        assert_true(calendar_in_bridging_window(cal, D("2027-02-04")));
        assert_true(calendar_in_bridging_window(cal, D("2027-02-13")));
        assert_false(calendar_in_bridging_window(cal, D("2027-02-14")));
        /* The 2027 New Year window starts in 2026, which is loaded. */
        assert_true(calendar_in_bridging_window(cal, D("2026-12-30")));
        assert_false(calendar_in_bridging_window(cal, D("2026-12-29")));
}

/* In the loaded years the latest answers are the plain ones, and not provisional. */
static void test_latest_equals_known_in_loaded_years(void **state)
{
        const struct calendar *cal = *state;
        for (gl_date start = D("2022-01-01"); start <= D("2026-11-15"); start++) {
                for (int n = 0; n <= 30; n += 3) {
                        bool provisional = false;
                        gl_date latest =
                            calendar_add_working_days_latest(cal, start, n, &provisional);
                        assert_int_equal(latest, calendar_add_working_days(cal, start, n, NULL));
                        assert_false(provisional);
                }
        }
        for (gl_date start = D("2022-01-01"); start <= D("2026-05-31"); start++) {
                bool provisional = false;
                gl_date latest = calendar_add_months_latest(cal, start, 6, &provisional);
                assert_int_equal(latest, calendar_add_months(cal, start, 6, NULL));
                assert_false(provisional);
        }
        /* 2026-12-30 lies in the 2027 New Year window, but 2026's notice makes it a working day. */
        bool provisional = false;
        assert_int_equal(calendar_add_working_days_latest(cal, D("2026-12-29"), 1, &provisional),
                         D("2026-12-30"));
        assert_false(provisional);
}

/* The latest answers in 2027, by hand. */
static void test_latest_by_hand_2027(void **state)
{
        const struct calendar *cal = *state;
        bool provisional = false;
        /* National Day: every weekday from Wed 09-29 to Fri 10-08 may be off; next Monday 10-11. */
        assert_int_equal(calendar_add_working_days(cal, D("2027-09-28"), 1, &provisional),
                         D("2027-09-29"));
        assert_int_equal(calendar_add_working_days_latest(cal, D("2027-09-28"), 1, &provisional),
                         D("2027-10-11"));
        assert_int_equal(calendar_add_working_days_latest(cal, D("2027-09-30"), 2, &provisional),
                         D("2027-10-12"));
        assert_int_equal(calendar_add_months_latest(cal, D("2027-04-01"), 6, &provisional),
                         D("2027-10-11"));
        assert_true(provisional);
        /* Spring Festival: Thu 02-04 to Sat 02-13; next Monday 02-15. */
        assert_int_equal(calendar_add_working_days_latest(cal, D("2027-02-03"), 1, NULL),
                         D("2027-02-15"));
        /* New Year: from the last day of 2026, Fri 01-01 is off either way. */
        assert_int_equal(calendar_add_working_days_latest(cal, D("2026-12-31"), 1, NULL),
                         D("2027-01-04"));
        /* Mid-Autumn Wed 09-15: Mon 09-13 to Fri 09-17. */
        assert_int_equal(calendar_add_working_days_latest(cal, D("2027-09-10"), 1, NULL),
                         D("2027-09-20"));
        /* 2028's New Year window starts on Thu 2027-12-30: Thu to Mon 2028-01-03. */
        assert_int_equal(calendar_add_working_days(cal, D("2027-12-29"), 1, NULL), D("2027-12-30"));
        assert_int_equal(calendar_add_working_days_latest(cal, D("2027-12-29"), 1, NULL),
                         D("2028-01-04"));
        /* The year: 261 weekdays, 36 of them in a window (1 + 7 + 3 + 5 + 5 + 5 + 8 of its own
         * festivals, 2 of 2028's New Year), so 225 working days at the latest, the last on Wed
         * 12-29; 254 without the windows, the last on Fri 12-31. */
        assert_int_equal(calendar_add_working_days_latest(cal, D("2026-12-31"), 225, NULL),
                         D("2027-12-29"));
        assert_int_equal(calendar_add_working_days_latest(cal, D("2026-12-31"), 226, NULL),
                         D("2028-01-04"));
        assert_int_equal(calendar_add_working_days(cal, D("2026-12-31"), 254, NULL),
                         D("2027-12-31"));
        /* Counting backwards has no latest day: the plain answer. */
        assert_int_equal(calendar_add_working_days_latest(cal, D("2027-10-11"), -1, NULL),
                         calendar_add_working_days(cal, D("2027-10-11"), -1, NULL));
        /* A NULL calendar: weekends alone either way. */
        assert_int_equal(calendar_add_working_days_latest(NULL, D("2027-09-30"), 1, NULL),
                         D("2027-10-01"));
        assert_int_equal(calendar_add_months_latest(NULL, D("2027-04-03"), 6, NULL),
                         D("2027-10-04"));
}

/* A small fixed generator, so that the "random" dates are the same on every run. */
static uint32_t next_random(uint32_t *seed)
{
        *seed = *seed * 1664525u + 1013904223u;
        return *seed >> 8;
}

/* Never earlier: for many dates from 2021 to 2052, the latest answer is on or after the plain one,
 * is a working day, and is provisional whenever it differs. */
static void test_latest_never_earlier(void **state)
{
        const struct calendar *cal = *state;
        uint32_t seed = 20270101u;
        gl_date from = D("2021-01-01"), to = D("2052-12-31");
        for (int i = 0; i < 20000; i++) {
                gl_date start = from + (gl_date)(next_random(&seed) % (uint32_t)(to - from));
                int n = (int)(next_random(&seed) % 61);
                int months = (int)(next_random(&seed) % 25);
                bool p_known = false, p_latest = false;
                gl_date known = calendar_add_working_days(cal, start, n, &p_known);
                gl_date latest = calendar_add_working_days_latest(cal, start, n, &p_latest);
                if (latest < known)
                        fail_msg("%s + %d working days: latest %s before %s", iso(start), n,
                                 iso(latest), iso(known));
                if (latest != known)
                        assert_true(p_latest);
                assert_true(p_latest || !p_known);
                if (n > 0)
                        assert_true(calendar_is_working_day(cal, latest, NULL));
                p_known = p_latest = false;
                known = calendar_add_months(cal, start, months, &p_known);
                latest = calendar_add_months_latest(cal, start, months, &p_latest);
                if (latest < known)
                        fail_msg("%s + %d months: latest %s before %s", iso(start), months,
                                 iso(latest), iso(known));
                if (latest != known)
                        assert_true(p_latest);
                assert_true(calendar_is_working_day(cal, latest, NULL));
        }
}

/* A file of its own: the law, festivals and dates, with and without notices. */
static void test_parse_statutory(void **state)
{
        (void)state;
        struct calendar *cal = parse_ok("law 放假办法\n"
                                        "festival national-day on 10-01 off 0..2 window -2..+7\n"
                                        "festival moon dated 09-07..10-07 off 0..0 window -2..2\n"
                                        "festival new-year on 01-01 off 0..0 window -2..2 # x\n"
                                        "dates 2029 moon 2029-09-22\n"
                                        "dates 2030 moon 2030-09-12\n"
                                        "dates 2031 moon 2031-10-01\n"
                                        "year 2030\n"
                                        "off 2030-10-01..2030-10-07\n");
        int first, last;
        calendar_statutory_range(cal, &first, &last);
        assert_int_equal(first, 2029);
        assert_int_equal(last, 2031);
        assert_string_equal(calendar_statutory_source(cal), "放假办法");
        calendar_loaded_range(cal, &first, &last);
        assert_int_equal(first, 2030);
        assert_int_equal(last, 2030);
        bool provisional = false;
        /* 2030 is loaded: its notice alone (Thu 09-12, its moon festival, is not in it). */
        assert_true(calendar_is_working_day(cal, D("2030-09-12"), &provisional));
        assert_false(calendar_is_working_day(cal, D("2030-10-07"), &provisional));
        assert_false(provisional);
        /* 2029 and 2031 are not: the law's days. */
        assert_false(calendar_is_working_day(cal, D("2029-10-01"), &provisional)); /* Monday */
        assert_true(provisional);
        assert_false(calendar_is_working_day(cal, D("2031-10-01"), NULL)); /* both festivals */
        assert_false(calendar_is_working_day(cal, D("2031-10-03"), NULL)); /* Friday */
        assert_true(calendar_is_working_day(cal, D("2031-10-06"), NULL));
        assert_false(calendar_is_working_day(cal, D("2029-01-01"), NULL)); /* Monday */
        assert_true(calendar_is_working_day(cal, D("2029-01-02"), NULL));
        /* No dates for 2032: 2031-12-30 lies in no window. 2028-12-30 lies in 2029's. */
        assert_false(calendar_in_bridging_window(cal, D("2031-12-30")));
        assert_true(calendar_in_bridging_window(cal, D("2028-12-30")));
        /* 2029's New Year window, Sat 2028-12-30 to Wed 2029-01-03, reaches back into 2028, which
         * is not loaded either. */
        assert_int_equal(calendar_add_working_days(cal, D("2028-12-29"), 1, NULL), D("2029-01-02"));
        assert_int_equal(calendar_add_working_days_latest(cal, D("2028-12-29"), 1, NULL),
                         D("2029-01-04"));
        /* 2031's, Mon 2030-12-30 to Fri 2031-01-03, reaches back into 2030, which is loaded: its
         * notice keeps 2030-12-30 and 12-31 working days. */
        assert_int_equal(calendar_add_working_days_latest(cal, D("2030-12-27"), 1, NULL),
                         D("2030-12-30"));
        assert_int_equal(calendar_add_working_days(cal, D("2030-12-31"), 1, NULL), D("2031-01-02"));
        assert_int_equal(calendar_add_working_days_latest(cal, D("2030-12-31"), 1, NULL),
                         D("2031-01-06"));
        calendar_free(cal);

        /* Festivals without dates place nothing. */
        cal = parse_ok("festival new-year on 01-01 off 0..0 window 0..0\n");
        calendar_statutory_range(cal, &first, &last);
        assert_int_equal(first, 0);
        assert_null(calendar_statutory_source(cal));
        assert_true(calendar_is_working_day(cal, D("2027-01-01"), NULL));
        calendar_free(cal);
}

static void test_parse_statutory_errors(void **state)
{
        (void)state;
        static const char f[] = "festival a on 10-01 off 0..2 window -2..7\n";
        static const char g[] = "festival b dated 09-07..10-07 off 0..0 window -2..2\n";
        static const struct {
                const char *text, *field, *message;
        } cases[] = {
            {"law\n", "t.txt:1", "empty law"},
            {"law a\nlaw b\n", "t.txt:2", "the first is line 1"},
            {"festival a on 10-01 off 0..2\n", "t.txt:1", "expected: festival KEY"},
            {"festival a at 10-01 off 0..2 window -2..7\n", "t.txt:1", "expected: festival KEY"},
            {"festival a on 10-01 off 0..2 window -2..7 x\n", "t.txt:1", "expected: festival"},
            {"festival A on 10-01 off 0..2 window -2..7\n", "t.txt:1", "invalid key 'A'"},
            {"festival a on 10-01 off 0..2 window -2..7\nfestival a on 10-02 off 0..0 window "
             "0..0\n",
             "t.txt:2", "already given on line 1"},
            {"festival a on 02-29 off 0..0 window 0..0\n", "t.txt:1", "invalid day '02-29'"},
            {"festival a on 10-1 off 0..0 window 0..0\n", "t.txt:1", "invalid day"},
            {"festival a on 01-21..02-20 off 0..0 window 0..0\n", "t.txt:1", "invalid day"},
            {"festival a dated 01-21 off 0..0 window 0..0\n", "t.txt:1", "invalid day"},
            {"festival a dated 02-20..01-21 off 0..0 window 0..0\n", "t.txt:1", "span ends"},
            {"festival a on 10-01 off 2..0 window 0..2\n", "t.txt:1", "invalid days"},
            {"festival a on 10-01 off 0..40 window 0..40\n", "t.txt:1", "invalid days"},
            {"festival a on 10-01 off 0..x window 0..2\n", "t.txt:1", "invalid days"},
            {"festival a on 10-01 off 0..2 window 0..1\n", "t.txt:1", "does not contain"},
            {"festival a on 10-01 off -1..0 window 0..1\n", "t.txt:1", "does not contain"},
            {"dates 2030\n", "t.txt:1", "dates before any festival"},
            {"festival a on 10-01 off 0..0 window 0..0\ndates\n", "t.txt:2", "expected: dates"},
            {"festival a on 10-01 off 0..0 window 0..0\ndates 30\n", "t.txt:2", "invalid year"},
            {"festival a on 10-01 off 0..0 window 0..0\ndates 2030\nfestival c on 05-01 off 0..0 "
             "window 0..0\n",
             "t.txt:3", "festival after a dates line"},
            {"festival a on 10-01 off 0..0 window 0..0\ndates 2030\ndates 2032\n", "t.txt:3",
             "2031 is expected"},
            {"festival a on 10-01 off 0..0 window 0..0\ndates 2030\ndates 2030\n", "t.txt:3",
             "2031 is expected"},
            {"festival a on 10-01 off 0..0 window 0..0\ndates 2030 a 2030-10-01\n", "t.txt:2",
             "same day every year"},
            {"festival a on 12-31 off 0..1 window 0..1\ndates 2030\n", "t.txt:2",
             "days off of 'a' fall outside year 2030"},
            {"festival a on 12-31 off 0..0 window 0..1\ndates 2030\n", "t.txt:2",
             "window of 'a' reaches outside"},
            {"festival a dated 01-01..01-31 off -1..0 window -1..0\ndates 2030 a 2030-01-01\n",
             "t.txt:2", "days off of 'a' fall outside year 2030"},
        };
        for (size_t i = 0; i < GL_ARRAY_LEN(cases); i++)
                expect_parse_error(cases[i].text, strlen(cases[i].text), cases[i].field,
                                   cases[i].message);
        /* The dates lines, after a fixed festival a and a dated festival b. */
        static const struct {
                const char *dates, *message;
        } dates_cases[] = {
            {"dates 2030\n", "dates for 2030 lacks 'b'"},
            {"dates 2030 b\n", "a date is missing after 'b'"},
            {"dates 2030 c 2030-09-12\n", "unknown festival 'c'"},
            {"dates 2030 b 2030-09-12 b 2030-09-12\n", "given twice"},
            {"dates 2030 b 2030-09-31\n", "invalid date '2030-09-31'"},
            {"dates 2030 b 2031-09-12\n", "outside 09-07..10-07 of year 2030"},
            {"dates 2030 b 2030-09-06\n", "outside 09-07..10-07"},
            {"dates 2030 b 2030-10-08\n", "outside 09-07..10-07"},
        };
        for (size_t i = 0; i < GL_ARRAY_LEN(dates_cases); i++) {
                char text[256];
                snprintf(text, sizeof(text), "%s%s%s", f, g, dates_cases[i].dates);
                expect_parse_error(text, strlen(text), "t.txt:3", dates_cases[i].message);
        }
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
            cmocka_unit_test(test_statutory_years),
            cmocka_unit_test(test_festival_dates),
            cmocka_unit_test(test_statutory_holidays_2027),
            cmocka_unit_test(test_past_festival_data_is_weekends_alone),
            cmocka_unit_test(test_notice_days_off_lie_in_windows),
            cmocka_unit_test(test_latest_equals_known_in_loaded_years),
            cmocka_unit_test(test_latest_by_hand_2027),
            cmocka_unit_test(test_latest_never_earlier),
            cmocka_unit_test(test_parse_statutory),
            cmocka_unit_test(test_parse_statutory_errors),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}
