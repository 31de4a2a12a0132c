#!/usr/bin/env bash
# Takes README's screenshot (docs/screenshot.png by default) of the real app under Xvfb: a local
# zoonode ensemble with demo data, a session, the editor and the notifications.
#   tests/screenshot/take-screenshot.sh [OUT.png]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$(realpath -m "${1:-$root/docs/screenshot.png}")
"$root/installer/build.sh" default take_screenshot zoonode >/dev/null

# The app's data and settings in a throwaway home: the screenshot starts from nothing.
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
mkdir -p "$(dirname "$out")"
HOME=$home XDG_DATA_HOME=$home/data XDG_CONFIG_HOME=$home/config XDG_RUNTIME_DIR=$home \
  ZOOSCOPE_ZOONODE="$root/build/default/app/zoonode/zoonode" QT_QPA_PLATFORM=xcb \
  xvfb-run -a -s "-screen 0 1600x1000x24" \
  "$root/build/default/tests/screenshot/take_screenshot" "$out"
