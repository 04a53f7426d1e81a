#!/usr/bin/env bash
# Starts a throwaway redis-server for tests and load runs: loopback only, no persistence, data in DIR.
#   scripts/services/start-redis.sh DIR [PORT]      prints redis://127.0.0.1:PORT once it answers PING
# Stop it with scripts/services/stop.sh DIR. Needs redis-server (Debian: apt-get install redis-server).
set -euo pipefail
dir="${1:?usage: start-redis.sh DIR [PORT]}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
port="${2:-$("$here/free-port.sh")}"
mkdir -p "$dir"
command -v redis-server >/dev/null || { echo "start-redis: redis-server is not installed (apt-get install redis-server)" >&2; exit 2; }
redis-server --bind 127.0.0.1 --port "$port" --dir "$dir" --save "" --appendonly no \
  --daemonize yes --pidfile "$dir/redis-$port.pid" --logfile "$dir/redis-$port.log" >/dev/null
for _ in $(seq 1 100); do
  if redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG; then
    echo "redis://127.0.0.1:$port"
    exit 0
  fi
  sleep 0.05
done
echo "start-redis: redis-server on port $port did not answer (see $dir/redis-$port.log)" >&2
exit 1
