#!/usr/bin/env bash
# The live server under load beside nginx (README "Speed", "The server under load").
#
# Serves one public feed from `boardcal serve` (release build, the seed protocols) and the same
# bytes as a static file from nginx, both on loopback, and drives each with wrk for a bounded time
# at 64 connections: a 200 (no validators) and a 304 (If-None-Match with the server's own ETag).
# Prints requests/s, p50 and p99 latency, errors, boardcal's resident memory before and after, and
# each figure's ratio to nginx. Targets (issue 11): at least 0.5x nginx, p99 at most 10 ms,
# 0 errors, memory flat.
#
# Neither server writes an access log (nginx `access_log off`, boardcal `--log-level warning`), so
# the two do the same work per request; SERVE_ARGS adds or overrides boardcal's options.
#
# Usage: Bench/load.sh [SECONDS] (default 10). Needs nginx and wrk (Debian: nginx-light, wrk);
# `make load` installs them. BOARDCAL=path to the binary (default .build/release/boardcal).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
boardcal="${BOARDCAL:-.build/release/boardcal}"
feed="medway/public.ics"
connections=64
threads=2

for tool in nginx wrk curl; do
  command -v "$tool" >/dev/null || { echo "load: $tool is not installed (make load installs it)" >&2; exit 1; }
done
[ -x "$boardcal" ] || { echo "load: no $boardcal; build it (make load does)" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/boardcal-load.XXXXXX")"
# nginx workers run as another user when started by root: they must be able to read the file.
chmod 755 "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

# boardcal serve, logging to a file (one line per request would otherwise fill the terminal).
port_b="$(free_port)"
"$boardcal" serve --protocols Protocols --host 127.0.0.1 --port "$port_b" --log-level warning ${SERVE_ARGS:-} >"$work/serve.out" 2>"$work/serve.err" &
serve_pid=$!
pids+=("$serve_pid")
for _ in $(seq 1 300); do
  grep -q " on http://" "$work/serve.out" 2>/dev/null && break
  kill -0 "$serve_pid" 2>/dev/null || { echo "load: boardcal serve stopped:" >&2; cat "$work/serve.err" >&2; exit 1; }
  sleep 0.1
done
url_b="http://127.0.0.1:$port_b/$feed"
mkdir -p "$work/www/$(dirname "$feed")"
curl -fsS -o "$work/www/$feed" "$url_b"
bytes="$(stat -c %s "$work/www/$feed")"

# nginx serving the same bytes as a file, two workers for two cores, as a packaged nginx would.
port_n="$(free_port)"
mkdir -p "$work/nginx/logs"
cat >"$work/nginx/nginx.conf" <<EOF
worker_processes 2;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log;
daemon off;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  types { text/calendar ics; }
  server {
    listen 127.0.0.1:$port_n;
    root $work/www;
  }
}
EOF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" &
pids+=("$!")
for _ in $(seq 1 50); do curl -fsS -o /dev/null "http://127.0.0.1:$port_n/$feed" 2>/dev/null && break; sleep 0.1; done
url_n="http://127.0.0.1:$port_n/$feed"
cmp -s <(curl -fsS "$url_n") "$work/www/$feed" || { echo "load: nginx does not serve the same bytes" >&2; exit 1; }

etag() { curl -fsS -D - -o /dev/null "$1" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag" {print $2}'; }
etag_b="$(etag "$url_b")"
etag_n="$(etag "$url_n")"
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag_b" "$url_b")" = 304 ] || { echo "load: boardcal gave no 304" >&2; exit 1; }
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag_n" "$url_n")" = 304 ] || { echo "load: nginx gave no 304" >&2; exit 1; }

# One wrk run: "requests/s p50_ms p99_ms errors" (errors: socket errors, timeouts, non-2xx/3xx).
drive() {
  local url="$1" header="${2:-}" out
  if [ -n "$header" ]; then
    out="$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -H "$header" "$url")"
  else
    out="$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency "$url")"
  fi
  echo "$out" >>"$work/wrk.log"
  echo "$out" | awk '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /Requests\/sec:/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /Socket errors:/ { gsub(",", ""); errors += $4 + $6 + $8 + $10 }
    /Non-2xx or 3xx responses:/ { errors += $5 }
    END { printf "%.0f %.2f %.2f %d\n", rps, p50, p99, errors }'
}

# Warm both (the first request renders the feed; connections open).
wrk -t1 -c4 -d1s "$url_b" >/dev/null
wrk -t1 -c4 -d1s "$url_n" >/dev/null
rss_before="$(rss_kib "$serve_pid")"

echo "boardcal serve vs nginx on loopback: $feed ($bytes bytes), wrk -t$threads -c$connections -d${seconds}s, $(nproc) cores, no access logs"
printf '%-6s %-9s %12s %9s %9s %7s %10s\n' case server "requests/s" "p50 ms" "p99 ms" errors "x nginx"
results=()
for case in 200 304; do
  if [ "$case" = 200 ]; then
    read -r n_rps n_p50 n_p99 n_err < <(drive "$url_n")
    read -r b_rps b_p50 b_p99 b_err < <(drive "$url_b")
  else
    read -r n_rps n_p50 n_p99 n_err < <(drive "$url_n" "If-None-Match: $etag_n")
    read -r b_rps b_p50 b_p99 b_err < <(drive "$url_b" "If-None-Match: $etag_b")
  fi
  ratio="$(awk -v b="$b_rps" -v n="$n_rps" 'BEGIN { printf "%.2f", (n > 0 ? b / n : 0) }')"
  printf '%-6s %-9s %12s %9s %9s %7s %10s\n' "$case" nginx "$n_rps" "$n_p50" "$n_p99" "$n_err" 1.00
  printf '%-6s %-9s %12s %9s %9s %7s %10s\n' "$case" boardcal "$b_rps" "$b_p50" "$b_p99" "$b_err" "$ratio"
  results+=("$case $ratio $b_p99 $b_err")
done
rss_after="$(rss_kib "$serve_pid")"
echo "boardcal resident memory: $((rss_before / 1024)) MiB before, $((rss_after / 1024)) MiB after"

# Against the targets: reported, and the exit status says whether all were met.
met=1
for r in "${results[@]}"; do
  read -r case ratio p99 errors <<<"$r"
  awk -v r="$ratio" 'BEGIN { exit !(r >= 0.5) }' || { echo "target not met: $case at ${ratio}x nginx (target 0.5x)"; met=0; }
  awk -v p="$p99" 'BEGIN { exit !(p <= 10) }' || { echo "target not met: $case p99 ${p99} ms (target 10 ms)"; met=0; }
  [ "$errors" = 0 ] || { echo "target not met: $case had $errors errors"; met=0; }
done
awk -v a="$rss_after" -v b="$rss_before" 'BEGIN { exit !(a <= b * 1.2 + 8192) }' \
  || { echo "target not met: memory grew from $((rss_before / 1024)) to $((rss_after / 1024)) MiB"; met=0; }
[ "$met" = 1 ] && echo "all targets met"
exit $((1 - met))
