#!/usr/bin/env bash
# `greenlane calendar`: the contract forms print one answer on stdout and `provisional` on stderr
# past the loaded years, where the statutory holidays alone are counted (weekends alone past the
# festival data); --latest prints the latest possible day; bad dates and counts are usage errors
# naming the argument; no database.
. "$(dirname "$0")/lib.sh"

# expect_answer EXPECTED DESCRIPTION ARGS...: prints EXPECTED, exit 0, nothing on stderr.
expect_answer() {
	local want=$1 what=$2
	shift 2
	run calendar "$@"
	if [ "$rc" -eq 0 ] && [ "$out" = "$want" ] && [ -z "$err" ]; then
		ok "$what"
	else
		not_ok "$what" "calendar $*" "exit $rc, stdout '$out', wanted '$want'" "stderr: $err"
	fi
}

# expect_provisional EXPECTED DESCRIPTION ARGS...: prints EXPECTED, exit 0, stderr is `provisional`.
expect_provisional() {
	local want=$1 what=$2
	shift 2
	run calendar "$@"
	if [ "$rc" -eq 0 ] && [ "$out" = "$want" ] && [ "$err" = "provisional" ]; then
		ok "$what"
	else
		not_ok "$what" "calendar $*" "exit $rc, stdout '$out', wanted '$want'" "stderr: '$err'"
	fi
}

expect_answer 2024-02-09 "the day after the receipt counts first" add-working-days 2024-02-08 1
expect_answer 2024-02-18 "the make-up Sunday after Spring Festival counts" add-working-days 2024-02-08 2
expect_answer 2023-10-09 "three working days across National Day 2023" add-working-days 2023-09-28 3
expect_answer 2024-10-08 "received during a break" add-working-days 2024-10-03 1
expect_answer 2024-10-03 "N = 0 is the receipt day" add-working-days 2024-10-03 0
expect_answer 2023-02-28 "2022-08-31 + 6 months ends at the end of February" add-months 2022-08-31 6
expect_answer 2024-02-29 "2023-08-31 + 6 months is the leap day" add-months 2023-08-31 6
expect_answer 2024-03-18 "a period ending on a Saturday ends on Monday" add-months 2024-02-16 1
expect_answer 2023-10-07 "a period ending in a break ends after it" add-months 2023-04-01 6
expect_answer 2025-02-28 "12 months from a leap day" add-months 2024-02-29 12
expect_answer yes "a make-up Sunday is a working day" is-working-day 2024-02-04
expect_answer no "a break's first day is off" is-working-day 2024-02-10
expect_answer no "2022-12-31 belongs to the 2023 New Year break" is-working-day 2022-12-31
expect_answer yes "an ordinary Monday" is-working-day 2026-03-02
expect_answer no "an ordinary Saturday" is-working-day 2026-03-07
expect_answer 251 "working days of 2024" working-days-between 2023-12-31 2024-12-31
expect_answer -3 "overdue days are negative" working-days-between 2024-02-19 2024-02-08
expect_answer 2026-12-31 "the last day of 2026 is not provisional" add-working-days 2026-12-30 1

expect_provisional 2027-01-04 "2027 counts New Year's Day, provisionally" add-working-days 2026-12-31 1
expect_provisional 2027-01-04 "a 2027 period end skips the weekend, provisionally" add-months 2026-07-03 6
expect_provisional no "National Day 2027 (a Friday) is off, provisionally" is-working-day 2027-10-01
expect_provisional no "2027-10-03 is off, provisionally" is-working-day 2027-10-03
expect_provisional yes "the Monday after National Day 2027 is provisionally working" is-working-day 2027-10-04
expect_provisional no "a weekend of 2021 is off, provisionally" is-working-day 2021-10-02
expect_provisional 4 "working days into 2027" working-days-between 2026-12-31 2027-01-07

# 2027 by the law alone: Spring Festival from 除夕 (Fri 02-05) to 初三 (Mon 02-08).
expect_provisional no "除夕 2027 is a day off" is-working-day 2027-02-05
expect_provisional no "初三 2027 (a Monday) is a day off" is-working-day 2027-02-08
expect_provisional yes "the day before 除夕 2027 is a working day" is-working-day 2027-02-04
expect_provisional 2027-02-09 "one working day across Spring Festival 2027" add-working-days 2027-02-04 1
expect_provisional 2027-02-09 "two working days from Wed 02-03 across Spring Festival 2027" add-working-days 2027-02-03 2
expect_provisional 2027-10-04 "a period ending on National Day 2027" add-months 2027-04-01 6
# Past the festival data (2050): weekends alone, still provisional.
expect_provisional yes "2051-10-02, a Monday, is counted as working" is-working-day 2051-10-02
expect_provisional 2051-10-02 "2051 National Day is not counted" add-working-days 2051-09-29 1

# --latest: every weekday of the customary windows off (National Day: Wed 09-29 to Fri 10-08).
expect_provisional 2027-09-29 "the plain answer before National Day 2027" add-working-days 2027-09-28 1
expect_provisional 2027-10-11 "the latest answer across National Day 2027" add-working-days 2027-09-28 1 --latest
expect_provisional 2027-10-11 "--latest may come first" add-working-days --latest 2027-09-28 1
expect_provisional 2027-10-11 "the latest end of a period ending on National Day 2027" add-months 2027-04-01 6 --latest
expect_provisional 2027-02-15 "the latest answer across Spring Festival 2027" add-working-days 2027-02-03 1 --latest
expect_answer 2024-02-18 "--latest in a loaded year is the plain answer" add-working-days 2024-02-08 2 --latest
expect_answer 2023-10-07 "--latest of a period in a loaded year" add-months 2023-04-01 6 --latest
expect_answer 2024-10-03 "--latest with N = 0" add-working-days 2024-10-03 0 --latest

run calendar years
expect_rc 0 "years lists the loaded years"
[ "$(printf '%s\n' "$out" | grep -v 'statutory holidays only' | cut -f1 | tr '\n' ' ')" = "2022 2023 2024 2025 2026 " ] &&
	ok "years loaded are 2022 to 2026" || not_ok "years loaded are 2022 to 2026" "$out"
expect_match out '^2023	.*国办发明电〔2022〕16号' "each year names its notice"
[ "$(printf '%s\n' "$out" | grep 'statutory holidays only' | cut -f1 | sed -n '1p;$p' | tr '\n' ' ')" = "2027 2050 " ] &&
	ok "years with statutory holidays only are 2027 to 2050" ||
	not_ok "years with statutory holidays only are 2027 to 2050" "$out"
expect_match out '^2030	.*statutory holidays only.*国务院令第795号' "a later year names the law"

# Usage errors: exit 2, the argument named.
run calendar add-working-days 2024-02-30 1
expect_rc 2 "an impossible date is a usage error"
expect_match err "DATE: '2024-02-30'" "the bad date is named"
run calendar add-working-days 2024-02-08 -1
expect_rc 2 "a negative N is a usage error"
expect_match err "N: '-1'" "the bad N is named"
run calendar add-months 2024-02-08 six
expect_rc 2 "a word for N is a usage error"
expect_match err "N: 'six'" "the word is named"
run calendar add-months 9999-06-01 12
expect_rc 2 "a result after 9999 is refused"
expect_match err "N: " "N is named"
run calendar is-working-day 24-02-08
expect_rc 2 "a short year is a usage error"
run calendar working-days-between 2024-02-08 tomorrow
expect_rc 2 "a bad TO is a usage error"
expect_match err "TO: 'tomorrow'" "TO is named"
run calendar add-working-days 2024-02-08
expect_rc 2 "a missing N is a usage error"
run calendar is-working-day 2024-02-08 2024-02-09
expect_rc 2 "an extra argument is a usage error"
run calendar add-working-days 2024-02-08 1 2
expect_rc 2 "an extra argument to add-working-days is a usage error"
run calendar add-months 2024-02-08 --latest
expect_rc 2 "--latest does not stand for N"
run calendar add-working-days 2024-02-08 1 --earliest
expect_rc 2 "an unknown option is a usage error"
expect_match err "unknown option '--earliest'" "the unknown option is named"
run calendar is-working-day 2027-10-01 --latest
expect_rc 2 "is-working-day has no --latest"
run calendar
expect_rc 2 "no subcommand is a usage error"
run calendar next-holiday 2024-02-08
expect_rc 2 "an unknown subcommand is a usage error"
expect_match err "next-holiday" "the unknown subcommand is named"

# No database is opened or created.
run --db "$WORK/none.db" calendar is-working-day 2024-02-08
[ ! -e "$WORK/none.db" ] && ok "calendar creates no database" || not_ok "calendar creates no database"

# check FILE: a new year can be checked before it is compiled in.
printf 'year 2027\nsource test\noff 2027-01-01\nwork 2027-01-03\n' >"$WORK/good.txt"
run calendar check "$WORK/good.txt"
expect_rc 0 "check accepts a good file"
expect_out "$(printf '2027\ttest')" "check lists the years it read"
printf 'year 2027\n\noff 2027-02-30\n' >"$WORK/bad.txt"
run calendar check "$WORK/bad.txt"
expect_rc 1 "check refuses a bad file"
expect_match err "bad.txt:3: .*2027-02-30" "check names FILE:LINE"
run calendar check "$WORK/missing.txt"
expect_rc 1 "check reports a missing file"
run calendar check "$SOURCE_ROOT/data/calendar/cn.txt"
expect_rc 0 "the shipped data file checks"
expect_match out '^2050	' "the shipped data file dates its festivals to 2050"
printf 'festival moon dated 09-07..10-07 off 0..0 window -2..2\ndates 2030 moon 2030-09-12\n' >"$WORK/law.txt"
run calendar check "$WORK/law.txt"
expect_rc 0 "check accepts festival dates alone"
expect_out "$(printf '2030\t仅法定节假日 (statutory holidays only, provisional): ')" "check lists the years they date"
printf 'festival moon dated 09-07..10-07 off 0..0 window -2..2\ndates 2030 moon 2030-09-12\ndates 2031 moon 2031-10-10\n' >"$WORK/bad-law.txt"
run calendar check "$WORK/bad-law.txt"
expect_rc 1 "check refuses a festival date outside its span"
expect_match err "bad-law.txt:3: .*2031-10-10" "check names the dates line"

done_testing
