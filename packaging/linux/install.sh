#!/bin/sh
# Put Doorstep in the applications menu of the current user. Run from the unpacked folder.
# User data (profiles) lives elsewhere (~/.local/share/doorstep), so reinstalling or
# upgrading this folder never touches it.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
mkdir -p "$apps"
sed "s#@INSTALL_DIR@#$here#g" "$here/doorstep.desktop" > "$apps/doorstep.desktop"
echo "Doorstep is in the applications menu; check it with: $here/doorstep/doorstep --self-test"
