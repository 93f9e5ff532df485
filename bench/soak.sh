#!/usr/bin/env bash
# Soak: what slow clients cost an honest one. wrk measures the public catalog (GET /api/v1/policies)
# at 64 connections, first alone, then while SLOW connections trickle a header line every few
# seconds and IDLE connections hold a socket open saying nothing, spread over many source
# addresses of 127.0.0.0/8 (each under the per-address limit); the slow ones that the server cuts
# at their head deadline come back at once. Prints requests/s and p99 of both runs in the same
# run, their ratio, and how many slow connections the server cut meanwhile.
#
#   bench/soak.sh [SECONDS] [SLOW] [IDLE]   (defaults 10 s, 2000 slow, 500 idle)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
slow=${2:-2000}
idle=${3:-500}
build=${BUILD:-build-release}
greenlane=$PWD/$build/greenlane
[ -x "$greenlane" ] || { echo "soak.sh: $greenlane is missing; run scripts/bench.sh" >&2; exit 1; }
for tool in wrk python3; do
	command -v "$tool" >/dev/null || { echo "soak.sh: $tool is missing (deps/debian.txt)" >&2; exit 1; }
done
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

work=$(mktemp -d)
gl_pid= attack_pid=
cleanup() {
	[ -n "$attack_pid" ] && kill "$attack_pid" 2>/dev/null && wait "$attack_pid" 2>/dev/null
	[ -n "$gl_pid" ] && kill -TERM "$gl_pid" 2>/dev/null && wait "$gl_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

"$greenlane" --db "$work/soak.db" init >/dev/null
# Room for the attack and the honest client: the connection limit above SLOW + IDLE + 64, the head
# deadline shorter than the run so that it is seen at work.
"$greenlane" --db "$work/soak.db" serve --listen 127.0.0.1:0 --max-connections $((slow + idle + 512)) \
	--head-timeout 5 >"$work/ready" 2>"$work/greenlane.log" &
gl_pid=$!
for _ in $(seq 1 200); do grep -q 'listening on' "$work/ready" && break; sleep 0.05; done
port=$(sed -n 's/.*:\([0-9][0-9]*\)\/$/\1/p' "$work/ready")
url=http://127.0.0.1:$port/api/v1/policies

run() { # prints "REQ_PER_S P99_MS"
	wrk -t 2 -c 64 -d "${secs}s" --latency "$url" | python3 -c '
import re, sys
t = sys.stdin.read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
m = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\b", t, re.M)
print("%.0f %.2f" % (rps, float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]))'
}

read -r base_rps base_p99 <<<"$(run)"

python3 - "$port" "$slow" "$idle" >"$work/attack" 2>&1 <<'PY' &
import selectors, socket, sys, time
port, slow, idle = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
sel = selectors.DefaultSelector()
held = {}
cut = 0
def connect(i, trickle):
    # Source addresses 127.0.1.0 .. 127.0.255.255: 50 connections each at most.
    src = "127.0.%d.%d" % (1 + (i // 50) // 256 % 255, (i // 50) % 256)
    s = socket.socket()
    s.bind((src, 0))
    s.setblocking(False)
    try:
        s.connect(("127.0.0.1", port))
    except BlockingIOError:
        pass
    held[s] = (i, trickle, time.time())
    sel.register(s, selectors.EVENT_READ)
    return s
for i in range(slow):
    connect(i, True)
for i in range(idle):
    connect(slow + i, False)
time.sleep(0.5)
for s, (i, trickle, _) in list(held.items()):
    try:
        s.send(b"GET /api/v1/policies HTTP/1.1\r\nHost: x\r\n" if trickle else b"")
    except OSError:
        pass
last = time.time()
while True:
    for key, _ in sel.select(timeout=0.5):
        s = key.fileobj
        try:
            data = s.recv(4096)
        except OSError:
            data = b""
        if not data:  # cut by the server: come back at once
            i, trickle, _ = held.pop(s)
            sel.unregister(s)
            s.close()
            cut += 1
            n = connect(i, trickle)
            if trickle:
                time.sleep(0)
                try:
                    n.send(b"GET /api/v1/policies HTTP/1.1\r\nHost: x\r\n")
                except OSError:
                    pass
    if time.time() - last > 3:
        last = time.time()
        for s, (i, trickle, _) in list(held.items()):
            if trickle:
                try:
                    s.send(b"X-Slow: 1\r\n")
                except OSError:
                    pass
        print("held", len(held), "cut", cut, flush=True)
PY
attack_pid=$!
sleep 3
read -r soak_rps soak_p99 <<<"$(run)"
held=$(tail -1 "$work/attack")
kill "$attack_pid" 2>/dev/null || true
wait "$attack_pid" 2>/dev/null || true
attack_pid=

echo "wrk: 64 connections, ${secs} s each; attack: $slow slow + $idle idle connections over $(( (slow + idle + 49) / 50 )) addresses; $(nproc) cores shared"
printf '%-34s %8s req/s p99 %7s ms\n' "catalog alone" "$base_rps" "$base_p99"
printf '%-34s %8s req/s p99 %7s ms\n' "catalog under the attack" "$soak_rps" "$soak_p99"
printf 'throughput kept: %.2f (goal: at least 0.80)   attack at the end: %s\n' \
	"$(python3 -c "print($soak_rps / $base_rps)")" "$held"
