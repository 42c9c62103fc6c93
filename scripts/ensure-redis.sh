#!/usr/bin/env bash
# Make sure a Redis answers on 127.0.0.1:6379: the shared store of rate limits (log-in attempts) for
# `make run`'s workers and for the tests. Installs redis-server from Debian if missing and starts a
# private, memory-only instance if none answers.
set -euo pipefail

answers() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }

if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
  echo "Installing redis-server from Debian"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server redis-tools >/dev/null
fi

if ! answers; then
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  for _ in $(seq 1 30); do answers && break; sleep 0.2; done
fi
answers || { echo "Redis does not answer on 127.0.0.1:6379" >&2; exit 1; }
echo "Redis ready on 127.0.0.1:6379."
