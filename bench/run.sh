#!/usr/bin/env bash
# Reverb/J benchmark: builds what is missing, then runs every scenario against a Reverb/J server it starts from
# target/reverb.jar (and the raw Helidon baseline and soketi 1.6.1, installed from npm into bench/out/soketi), prints JSON
# lines and a Markdown table, writes bench/RESULTS.md.
#   bench/run.sh                     full run (< 10 min on 2 cores), writes bench/RESULTS.md
#   bench/run.sh --quick             small N for development, writes bench/out/RESULTS.md only
#   bench/run.sh --scenarios fanout,presence [--fanout-subscribers 100,1000] ...   see bench/README.md
#   bench/run.sh --server external --host 127.0.0.1 --port 8080 --app-id ID --key KEY --secret SECRET
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

# The repository's ./run finds a JDK 21+; ask it where that JDK lives so mvn uses it too.
JAVA_HOME=$(./run java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.home = //p')
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"

if [ ! -f target/reverb.jar ] || [ -n "$(find src pom.xml -newer target/reverb.jar -print -quit)" ]; then
  echo "bench: building target/reverb.jar (missing or older than src/)" >&2
  ./run build
  touch target/reverb.jar   # Maven leaves an unchanged jar untouched: mark it current
fi
if [ ! -f bench/target/reverb-bench.jar ] || [ -n "$(find bench/src bench/pom.xml -newer bench/target/reverb-bench.jar -print -quit)" ]; then
  echo "bench: building bench/target/reverb-bench.jar" >&2
  mvn -B -q -f bench/pom.xml -DskipTests package
fi

# Every process started from here (server, baseline, client workers) inherits the highest open-file limit allowed.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

results=()
case " $* " in
  *" --quick "*|*" --results "*) ;;
  *) results=(--results "$root/bench/RESULTS.md") ;;
esac
mkdir -p bench/out
exec java -Xmx1g -cp bench/target/reverb-bench.jar dev.reverbj.bench.Bench --repo "$root" "${results[@]}" "$@"
