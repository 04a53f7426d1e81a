#!/usr/bin/env bash
# Starts haproxy for tests and load runs: loopback only, round robin over the given webhook
# servers, health-checked on /healthz (a replica that says 503 gets no updates).
#   scripts/services/start-haproxy.sh DIR PORT BACKEND_PORT...     prints http://127.0.0.1:PORT
# Stop it with scripts/services/stop.sh DIR. Needs haproxy (Debian: apt-get install haproxy).
# docs/scaling.md shows the same configuration for production.
set -euo pipefail
dir="${1:?usage: start-haproxy.sh DIR PORT BACKEND_PORT...}"
port="${2:?usage: start-haproxy.sh DIR PORT BACKEND_PORT...}"
shift 2
[ "$#" -gt 0 ] || { echo "start-haproxy: no backend ports" >&2; exit 2; }
command -v haproxy >/dev/null || { echo "start-haproxy: haproxy is not installed (apt-get install haproxy)" >&2; exit 2; }
mkdir -p "$dir"
cfg="$dir/haproxy-$port.cfg"
{
  cat <<CFG
global
    maxconn 4096
    pidfile $dir/haproxy-$port.pid
defaults
    mode http
    timeout connect 1s
    timeout client 30s
    timeout server 30s
    # A replica that dies mid-request: try the next one (the update was not acknowledged).
    retries 2
    option redispatch
frontend webhook
    bind 127.0.0.1:$port
    default_backend replicas
backend replicas
    balance roundrobin
    option httpchk GET /healthz
    http-check expect status 200
    # A busy replica may answer /healthz late: only 3 misses in a row (or a 503) take it out.
    timeout check 2s
    default-server inter 1s fall 3 rise 1
CFG
  i=0
  for backend in "$@"; do
    echo "    server r$i 127.0.0.1:$backend check"
    i=$((i + 1))
  done
} > "$cfg"
haproxy -c -q -f "$cfg" >/dev/null
haproxy -D -f "$cfg"
for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "http://127.0.0.1:$port"
    exit 0
  fi
  sleep 0.05
done
echo "start-haproxy: nothing listens on port $port" >&2
exit 1
