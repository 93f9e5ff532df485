/*
 * Benchmark of core/calendar.c: one million working-day deadlines (receipt dates spread over
 * 2022-2026, limits of 1 to 60 working days), one million Civil Code month periods and one million
 * working-day counts, each beside the baseline run in the same process: stepping one day at a time
 * with calendar_is_working_day, the obvious way to answer the same questions. Prints nanoseconds
 * per call and the ratio baseline / calendar. A month period moves over a few days at most, so
 * there both do the same work and the ratio shows the cost of the provisional check.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/calendar.h"
#include "core/date.h"

#define CALLS 1000000

static double now_seconds(void)
{
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The baseline: the n-th working day after start, one day at a time. */
static gl_date stepping_add(const struct calendar *cal, gl_date start, int n)
{
        gl_date d = start;
        while (n > 0) {
                d++;
                if (calendar_is_working_day(cal, d, NULL))
                        n--;
        }
        return d;
}

static int stepping_between(const struct calendar *cal, gl_date from, gl_date to)
{
        int n = 0;
        for (gl_date d = from + 1; d <= to; d++)
                n += calendar_is_working_day(cal, d, NULL);
        return n;
}

static gl_date stepping_months(const struct calendar *cal, gl_date start, int n)
{
        gl_date d = date_add_months_clamped(start, n);
        while (!calendar_is_working_day(cal, d, NULL))
                d++;
        return d;
}

/* The i-th case: a start in 2022-2026 and a count from 1 to 60 (months: 1 to 24). */
static gl_date case_start(int i)
{
        return date_from_ymd(2022, 1, 1) + (gl_date)((i * 7919L) % 1800);
}

static int case_n(int i, int max)
{
        return 1 + (int)((i * 104729L) % max);
}

static void report(const char *what, double t_cal, double t_base)
{
        printf("%-34s %7.1f ns/call   baseline (day-by-day) %8.1f ns/call   ratio %.1fx\n", what,
               t_cal / CALLS * 1e9, t_base / CALLS * 1e9, t_base / t_cal);
}

int main(void)
{
        struct calendar *cal = NULL;
        struct gl_error err = {0};
        if (calendar_load_default(&cal, &err) != GL_OK) {
                fprintf(stderr, "bench_calendar: %s\n", err.message);
                return 1;
        }
        long check_cal = 0, check_base = 0;

        double t0 = now_seconds();
        for (int i = 0; i < CALLS; i++)
                check_cal += calendar_add_working_days(cal, case_start(i), case_n(i, 60), NULL);
        double t1 = now_seconds();
        for (int i = 0; i < CALLS; i++)
                check_base += stepping_add(cal, case_start(i), case_n(i, 60));
        double t2 = now_seconds();
        report("calendar_add_working_days (1-60)", t1 - t0, t2 - t1);

        t0 = now_seconds();
        for (int i = 0; i < CALLS; i++)
                check_cal += calendar_add_months(cal, case_start(i), case_n(i, 24), NULL);
        t1 = now_seconds();
        for (int i = 0; i < CALLS; i++)
                check_base += stepping_months(cal, case_start(i), case_n(i, 24));
        t2 = now_seconds();
        report("calendar_add_months (1-24)", t1 - t0, t2 - t1);

        t0 = now_seconds();
        for (int i = 0; i < CALLS; i++)
                check_cal += calendar_working_days_between(cal, case_start(i),
                                                           case_start(i) + case_n(i, 90), NULL);
        t1 = now_seconds();
        for (int i = 0; i < CALLS; i++)
                check_base += stepping_between(cal, case_start(i), case_start(i) + case_n(i, 90));
        t2 = now_seconds();
        report("calendar_working_days_between", t1 - t0, t2 - t1);

        calendar_free(cal);
        if (check_cal != check_base) {
                fprintf(stderr, "bench_calendar: answers differ from the baseline\n");
                return 1;
        }
        return 0;
}
