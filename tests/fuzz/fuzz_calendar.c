/*
 * Fuzz target of the holiday calendar parser (core/calendar.h). Invariants: a calendar is returned
 * exactly when parsing succeeds, its loaded and statutory ranges are consistent, working-day
 * arithmetic on it stays inside the dates it can represent and agrees with counting, and a latest
 * answer is never before the plain one.
 */
#include <string.h>

#include "core/calendar.h"
#include "core/date.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct calendar *cal = NULL;
        struct gl_error err;
        int rc = calendar_parse((const char *)data, size, "fuzz.txt", &cal, &err);
        if (rc != GL_OK) {
                FUZZ_CHECK(cal == NULL);
                FUZZ_CHECK(err.message[0] != '\0');
                return 0;
        }
        FUZZ_CHECK(cal != NULL);
        int first = 0, last = 0;
        calendar_loaded_range(cal, &first, &last);
        FUZZ_CHECK((first == 0) == (last == 0));
        FUZZ_CHECK(first <= last);
        if (first != 0) {
                FUZZ_CHECK(calendar_year_loaded(cal, first));
                FUZZ_CHECK(calendar_year_loaded(cal, last));
                FUZZ_CHECK(calendar_year_source(cal, first) != NULL);
                gl_date start = date_from_ymd(first, 1, 1);
                bool provisional = false;
                gl_date end = calendar_add_working_days(cal, start, 30, &provisional);
                FUZZ_CHECK(end > start);
                FUZZ_CHECK(calendar_is_working_day(cal, end, &provisional));
                gl_date back = calendar_add_working_days(cal, end, -30, &provisional);
                FUZZ_CHECK(back <= start);
                FUZZ_CHECK(calendar_working_days_between(cal, start, end, &provisional) == 30);
        }
        int s_first = 0, s_last = 0;
        calendar_statutory_range(cal, &s_first, &s_last);
        FUZZ_CHECK((s_first == 0) == (s_last == 0));
        FUZZ_CHECK(s_first <= s_last);
        FUZZ_CHECK((s_first == 0) == (calendar_statutory_source(cal) == NULL));
        if (s_first != 0) {
                gl_date start = date_from_ymd(s_first, 1, 1);
                gl_date known = calendar_add_working_days(cal, start, 30, NULL);
                gl_date latest = calendar_add_working_days_latest(cal, start, 30, NULL);
                FUZZ_CHECK(latest >= known);
                FUZZ_CHECK(calendar_is_working_day(cal, latest, NULL));
                FUZZ_CHECK(calendar_add_months_latest(cal, start, 9, NULL) >=
                           calendar_add_months(cal, start, 9, NULL));
        }
        calendar_free(cal);
        return 0;
}
