#!/usr/bin/env bash
# What the live dashboard costs fan-out (issue 15: enabled with one page open, < 2% of throughput).
# Runs bench/run.sh's fan-out alternately without and with the dashboard -- enabled through REVERB_DASHBOARD_*
# in the server's environment, with one viewer (curl) reading its feed for the whole run -- and prints the
# fan-out burst rates and server CPU per delivery of each run, and the ratios of the medians.
#   bench/dashboard-cost.sh [--rounds N] [bench/run.sh options]     (--rounds 0: summarise the last runs again)
#   default options: --quick --scenarios fanout --fanout-subscribers 1000 --payloads 100 --burst-reps 9 --no-baseline --no-soketi --no-jfr
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=2
if [ "${1:-}" = --rounds ]; then
  rounds=$2
  shift 2
fi
opts=("$@")
[ ${#opts[@]} -gt 0 ] || opts=(--quick --scenarios fanout --fanout-subscribers 1000 --payloads 100 --burst-reps 9 --no-baseline --no-soketi --no-jfr)
mkdir -p bench/out
# --rounds 0 only summarises the runs already in bench/out.
[ "$rounds" -eq 0 ] || rm -f bench/out/dashboard-*

# One page on the feed of whichever bench server is up (bench/run.sh writes its port into reverb-bench-<name>.yaml).
viewer() {
  local port="" pid="" p line f newest
  trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null; exit 0' TERM
  while true; do
    # Builtins only: a loop forking sed five times a second would itself cost the "on" runs CPU.
    p=""
    newest=""
    for f in bench/out/reverb-bench-*.yaml; do
      if [ -f "$f" ] && { [ -z "$newest" ] || [ "$f" -nt "$newest" ]; }; then newest=$f; fi
    done
    if [ -n "$newest" ]; then
      while IFS= read -r line; do
        if [[ $line =~ port:\ ([0-9]+) ]]; then p=${BASH_REMATCH[1]}; fi
      done < "$newest"
    fi
    if [ -n "$p" ] && { [ "$p" != "$port" ] || ! kill -0 "$pid" 2>/dev/null; }; then
      [ -z "$pid" ] || kill "$pid" 2>/dev/null || true
      # Appended: the retry after the server stopped must not wipe what this one received.
      curl -sN --max-time 900 -u bench:bench "http://127.0.0.1:$p/dashboard/feed" >> "bench/out/dashboard-feed-$p.txt" 2>/dev/null &
      pid=$!
      port=$p
    fi
    sleep 0.5
  done
}

rates() {  # "subscribers payload deliveries/s server-CPU-µs/delivery" per fan-out burst row of a run's output
  grep '"scenario":"fanout-burst"' "$1" | grep '"target":"reverb"' | sed 's/.*"subscribers":\([0-9]*\).*"payloadBytes":\([0-9]*\).*"deliveriesPerSecond":\([0-9.]*\).*"serverCpuUsPerDelivery":\([0-9.]*\).*/\1 \2 \3 \4/'
}

for round in $(seq "$rounds"); do
  # Alternate which goes first, so a drift of the machine's load does not favour one side.
  order="off on"
  [ $((round % 2)) -eq 1 ] || order="on off"
  for mode in $order; do
    rm -f bench/out/reverb-bench-*.yaml
    log="bench/out/dashboard-$mode-$round.out"
    if [ "$mode" = on ]; then
      viewer &
      watcher=$!
      REVERB_DASHBOARD_ENABLED=true REVERB_DASHBOARD_USERNAME=bench REVERB_DASHBOARD_PASSWORD=bench \
        bench/run.sh "${opts[@]}" > "$log"
      kill "$watcher" 2>/dev/null || true
      wait "$watcher" 2>/dev/null || true
    else
      env -u REVERB_DASHBOARD_ENABLED bench/run.sh "${opts[@]}" > "$log"
    fi
    rates "$log" | while read -r s size dps cpu; do
      echo "round $round dashboard $mode: S=$s ${size} B: $dps deliveries/s, $cpu µs server CPU per delivery"
    done
  done
done
if [ "$(cat bench/out/dashboard-feed-*.txt 2>/dev/null | grep -c '^event: stats')" -eq 0 ]; then
  echo "dashboard-cost: the viewer never received the feed; see bench/out/dashboard-on-*.out" >&2
  exit 1
fi
for mode in off on; do
  cat bench/out/dashboard-"$mode"-*.out | rates /dev/stdin | awk '{print $1" "$2" "$3}' | sort -k1,1n -k2,2n -k3,3n \
    > "bench/out/dashboard-$mode.rates"
  cat bench/out/dashboard-"$mode"-*.out | rates /dev/stdin | awk '{print $1" "$2" "$4}' | sort -k1,1n -k2,2n -k3,3n \
    > "bench/out/dashboard-$mode.cpu"
done
# Median per (subscribers, payload), then on / off.
median_ratio() {  # $1: what the numbers are; $2, $3: the off and on files
  awk -v what="$1" '
    FNR == 1 { mode = (FILENAME ~ /-on\./) ? "on" : "off" }
    { key = $1 " " $2; n[mode, key]++; v[mode, key, n[mode, key]] = $3; keys[key] = 1 }
    END {
      for (k in keys) {
        for (m = 0; m < 2; m++) {
          mode = m ? "on" : "off"; c = n[mode, k]
          med[mode] = c % 2 ? v[mode, k, (c + 1) / 2] : (v[mode, k, c / 2] + v[mode, k, c / 2 + 1]) / 2
        }
        split(k, p, " ")
        printf "fan-out S=%s %s B: median %s %.2f without the dashboard, %.2f with it open: %.3f x\n", p[1], p[2], what, med["off"], med["on"], med["on"] / med["off"]
      }
    }' "$2" "$3"
}
median_ratio "deliveries/s" bench/out/dashboard-off.rates bench/out/dashboard-on.rates
median_ratio "server CPU µs per delivery" bench/out/dashboard-off.cpu bench/out/dashboard-on.cpu
