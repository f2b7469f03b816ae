#!/usr/bin/env bash
# Start-up times of the built app: best and median of N runs of `--version` and of
# "start, show the main window on the demo workspace, quit" (offscreen), plus the folder size.
#
#   packaging/measure_startup.sh [N] [PATH/TO/infradesk]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-7}"
BIN="${2:-$ROOT/packaging/dist/infradesk/infradesk}"
[ -x "$BIN" ] || { echo "no built application at $BIN (run packaging/build.sh)" >&2; exit 2; }

TMP="$(mktemp -d "${TMPDIR:-/tmp}/infradesk-measure.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
export INFRADESK_DATA_DIR="$TMP/data" XDG_CONFIG_HOME="$TMP/config" QT_QPA_PLATFORM=offscreen
"$BIN" demo --workspace "$TMP/demo.infradesk" >/dev/null

# time_ms CMD...: wall-clock milliseconds of one run
time_ms() {
    local start
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    echo $(( ($(date +%s%N) - start) / 1000000 ))
}

# stats LABEL CMD...: best and median of RUNS runs (after one warm-up run)
stats() {
    local label=$1
    shift
    time_ms "$@" >/dev/null
    local samples=()
    for _ in $(seq "$RUNS"); do samples+=("$(time_ms "$@")"); done
    local sorted
    sorted=$(printf '%s\n' "${samples[@]}" | sort -n)
    printf '%-40s best %5d ms   median %5d ms   (%d runs)\n' "$label" \
        "$(echo "$sorted" | head -1)" "$(echo "$sorted" | sed -n "$(( (RUNS + 1) / 2 ))p")" "$RUNS"
}

stats "infradesk --version" "$BIN" --version
INFRADESK_EXIT_AFTER_START=1 stats "start, show the window, quit" "$BIN" open "$TMP/demo.infradesk"
folder="$(dirname "$BIN")"
printf '%-40s %s, %s files\n' "built folder" "$(du -sh "$folder" | cut -f1)" \
    "$(find "$folder" -type f | wc -l | tr -d ' ')"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
