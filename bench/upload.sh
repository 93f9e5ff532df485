#!/usr/bin/env bash
# Upload memory: the server's peak resident memory (VmHWM of /proc/PID/status) while UPLOADS large
# request bodies (12 MiB each) are being received at once, beside its resident memory idle (VmRSS
# once every user has signed in, before any upload) in the same run.
#
# One user sends at most two large bodies at once (UPLOADS_PER_USER in src/http/server.c), so the
# demo county's two clerks are joined by more enterprise users until each sends two. Every body
# opens a measure-1 declaration with one 9 MiB document in base64; the server receives it whole,
# parses it, decodes the document and refuses it for the materials it lacks (400): the receipt and
# the reading of every body, nothing stored. The clients first send all but the last 64 KiB of
# every body and wait until the server has read all of it (no byte left in any socket queue): the
# moment every body is held at once, the first peak (the peak is reset before the uploads start).
# Then the rest, and the answers: the second peak adds the parsing, as many bodies at a time as
# there are worker threads (the read-only mapping of the body, jansson's copy of the document's
# text, the decoded document). The RSS after it is what the allocator keeps of freed memory. Also
# printed: the spool files the server held at the first peak, and their size on disk.
#
#   bench/upload.sh [UPLOADS] [MIB] [THREADS]   (defaults 32 uploads of 12 MiB, 4 worker threads;
#                                               $GREENLANE: another binary)
set -euo pipefail
cd "$(dirname "$0")/.."
uploads=${1:-32}
mib=${2:-12}
threads=${3:-4}
build=${BUILD:-build-release}
greenlane=${GREENLANE:-$PWD/$build/greenlane}
[ -x "$greenlane" ] || { echo "upload.sh: $greenlane is missing; run scripts/bench.sh" >&2; exit 1; }
for tool in curl python3 sqlite3; do
	command -v "$tool" >/dev/null || { echo "upload.sh: $tool is missing (deps/debian.txt)" >&2; exit 1; }
done
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy

work=$(mktemp -d)
gl_pid=
cleanup() {
	[ -n "$gl_pid" ] && kill -TERM "$gl_pid" 2>/dev/null && wait "$gl_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

"$greenlane" --db "$work/demo.db" demo >"$work/demo.txt"
users=$(( (uploads + 1) / 2 ))
extra=$(( users > 2 ? users - 2 : 0 ))
i=0
for uscc in $(sqlite3 "$work/demo.db" "SELECT uscc FROM enterprises ORDER BY uscc LIMIT $extra"); do
	i=$((i + 1))
	echo greenlane-demo | "$greenlane" --db "$work/demo.db" user add "bench$i" --role enterprise \
		--enterprise "$uscc" >/dev/null
done
mkdir "$work/spool"
TMPDIR=$work/spool "$greenlane" --db "$work/demo.db" serve --listen 127.0.0.1:0 --threads "$threads" \
	>"$work/ready" 2>"$work/greenlane.log" &
gl_pid=$!
for _ in $(seq 1 200); do grep -q 'listening on' "$work/ready" && break; sleep 0.05; done
port=$(sed -n 's/.*:\([0-9][0-9]*\)\/$/\1/p' "$work/ready")

: >"$work/tokens"
for name in qiye1 qiye2 $(seq -f 'bench%g' 1 "$extra"); do
	[ "$(wc -l <"$work/tokens")" -lt "$users" ] || break
	curl -s -X POST "http://127.0.0.1:$port/api/v1/session" -H 'Content-Type: application/json' \
		--data-binary "{\"username\":\"$name\",\"password\":\"greenlane-demo\"}" |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])' >>"$work/tokens"
done

python3 - "$port" "$gl_pid" "$work/spool" "$work/tokens" "$uploads" "$mib" "$threads" <<'PY'
import base64, os, socket, sys, threading, time
port, pid, spool, tokens = sys.argv[1:5]
n, mib, workers = int(sys.argv[5]), float(sys.argv[6]), int(sys.argv[7])
tokens = open(tokens).read().split()
MiB = 1024 * 1024

def status(field):  # kB -> MiB
    for line in open("/proc/%s/status" % pid):
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
def queued():  # bytes sent to the server and not yet read by it, loopback IPv4
    left = 0
    for line in open("/proc/net/tcp").readlines()[1:]:
        f = line.split()
        tx, rx = (int(x, 16) for x in f[4].split(":"))
        if int(f[1].split(":")[1], 16) == int(port):
            left += rx
        if int(f[2].split(":")[1], 16) == int(port):
            left += tx
    return left
def spooled():  # the server's spool files: how many, how many bytes
    files = size = 0
    for fd in os.listdir("/proc/%s/fd" % pid):
        try:
            if os.readlink("/proc/%s/fd/%s" % (pid, fd)).startswith(spool + "/"):
                files += 1
                size += os.stat("/proc/%s/fd/%s" % (pid, fd)).st_size
        except OSError:
            pass
    return files, size

raw = os.urandom(int(mib * MiB * 3 / 4) - 256)
body = ('{"procedure":"m1.declaration","action":"submit","fields":{"year":2024},"documents":'
        '[{"name":"其他材料","file_name":"evidence.pdf","content_base64":"%s"}]}'
        % base64.b64encode(raw).decode()).encode()
cut = len(body) - 64 * 1024
held = threading.Barrier(n + 1)
go = threading.Event()
answers = [None] * n

def upload(i):
    s = None
    try:
        s = socket.create_connection(("127.0.0.1", int(port)))
        s.sendall(("POST /api/v1/cases HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
                   "Content-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n"
                   % (tokens[i // 2], len(body))).encode())
        s.sendall(body[:cut])
    except OSError as e:
        answers[i] = "refused (%s)" % e.__class__.__name__
    finally:
        held.wait()
    go.wait()
    if answers[i]:
        return
    try:
        s.sendall(body[cut:])
        answer = b""
        while True:
            piece = s.recv(65536)
            if not piece:
                break
            answer += piece
        answers[i] = answer.split(b" ", 2)[1].decode() if answer else "closed"
    except OSError as e:
        answers[i] = "cut (%s)" % e.__class__.__name__

idle_rss = status("VmRSS")
try:  # the peak from here on, not the start-up's (proc(5): clear_refs, 5)
    with open("/proc/%s/clear_refs" % pid, "w") as f:
        f.write("5")
except OSError:
    pass
clients = [threading.Thread(target=upload, args=(i,)) for i in range(n)]
for t in clients:
    t.start()
held.wait()
for _ in range(600):
    if queued() == 0:
        break
    time.sleep(0.1)
time.sleep(0.2)
held_hwm, held_rss, left = status("VmHWM"), status("VmRSS"), queued()
files, size = spooled()
go.set()
for t in clients:
    t.join()
end_hwm, end_rss = status("VmHWM"), status("VmRSS")
counts = {}
for a in answers:
    counts[a] = counts.get(a, 0) + 1

print("%d uploads of %.1f MiB at once, %d users sending two each; %d worker threads; %d cores shared"
      % (n, len(body) / MiB, (n + 1) // 2, workers, os.cpu_count()))
print("%-46s RSS %7.1f MiB" % ("idle, every user signed in", idle_rss))
print("%-46s HWM %7.1f MiB  (%+.1f MiB over idle, %.1f MiB per upload)"
      % ("peak while every body is held at once", held_hwm, held_hwm - idle_rss, (held_hwm - idle_rss) / n))
print("%-46s RSS %7.1f MiB  (%d bytes not yet read by the server)" % ("  then", held_rss, left))
print("%-46s HWM %7.1f MiB  (%+.1f MiB over idle)" % ("peak once every body is parsed and answered", end_hwm, end_hwm - idle_rss))
print("%-46s RSS %7.1f MiB" % ("  then", end_rss))
print("spool files at the first peak: %d, %.1f MiB on disk" % (files, size / MiB))
print("answers:", ", ".join("%s x%d" % (k, v) for k, v in sorted(counts.items())))
PY
