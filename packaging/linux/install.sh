#!/usr/bin/env bash
# Install the built one-folder app for the current user (no root needed):
#   ~/.local/opt/infradesk/          the application folder
#   ~/.local/bin/infradesk           a link to the program (command line and desktop)
#   menu entry, icons in the hicolor theme, and the .infradesk file type
#
#   packaging/linux/install.sh [packaging/dist/infradesk]
#   packaging/linux/install.sh --uninstall
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
APPDIR="$HOME/.local/opt/infradesk"
BIN="$HOME/.local/bin/infradesk"
SIZES="16 24 32 48 64 128 256 512"

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$APPDIR" "$BIN" "$DATA/applications/infradesk.desktop"
    for size in $SIZES; do rm -f "$DATA/icons/hicolor/${size}x${size}/apps/infradesk.png"; done
    rm -f "$DATA/icons/hicolor/scalable/apps/infradesk.svg"
    command -v xdg-mime >/dev/null && xdg-mime uninstall "$HERE/infradesk-mime.xml" || true
    echo "InfraDesk removed (your workspaces and settings are kept)."
    exit 0
fi

SOURCE="${1:-$ROOT/packaging/dist/infradesk}"
[ -x "$SOURCE/infradesk" ] || { echo "no built app in $SOURCE (run packaging/build.sh)" >&2; exit 2; }

rm -rf "$APPDIR"
mkdir -p "$(dirname "$APPDIR")" "$(dirname "$BIN")" "$DATA/applications"
cp -a "$SOURCE" "$APPDIR"
ln -sf "$APPDIR/infradesk" "$BIN"
for size in $SIZES; do
    install -Dm644 "$ROOT/resources/icons/infradesk-$size.png" \
        "$DATA/icons/hicolor/${size}x${size}/apps/infradesk.png"
done
install -Dm644 "$ROOT/resources/icons/infradesk.svg" "$DATA/icons/hicolor/scalable/apps/infradesk.svg"
sed "s|^Exec=infradesk|Exec=$BIN|; s|^TryExec=infradesk|TryExec=$BIN|" \
    "$HERE/infradesk.desktop" >"$DATA/applications/infradesk.desktop"
if command -v xdg-mime >/dev/null; then
    xdg-mime install --novendor "$HERE/infradesk-mime.xml"
    xdg-mime default infradesk.desktop application/x-infradesk-workspace
fi
command -v update-desktop-database >/dev/null && update-desktop-database "$DATA/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q "$DATA/icons/hicolor" 2>/dev/null || true
echo "InfraDesk installed in $APPDIR; start it from the menu or with: infradesk"
