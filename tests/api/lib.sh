# Shared helpers for the API tests: they start the real server on a free loopback port and drive it
# with curl. Builds on tests/cli/lib.sh (TAP, $WORK, $GREENLANE_DB). Each request leaves its status
# in $status, its body in $body and its headers in $WORK/headers.
. "$(dirname "$0")/../cli/lib.sh"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy no_proxy NO_PROXY
SERVER_PID=
OTHER_PID=
trap 'stop_server >/dev/null 2>&1; stop_other_server; drop_test_db; rm -rf "$WORK"' EXIT

PASSWORD=test-password-1
ENT_A=91130131MA0000000A
ENT_B=91130131MA0000000B
ROLES="enterprise county_officer county_legal county_leader city_officer city_expert tax_officer approval_officer dept_officer township_officer admin"

# setup_db [ROLE...]: a database with two enterprises and one user per role given (all roles when
# none), each named after its role and using $PASSWORD; u_enterprise is bound to $ENT_A and
# u_enterprise_b to $ENT_B.
setup_db() {
	"$GREENLANE" init >/dev/null || exit 1
	sql "INSERT INTO enterprises (uscc, name, industry, township, grade, updated_at) VALUES
		('$ENT_A', '甲钢铁有限公司', 'steel_long', '平山镇', 'B', '2024-01-01T00:00:00Z'),
		('$ENT_B', '乙水泥有限公司', 'cement', '温塘镇', 'C', '2024-01-01T00:00:00Z');" || exit 1
	# Rows loaded by hand (their made-up codes would not import) are sealed as such rows are.
	"$GREENLANE" audit seal >/dev/null || exit 1
	local roles="${*:-$ROLES}" r extra
	for r in $roles; do
		extra=
		[ "$r" = enterprise ] && extra="--enterprise $ENT_A"
		[ "$r" = dept_officer ] && extra="--department 住建局"
		[ "$r" = township_officer ] && extra="--township 平山镇"
		# shellcheck disable=SC2086
		echo "$PASSWORD" | "$GREENLANE" user add "u_$r" --role "$r" $extra >/dev/null || exit 1
	done
	case " $roles " in *" enterprise "*)
		echo "$PASSWORD" | "$GREENLANE" user add u_enterprise_b --role enterprise --enterprise "$ENT_B" >/dev/null || exit 1
	esac
}

# start_server [ARGS...]: starts greenlane serve on a free port; sets $BASE and $SERVER_PID.
start_server() {
	: >"$WORK/ready"
	"$GREENLANE" serve --listen 127.0.0.1:0 "$@" >"$WORK/ready" 2>"$WORK/server.log" &
	SERVER_PID=$!
	local i
	for i in $(seq 1 200); do
		grep -q 'listening on' "$WORK/ready" && break
		kill -0 "$SERVER_PID" 2>/dev/null || break
		sleep 0.05
	done
	local port
	port=$(sed -n 's/.*:\([0-9][0-9]*\)\/$/\1/p' "$WORK/ready")
	if [ -z "$port" ]; then
		echo "Bail out! the server did not start: $(cat "$WORK/server.log")"
		exit 1
	fi
	BASE="http://127.0.0.1:$port"
}

# start_other_server CMD...: a second server beside start_server's, started as CMD (greenlane with
# what comes before its command: env, --db) serve on a free port; sets $OTHER_BASE and
# $OTHER_PID, and is stopped at exit.
start_other_server() {
	: >"$WORK/ready_other"
	"$@" serve --listen 127.0.0.1:0 >"$WORK/ready_other" 2>"$WORK/server_other.log" &
	OTHER_PID=$!
	local i port
	for i in $(seq 1 200); do
		grep -q 'listening on' "$WORK/ready_other" && break
		kill -0 "$OTHER_PID" 2>/dev/null || break
		sleep 0.05
	done
	port=$(sed -n 's/.*:\([0-9][0-9]*\)\/$/\1/p' "$WORK/ready_other")
	if [ -z "$port" ]; then
		echo "Bail out! the second server did not start: $(cat "$WORK/server_other.log")"
		exit 1
	fi
	OTHER_BASE="http://127.0.0.1:$port"
}
stop_other_server() {
	[ -n "$OTHER_PID" ] || return 0
	kill -TERM "$OTHER_PID" 2>/dev/null
	wait "$OTHER_PID" 2>/dev/null
	OTHER_PID=
}

# stop_server: SIGTERM, then waits; $server_rc is its exit status.
stop_server() {
	[ -n "$SERVER_PID" ] || return 0
	kill -TERM "$SERVER_PID" 2>/dev/null
	wait "$SERVER_PID"
	server_rc=$?
	SERVER_PID=
}

# req METHOD PATH [CURL ARGS...]
req() {
	local method=$1 path=$2
	shift 2
	local how=(-X "$method")
	[ "$method" = HEAD ] && how=(--head) # curl -X HEAD would wait for a body
	status=$(curl -s -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' "${how[@]}" "$@" "$BASE$path")
	body=$(cat "$WORK/body")
}

# req_json METHOD PATH JSON [CURL ARGS...]: a request with a JSON body.
req_json() {
	local method=$1 path=$2 data=$3
	shift 3
	req "$method" "$path" -H 'Content-Type: application/json' --data-binary "$data" "$@"
}

# json EXPR: evaluates a Python expression on the last body parsed as `d`.
json() {
	printf '%s' "$body" | python3 -c "import json,sys; d=json.load(sys.stdin); v=$1; print(v if not isinstance(v,(dict,list,bool)) and v is not None else json.dumps(v))"
}

# sign_in USER: signs in with $PASSWORD; sets $TOKEN and $CSRF.
sign_in() {
	req_json POST /api/v1/session "{\"username\":\"$1\",\"password\":\"$PASSWORD\"}"
	if [ "$status" != 200 ]; then
		echo "Bail out! sign-in of $1 failed: $status $body"
		exit 1
	fi
	TOKEN=$(json 'd["token"]')
	CSRF=$(json 'd["csrf_token"]')
}

# sign_in_as USER...: signs each in and keeps its token in TOK[USER] for `as`.
declare -A TOK
sign_in_as() {
	local u
	for u in "$@"; do
		sign_in "$u"
		TOK[$u]=$TOKEN
	done
}

# as USER METHOD PATH [JSON]: a request with USER's token (sign_in_as).
as() {
	local user=$1 method=$2 path=$3
	if [ $# -ge 4 ]; then
		req_json "$method" "$path" "$4" -H "Authorization: Bearer ${TOK[$user]}"
	else
		req "$method" "$path" -H "Authorization: Bearer ${TOK[$user]}"
	fi
}

expect_status() {
	if [ "$status" = "$1" ]; then ok "$2"; else not_ok "$2" "status $status, wanted $1" "body: $body"; fi
}

expect_body() {
	if printf '%s' "$body" | grep -Eq -- "$1"; then ok "$2"; else not_ok "$2" "body: $body" "wanted /$1/"; fi
}

expect_header() {
	if grep -Eiq -- "$1" "$WORK/headers"; then ok "$2"; else not_ok "$2" "headers: $(cat "$WORK/headers")" "wanted /$1/"; fi
}

# expect_error STATUS CODE FIELD DESCRIPTION: the one error shape, with its code and field.
expect_error() {
	local got
	got=$(json '"%s %s %s %s" % (d["error"]["code"], repr(d["error"]["field"]), bool(d["error"]["message"]), sorted(d.keys()) == ["error"] and sorted(d["error"].keys()) == ["code","field","message","message_en","message_zh"])' 2>/dev/null)
	if [ "$status" = "$1" ] && [ "$got" = "$2 '$3' True True" ]; then
		ok "$4"
	else
		not_ok "$4" "status $status, wanted $1" "got: $got" "wanted: $2 '$3' True True" "body: $body"
	fi
}

# expect_code STATUS CODE DESCRIPTION: a cheaper check of status and error code only.
expect_code() {
	if [ "$status" = "$1" ] && [[ "$body" == *"\"code\":\"$2\""* ]]; then ok "$3"; else not_ok "$3" "status $status, wanted $1 $2" "body: $body"; fi
}
