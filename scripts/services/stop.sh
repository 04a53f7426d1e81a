#!/usr/bin/env bash
# Stops every service a start-*.sh script started with DIR (by the pid files there), then removes DIR.
set -uo pipefail
dir="${1:?usage: stop.sh DIR}"
[ -d "$dir" ] || exit 0
for pidfile in "$dir"/*.pid; do
  [ -f "$pidfile" ] || continue
  pid="$(cat "$pidfile")"
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
done
sleep 0.1
rm -rf "$dir"
