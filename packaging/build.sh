#!/usr/bin/env bash
# Build the one-folder InfraDesk application with PyInstaller and print how long it took and
# how big it is.
#
#   packaging/build.sh            build into packaging/dist/ (work files in packaging/build/)
#   DIST=/tmp/dist packaging/build.sh
#   PYTHON=/path/to/python packaging/build.sh
#
# Needs the project installed with its "package" extra:  pip install -e '.[package]'
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
[ -x "$PYTHON" ] || PYTHON="$(command -v python3)"
DIST="${DIST:-$ROOT/packaging/dist}"
WORK="${WORK:-$ROOT/packaging/build}"

if ! "$PYTHON" -c "import PyInstaller" 2>/dev/null; then
    echo "PyInstaller is missing: $PYTHON -m pip install -e '$ROOT[package]'" >&2
    exit 2
fi

# The icons are checked in; render them again only when the SVG is newer than the PNGs.
if [ "$ROOT/resources/icons/infradesk.svg" -nt "$ROOT/resources/icons/infradesk-512.png" ]; then
    QT_QPA_PLATFORM=offscreen "$PYTHON" "$ROOT/packaging/render_icons.py"
fi

start=$(date +%s.%N)
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$WORK" "$ROOT/packaging/infradesk.spec"
end=$(date +%s.%N)

case "$(uname -s)" in
    Darwin) OUT="$DIST/InfraDesk.app" ;;
    MINGW*|MSYS*|CYGWIN*) OUT="$DIST/InfraDesk" ;;
    *) OUT="$DIST/infradesk" ;;
esac
seconds=$(awk "BEGIN { printf \"%.1f\", $end - $start }")
size=$(du -sh "$OUT" | cut -f1)
files=$(find "$OUT" -type f | wc -l | tr -d ' ')
echo "Built $OUT in ${seconds} s: ${size}, ${files} files"
