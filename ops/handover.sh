#!/usr/bin/env bash
# Reverb/J ops kit: runs the server command given as arguments for a process manager (supervisor, systemd), so that
# `supervisorctl restart reverb` / `systemctl restart reverb` leave no gap for clients (ops/README.md, "Restart
# without a gap"). The server needs reverb.server.handover-timeout above 0 (REVERB_SERVER_HANDOVER_TIMEOUT).
#
# When the process manager stops this script (SIGTERM or SIGINT), it sends the server SIGHUP ("a successor is
# starting") and exits 0 at once, leaving the server serving its clients. The process manager then starts the
# successor; it binds the same port (SO_REUSEPORT) and, once up, sends the old server SIGTERM: that one closes its
# clients with 4200 and they reconnect at once, to the successor. Without a successor within the handover timeout
# (a plain stop), the old server shuts down by itself.
# When the server exits by itself (a crash, an out-of-memory exit), this script exits with its status.
set -u
if [ $# -eq 0 ]; then
  echo "usage: handover.sh SERVER-COMMAND [ARGS...]" >&2
  exit 2
fi
"$@" &
server=$!
trap 'kill -HUP "$server" 2>/dev/null; exit 0' TERM INT
wait "$server"
exit $?
