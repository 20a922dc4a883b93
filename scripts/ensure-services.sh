#!/usr/bin/env bash
# Start PostgreSQL and Redis on 127.0.0.1 when they are not already listening. Idempotent.
set -euo pipefail
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
if ! port_open 5432; then
  command -v pg_ctlcluster >/dev/null || {
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql
  }
  PGV=$(ls /etc/postgresql | sort -V | tail -1)
  # Local TCP logins without a password, for the test database only on this machine.
  $SUDO sed -ri 's/^(host\s+all\s+all\s+(127\.0\.0\.1\/32|::1\/128)\s+)\S+/\1trust/' \
    "/etc/postgresql/$PGV/main/pg_hba.conf"
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$PGV" main start
fi
if ! port_open 6379; then
  command -v redis-server >/dev/null || {
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends redis-server
  }
  $SUDO mkdir -p /var/lib/redis /var/log/redis
  $SUDO redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/hjelpetiltak.log
fi
for _ in $(seq 30); do port_open 5432 && port_open 6379 && exit 0; sleep 1; done
echo "PostgreSQL or Redis did not start" >&2
exit 1
