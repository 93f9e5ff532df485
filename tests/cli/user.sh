#!/usr/bin/env bash
# `greenlane user`: add with the password on standard input (empty and short ones refused), role
# bindings (enterprise needs a registered USCC, dept_officer a department), list, passwd, disable,
# and the audit records they leave.
. "$(dirname "$0")/lib.sh"

"$GREENLANE" init >/dev/null
sqlite3 "$GREENLANE_DB" "INSERT INTO enterprises (uscc, name, industry, updated_at) VALUES ('91130131MA0000000A', '甲公司', 'steel_long', '2024-01-01T00:00:00Z')"

add() {
	local password=$1
	shift
	out=$(printf '%s\n' "$password" | "$GREENLANE" user add "$@" 2>"$WORK/.stderr")
	rc=$?
	err=$(cat "$WORK/.stderr")
}

add 'good-password' officer1 --role county_officer
expect_rc 0 "user add with a password on stdin"
add '' officer2 --role county_officer
expect_rc 1 "an empty password is refused"
expect_match err 'password' "the refusal names the password"
add 'short' officer2 --role county_officer
expect_rc 1 "a short password is refused"
add 'good-password' officer1 --role admin
expect_rc 1 "a taken name is refused"
expect_match err '已存在|exists' "the refusal says the name exists"
add 'good-password' clerk --role enterprise
expect_rc 1 "an enterprise user without --enterprise is refused"
add 'good-password' clerk --role enterprise --enterprise 91130131MA0000000Z
expect_rc 1 "an enterprise user bound to an unregistered enterprise is refused"
add 'good-password' clerk --role enterprise --enterprise 91130131MA0000000A
expect_rc 0 "an enterprise user bound to a registered enterprise"
add 'good-password' builder --role dept_officer
expect_rc 1 "a dept_officer without --department is refused"
add 'good-password' builder --role dept_officer --department 住建局
expect_rc 0 "a dept_officer with its department"
add 'good-password' boss --role county_officer --department 住建局
expect_rc 1 "a department on another role is refused"
add 'good-password' king --role emperor
expect_rc 2 "an unknown role is a usage error"
add 'good-password' 'bad name' --role admin
expect_rc 1 "a name with a space is refused"
run user add
expect_rc 2 "user add without a name is a usage error"

run user list
expect_rc 0 "user list"
expect_match out '^builder	dept_officer	住建局	active' "list shows the department"
expect_match out 'clerk	enterprise	91130131MA0000000A	active' "list shows the enterprise"
printf '%s' "$out" | grep -q argon2 && not_ok "list shows no hashes" || ok "list shows no hashes"

printf 'new-password-1\n' | "$GREENLANE" user passwd officer1 >/dev/null 2>&1
[ $? -eq 0 ] && ok "user passwd" || not_ok "user passwd"
printf 'x\n' | "$GREENLANE" user passwd officer1 >/dev/null 2>&1
[ $? -eq 1 ] && ok "user passwd refuses a short password" || not_ok "user passwd short"
printf 'new-password-1\n' | "$GREENLANE" user passwd nobody >/dev/null 2>&1
[ $? -eq 1 ] && ok "user passwd of an unknown user fails" || not_ok "passwd unknown"
run user disable officer1
expect_rc 0 "user disable"
run user disable officer1
expect_rc 1 "disabling twice fails"
run user list
expect_match out '^officer1	county_officer	-	disabled' "list shows the user disabled"
run user frobnicate
expect_rc 2 "an unknown subcommand is a usage error"

n=$(sqlite3 "$GREENLANE_DB" "SELECT COUNT(*) FROM audit_log WHERE action IN ('user.add', 'user.passwd', 'user.disable')")
[ "$n" = 5 ] && ok "every change is audited, failures are not" || not_ok "audit records" "$n, wanted 5"
run audit verify
expect_rc 0 "the audit chain is intact"

done_testing
