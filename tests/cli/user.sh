#!/usr/bin/env bash
# `greenlane user`: add with the password on standard input (empty and short ones refused), role
# bindings (enterprise needs a registered USCC, dept_officer a department), list, passwd, disable,
# display names (姓名: given at add or by set-name, trimmed, at most 64 bytes of UTF-8 without
# control characters; a refused one changes nothing), and the audit records they leave.
. "$(dirname "$0")/lib.sh"

"$GREENLANE" init >/dev/null
sql "INSERT INTO enterprises (uscc, name, industry, updated_at) VALUES ('91130131MA0000000A', '甲公司', 'steel_long', '2024-01-01T00:00:00Z')"
"$GREENLANE" audit seal >/dev/null # a row loaded by hand, sealed as such rows are

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
expect_match out '^builder	dept_officer	housing_construction	active' "list shows the department, as the pack's code of the name given"
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
# Someone must be left to manage users: the last active administrator cannot be disabled.
add 'good-password' chief --role admin
expect_rc 0 "an administrator"
run user disable chief
expect_rc 1 "the last administrator cannot be disabled"
expect_match err '最后一个系统管理员' "and is told why"
add 'good-password' deputy --role admin
run user disable chief
expect_rc 0 "with another administrator, one may be disabled"
run user disable deputy
expect_rc 1 "but not the one left"

n=$(sql "SELECT COUNT(*) FROM audit_log WHERE action IN ('user.add', 'user.passwd', 'user.disable')")
[ "$n" = 8 ] && ok "every change is audited, failures are not" || not_ok "audit records" "$n, wanted 8"
# Display names. The expectations are the bytes written here, not what the program prints.
name_of() { sql "SELECT display_name FROM users WHERE username = '$1'"; }
users() { sql "SELECT COUNT(*) FROM users"; }
[ "$(name_of clerk)" = "" ] && ok "a user added without a display name has ''" || not_ok "no display name" "$(name_of clerk)"
add 'good-password' wangjg --role county_officer --display-name 王建国
expect_rc 0 "user add --display-name"
[ "$(name_of wangjg)" = 王建国 ] && ok "the display name is stored" || not_ok "display name stored" "$(name_of wangjg)"
# --- the jurisdiction (docs/jurisdictions.md)
before=$(sql "SELECT COUNT(*) FROM users")
add 'good-password' far --role county_officer --division 1301
expect_rc 1 "a division that is not six digits is refused"
expect_match err 'division.*行政区划代码' "naming the field and what a code is"
add 'good-password' far --role township_officer --township 平山镇 --division 130000
expect_rc 1 "a township's officer over a province is refused"
expect_match err '县级' "it needs a county"
add 'good-password' far --role enterprise --enterprise 91130131MA0000000A --division 130132
expect_rc 1 "an enterprise user's division is not given"
[ "$(sql "SELECT COUNT(*) FROM users")" = "$before" ] && ok "the refusals add no one" || not_ok "users added"
add 'good-password' yuanshi --role county_officer --division 130132
expect_rc 0 "a county officer of another county"
add 'good-password' sheng --role city_officer --division 130000
expect_rc 0 "a province officer"
[ "$(sql "SELECT username || ':' || division FROM users WHERE username IN ('yuanshi', 'sheng') ORDER BY username")" = "sheng:130000
yuanshi:130132" ] && ok "each keeps its division" || not_ok "divisions" "$(sql "SELECT username, division FROM users")"

run user list
expect_match out '^wangjg	county_officer	-	active	[0-9T:Z-]+	王建国	130131$' "list shows the display name, then the jurisdiction"
expect_match out '^clerk	enterprise	91130131MA0000000A	active	[0-9T:Z-]+	-	130131$' "and - for a user without one"
add 'good-password' lixy --role county_officer --display-name "$(printf ' \t李秀英\xe3\x80\x80\n')"
expect_rc 0 "a display name with white space around it"
[ "$(name_of lixy)" = 李秀英 ] && ok "is kept trimmed (spaces, tab, ideographic space, newline)" || not_ok "trimmed" "[$(name_of lixy)]"
n_before=$(users)
long65=$(printf '张%.0s' $(seq 21))ab # 21 x 3 + 2 = 65 bytes
add 'good-password' toolong --role county_officer --display-name "$long65"
expect_rc 1 "a display name of 65 bytes is refused"
expect_match err '^greenlane: display_name: .*64' "the refusal names the field and the limit"
add 'good-password' ctrl --role county_officer --display-name "$(printf '王\t建国')"
expect_rc 1 "a display name with a tab inside is refused"
expect_match err 'display_name: .*控制字符 \(.*control' "the refusal names the field and says why, in both languages"
add 'good-password' badutf --role county_officer --display-name "$(printf '\xcd\xf5')"
expect_rc 1 "a display name that is not UTF-8 (GBK bytes) is refused"
expect_match err 'display_name' "the refusal names the field"
[ "$(users)" = "$n_before" ] && ok "no user was added by a refused display name" || not_ok "users after refusals" "$(users), wanted $n_before"
long64=$(printf '张%.0s' $(seq 21))a # 64 bytes
add 'good-password' justfits --role county_officer --display-name "  $long64  "
expect_rc 0 "a display name of 64 bytes once trimmed is taken"
[ "$(name_of justfits)" = "$long64" ] && ok "all of it" || not_ok "64 bytes" "$(name_of justfits)"

run user set-name clerk 赵丽
expect_rc 0 "user set-name"
[ "$(name_of clerk)" = 赵丽 ] && ok "set-name stores the display name" || not_ok "set-name" "$(name_of clerk)"
run user set-name clerk "$long65"
expect_rc 1 "set-name refuses 65 bytes"
expect_match err 'display_name' "naming the field"
run user set-name clerk "$(printf '赵\x7f丽')"
expect_rc 1 "set-name refuses a control character (DEL)"
[ "$(name_of clerk)" = 赵丽 ] && ok "a refused set-name leaves the name as it was" || not_ok "unchanged" "$(name_of clerk)"
run user set-name officer1 钱伟
expect_rc 0 "set-name of a disabled user"
run user set-name nobody 孙强
expect_rc 1 "set-name of an unknown user fails"
expect_match err 'username' "naming the user name"
run user set-name clerk '  '
expect_rc 0 "set-name with only white space"
[ "$(name_of clerk)" = "" ] && ok "removes the display name" || not_ok "removed" "$(name_of clerk)"
run user set-name clerk
expect_rc 2 "set-name without the name is a usage error"
run user set-name clerk 赵 丽
expect_rc 2 "set-name with two words unquoted is a usage error"

audit_of() { sql "SELECT detail FROM audit_log WHERE action = '$1' AND entity_id = '$2' ORDER BY id"; }
[ "$(audit_of user.add wangjg)" = '{"department":null,"display_name":"王建国","division":"130131","role":"county_officer","uscc":null}' ] &&
	ok "user.add audits the display name and the jurisdiction" || not_ok "user.add detail" "$(audit_of user.add wangjg)"
[ "$(audit_of user.set_name clerk)" = '{"display_name":"赵丽","previous":""}
{"display_name":"","previous":"赵丽"}' ] && ok "each set-name is audited with the name before it, refusals are not" ||
	not_ok "user.set_name records" "$(audit_of user.set_name clerk)"
run user set-name officer1 钱伟
n=$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'user.set_name'")
[ "$n" = 3 ] && ok "a set-name that changes nothing is not audited" || not_ok "set_name count" "$n, wanted 3"

run audit verify
expect_rc 0 "the audit chain is intact"

done_testing
