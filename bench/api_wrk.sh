#!/usr/bin/env bash
# API benchmark: requests/s and p99 latency of a small authenticated GET (/API/stats/time, Bearer token)
# over keep-alive HTTPS on loopback with wrk, first with an idle daemon, then while the daemon analyses
# a large capture at full speed (-i FILE). See bench/README.md ("API throughput").
#
# Usage: bench/api_wrk.sh [BUILD_DIR]   (default: build; needs the `netmeter` target built)
# Environment: DURATION (default 10s), THREADS (2), CONNECTIONS (32), COPIES (copies of the merged
# sample captures in the big capture, default 24), PCAPS (directory of .pcap files).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
netmeter=$build/netmeter
duration=${DURATION:-10s}
threads=${THREADS:-2}
connections=${CONNECTIONS:-32}
copies=${COPIES:-24}
pcaps=${PCAPS:-$here/../shared/pcaps/ndpi-4.2/pcap}
for tool in wrk mergecap curl python3; do
  command -v "$tool" >/dev/null || { echo "api_wrk: $tool is missing" >&2; exit 2; }
done
[[ -x $netmeter ]] || { echo "api_wrk: $netmeter not built" >&2; exit 2; }

work=$(mktemp -d /tmp/netmeter-api-wrk.XXXXXX)
pid=
cleanup() {
  [[ -n $pid ]] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

password=bench-admin-pw
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base=https://127.0.0.1:$port

start_daemon() {  # extra arguments: sources
  "$netmeter" run -w "127.0.0.1:$port" --data-dir "$work/data" --admin-password "$password" \
    --log-level info "$@" 2>>"$work/daemon.log" &
  pid=$!
  for _ in $(seq 200); do
    curl -sk -o /dev/null "$base/healthz" && return 0
    sleep 0.05
  done
  echo "api_wrk: the daemon did not start" >&2; cat "$work/daemon.log" >&2; exit 1
}
stop_daemon() {
  kill -TERM "$pid"; wait "$pid" || true; pid=
}

run_wrk() {  # label
  local out
  out=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$work/auth.lua" "$base/API/stats/time")
  echo "$out" > "$work/wrk-$1.txt"
  local rps p99 non2xx
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  printf '%-34s %12s req/s   p99 %8s   non-2xx %s\n' "$1" "$rps" "$p99" "${non2xx:-0}"
}

start_daemon
token=$(curl -sk -u "admin:$password" -H 'Content-Type: application/json' \
  -d '{"permissions": ["read_stats"], "description": "wrk"}' "$base/API/system/tokens" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
cat > "$work/auth.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
LUA
[[ $(curl -sk -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$base/API/stats/time") == 200 ]]

echo "netmeter API benchmark: wrk -t$threads -c$connections -d$duration --latency, GET /API/stats/time" \
  "(Bearer), HTTPS keep-alive on loopback; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
run_wrk "idle daemon"
stop_daemon

# A capture large enough to keep the engine busy for the whole run: the sample captures merged, then
# concatenated COPIES times (pcapng: the samples mix link types).
good=()
for f in "$pcaps"/*.pcap; do  # some samples are deliberately truncated or corrupt: leave them out
  mergecap -w /dev/null "$f" 2>/dev/null && good+=("$f")
done
mergecap -w "$work/merged.pcapng" "${good[@]}"
files=()
for _ in $(seq "$copies"); do files+=("$work/merged.pcapng"); done
mergecap -a -w "$work/big.pcapng" "${files[@]}"
rm -f "$work/merged.pcapng"
echo "capture: $(du -h "$work/big.pcapng" | cut -f1) ($copies copies of ${#good[@]} sample captures)"

start_daemon -i "$work/big.pcapng"
run_wrk "while analysing a capture"
if grep -q "source ended" "$work/daemon.log"; then
  echo "note: the analysis ended before wrk did; raise COPIES for a fully loaded measurement"
else
  echo "the analysis was still running when wrk ended"
fi
stop_daemon
