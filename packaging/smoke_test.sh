#!/usr/bin/env bash
# Smoke test of the built (frozen) application, in a throw-away data folder:
#   1. the binary prints --version
#   2. it writes a demo workspace headless
#   3. it writes the weekly PDF status report headless (signed with the PM name from
#      preferences.json) and exports the workspace as JSON
#   4. it starts its window offscreen, shows it and quits without error
# and prints the start-up times.
#
#   packaging/smoke_test.sh                  test packaging/dist/infradesk/infradesk
#   packaging/smoke_test.sh --build          build first (packaging/build.sh), then test
#   packaging/smoke_test.sh PATH/TO/BINARY   test another build
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ "${1:-}" = "--build" ]; then
    "$ROOT/packaging/build.sh"
    shift
fi
BIN="${1:-$ROOT/packaging/dist/infradesk/infradesk}"
if [ ! -x "$BIN" ]; then
    echo "smoke test: no built application at $BIN (run packaging/build.sh first)" >&2
    exit 2
fi

TMP="$(mktemp -d "${TMPDIR:-/tmp}/infradesk-smoke.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
export INFRADESK_DATA_DIR="$TMP/data"
export XDG_CONFIG_HOME="$TMP/config"
export HOME="$TMP/home"
export QT_QPA_PLATFORM=offscreen
mkdir -p "$INFRADESK_DATA_DIR" "$XDG_CONFIG_HOME" "$HOME"

step() { printf '%-44s' "$1"; }
ok() { echo "ok${1:+ ($1)}"; }
die() { echo "FAILED: $1" >&2; [ -f "$TMP/err" ] && sed 's/^/    /' "$TMP/err" >&2; exit 1; }
now() { date +%s%N; }
ms_since() { echo $(( ($(now) - $1) / 1000000 )); }

step "bundled files"
INTERNAL="$(dirname "$BIN")/_internal"
if [ -d "$INTERNAL" ]; then
    for file in resources/fonts/DejaVuSans.ttf resources/fonts/DroidSansFallback.ttf \
        resources/demo/datacenter_migration.json resources/icons/infradesk-256.png \
        docs/user-guide.md infradesk/store/migrations/env.py \
        infradesk/store/migrations/versions/0001_core.py; do
        [ -f "$INTERNAL/$file" ] || die "$file is not in the bundle"
    done
    shots=$(find "$INTERNAL/docs/user-guide" -name '*.png' 2>/dev/null | wc -l | tr -d ' ')
    [ "$shots" -ge 4 ] || die "the user guide's screenshots are not in the bundle"
    ok "fonts, demo, icons, guide + $shots screenshots, migrations"
else
    echo "skipped (no _internal folder next to $BIN)"
fi

step "--version"
t=$(now)
version=$("$BIN" --version 2>"$TMP/err") || die "--version exited with an error"
version_ms=$(ms_since "$t")
[[ "$version" =~ ^InfraDesk\ [0-9]+\.[0-9]+ ]] || die "unexpected version text: $version"
ok "$version, ${version_ms} ms"

step "demo workspace"
"$BIN" demo --workspace "$TMP/demo.infradesk" >"$TMP/out" 2>"$TMP/err" || die "demo failed"
[ -s "$TMP/demo.infradesk" ] || die "no workspace file written"
ok "$(du -h "$TMP/demo.infradesk" | cut -f1)"

step "JSON export"
"$BIN" export --workspace "$TMP/demo.infradesk" --format json -o "$TMP/demo.json" \
    >"$TMP/out" 2>"$TMP/err" || die "export failed"
grep -q '"tasks"' "$TMP/demo.json" || die "the export holds no tasks"
ok

step "team workspace driver (psycopg + libpq)"
# nothing listens on port 1: a frozen app that bundles its PostgreSQL driver refuses in words
# (exit 2); one that lacks it fails to import (exit 3)
rc=0
"$BIN" export --workspace "postgresql://nobody@127.0.0.1:1/none" --format json \
    -o "$TMP/none.json" >"$TMP/out" 2>"$TMP/err" || rc=$?
[ "$rc" -eq 2 ] && grep -q "Cannot connect to the team workspace" "$TMP/err" \
    || die "the PostgreSQL driver is not usable in the bundle (exit $rc)"
ok

step "PDF status report"
if "$BIN" report --help >/dev/null 2>&1; then
    printf '{"pm_name": "Smoke Test PM", "page_size": "Letter"}\n' \
        >"$INFRADESK_DATA_DIR/preferences.json"
    t=$(now)
    logo=()  # a PNG logo exercises Pillow inside the bundle
    if [ -f "$INTERNAL/resources/icons/infradesk-128.png" ]; then
        logo=(--logo "$INTERNAL/resources/icons/infradesk-128.png")
    fi
    "$BIN" report --workspace "$TMP/demo.infradesk" -o "$TMP/report.pdf" ${logo[@]+"${logo[@]}"} \
        >"$TMP/out" 2>"$TMP/err" || die "report failed"
    report_ms=$(ms_since "$t")
    [ "$(head -c 5 "$TMP/report.pdf")" = "%PDF-" ] || die "report.pdf is not a PDF"
    pdf_size=$(wc -c <"$TMP/report.pdf" | tr -d ' ')
    [ "$pdf_size" -gt 10000 ] || die "report.pdf is suspiciously small ($pdf_size bytes)"
    # read it back when a Python with pypdf is at hand (the project's venv)
    CHECKER="${SMOKE_PYTHON:-$ROOT/.venv/bin/python}"
    if [ -x "$CHECKER" ] && "$CHECKER" -c "import pypdf" 2>/dev/null; then
        "$CHECKER" - "$TMP/report.pdf" "${#logo[@]}" <<'PY' 2>"$TMP/err" || die "report.pdf content"
import sys
from pypdf import PdfReader

reader = PdfReader(sys.argv[1])
box = reader.pages[0].mediabox
size = (round(float(box.width)), round(float(box.height)))
text = "".join(page.extract_text() or "" for page in reader.pages)
assert size in ((612, 792), (792, 612)), f"page size {size} is not Letter (preferences.json)"
assert "DC Migration" in text, "the demo project's name is not in the report"
if sys.argv[2] != "0":
    xobjects = reader.pages[0]["/Resources"].get("/XObject", {})
    kinds = [xobjects[name].get_object().get("/Subtype") for name in xobjects]
    assert "/Image" in kinds, "the logo is not on the first page"
PY
        ok "$(( pdf_size / 1024 )) KiB, Letter from preferences.json, logo, ${report_ms} ms"
    else
        ok "$(( pdf_size / 1024 )) KiB, ${report_ms} ms"
    fi
else
    echo "skipped (this build has no 'report' command)"
fi

step "window offscreen"
t=$(now)
INFRADESK_EXIT_AFTER_START=1 "$BIN" open "$TMP/demo.infradesk" >"$TMP/out" 2>"$TMP/err" \
    || die "the window did not start"
window_ms=$(ms_since "$t")
grep -q "InfraDesk window shown" "$TMP/out" || die "the window was never shown"
if grep -E "Traceback|Error|Could not load the Qt platform plugin" "$TMP/err"; then
    die "errors while starting the window"
fi
ok "${window_ms} ms to show the window and quit"

step "welcome on an empty workspace"
INFRADESK_EXIT_AFTER_START=1 "$BIN" open "$TMP/empty.infradesk" >"$TMP/out" 2>"$TMP/err" \
    || die "the window did not start on an empty workspace"
grep -q "InfraDesk window shown" "$TMP/out" || die "the window was never shown"
ok

echo "smoke test passed: $BIN"
