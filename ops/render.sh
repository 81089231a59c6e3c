#!/usr/bin/env bash
# Reverb/J ops kit: renders nginx, supervisor, systemd, limits.conf and sysctl files sized to a connection target.
# Needs bash, coreutils, awk, sed, and the built Reverb/J (it reads the configuration through
# `reverb config --print`, the server's own reader). Run `ops/render.sh --help`.
set -euo pipefail

OPS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROG=render.sh

# ---- Sizing constants (README.md "Sizing rules" explains each; the file headers repeat them) ----
readonly HEAP_BASE_MB=256          # heap for apps, channels, caches, HTTP API
readonly HEAP_KB_PER_CONNECTION=40 # bench/RESULTS.md: 25.6 KB live heap per idle subscribed connection, x1.5 room for G1
readonly JVM_FDS=4096              # descriptors the JVM needs besides client sockets
readonly PORT_RANGE_LOW=10240
readonly PORT_RANGE_HIGH=65535
readonly MAX_TARGET=10000000

usage() {
  cat <<'EOF'
Usage: ops/render.sh [options]

Writes host configuration for Reverb/J sized to a number of concurrent WebSocket connections:
  OUT/nginx/reverb-tuning.conf    nginx main context: worker_rlimit_nofile, events
  OUT/nginx/reverb-site.conf      nginx site: /app (WebSockets), /apps (HTTP API), /up, optional TLS
  OUT/supervisor/reverb.conf      [program:reverb] and [supervisord] minfds
  OUT/systemd/reverb.service      the same as a systemd unit
  OUT/limits/reverb.conf          nofile for the user (/etc/security/limits.d)
  OUT/sysctl/99-reverb.conf       kernel settings (/etc/sysctl.d)
Every file starts with the formula behind each number.

Options (flags override values read from --config / --env-file):
  --config FILE        Reverb/J YAML; the server command gets --config FILE
  --env-file FILE      Laravel .env (REVERB_* variables); the server command gets --env-file FILE
                       At least one of the two is required (a server with no app refuses to start).
                       Both are read with `reverb config --print`, exactly as the server reads them:
                       reverb.server.{host,port,path,hostname} and reverb.ops.connections-target.
  --handover-timeout S restart without a gap (default 30): the units run the server under
                       ops/handover.sh, and an old server waits up to S seconds for its successor; 0 = off
  --connections N      concurrent connections to plan for, 1..10000000 (default 1000)
  --user USER          account the server runs as (default reverb)
  --server-name HOST   nginx server_name (default reverb.server.hostname, else _)
  --install-dir DIR    the built Reverb/J: DIR/target/reverb.jar (default /opt/reverb)
  --java PATH          java 21 or newer for the server command (default: the bundled runtime,
                       DIR/target/reverb/runtime/bin/java); checked at render time
  --host H             address Reverb/J listens on (default 127.0.0.1)
  --port P             port Reverb/J listens on (default 8080)
  --path PREFIX        path prefix before /app and /apps (default none)
  --listen [ADDR:]PORT where nginx listens (default 80, or 443 with TLS)
  --tls-cert FILE      TLS certificate chain (PEM) for nginx; needs --tls-key
  --tls-key FILE       TLS private key (PEM) for nginx
  --log-dir DIR        supervisor log directory (default /var/log/reverb)
  --out DIR            output directory (default ops/out)
  --help               show this help

Exit codes: 0 written, 2 bad input (one line on stderr).
EOF
}

die() {
  echo "$PROG: $*" >&2
  exit 2
}

# ---- Arguments ----
config="" env_file="" handover_timeout=30 connections="" user="reverb" server_name="" install_dir="/opt/reverb"
java_bin=""
host="" port="" path="" path_set=0 listen="" tls_cert="" tls_key="" log_dir="/var/log/reverb"
out_dir="$OPS_DIR/out"

while [ $# -gt 0 ]; do
  flag=$1
  case "$flag" in
    --help | -h) usage; exit 0 ;;
    --config | --env-file | --handover-timeout | --connections | --user | --server-name | --install-dir | --java \
    | --host | --port | --path | --listen | --tls-cert | --tls-key | --log-dir | --out)
      if [ $# -lt 2 ] || [[ $2 == --* ]]; then die "$flag needs a value (try --help)"; fi
      value=$2
      shift 2
      case "$flag" in
        --config) config=$value ;;
        --env-file) env_file=$value ;;
        --handover-timeout) handover_timeout=$value ;;
        --connections) connections=$value ;;
        --user) user=$value ;;
        --server-name) server_name=$value ;;
        --install-dir) install_dir=$value ;;
        --java) java_bin=$value ;;
        --host) host=$value ;;
        --port) port=$value ;;
        --path) path=$value; path_set=1 ;;
        --listen) listen=$value ;;
        --tls-cert) tls_cert=$value ;;
        --tls-key) tls_key=$value ;;
        --log-dir) log_dir=$value ;;
        --out) out_dir=$value ;;
      esac
      ;;
    *) die "unknown option '$flag' (try --help)" ;;
  esac
done

# ---- Flags: checked before anything is read; one line, exit 2 ----
is_number() { [[ $1 =~ ^[0-9]+$ ]]; }
valid_port() { is_number "$1" && [ ${#1} -le 5 ] && [ "$((10#$1))" -ge 1 ] && [ "$((10#$1))" -le 65535 ]; }
target_source="--connections"
check_target() {
  is_number "$1" || die "connections target must be a whole number, got '$1' ($target_source)"
  [ ${#1} -le 12 ] || die "connections target must be between 1 and $MAX_TARGET, got $1 ($target_source)"
  if [ "$((10#$1))" -lt 1 ] || [ "$((10#$1))" -gt "$MAX_TARGET" ]; then
    die "connections target must be between 1 and $MAX_TARGET, got $((10#$1)) ($target_source)"
  fi
}
[ -z "$connections" ] || check_target "$connections"
[ -z "$port" ] || valid_port "$port" || die "port must be 1..65535, got '$port'"
[[ $user =~ ^[a-z_][a-z0-9_.-]*$ ]] || die "user must be a user name, got '$user'"
for pair in "install-dir:$install_dir" "java:${java_bin:-/}" "log-dir:$log_dir"; do
  name=${pair%%:*} value=${pair#*:}
  [[ $value == /* ]] || die "--$name must be an absolute path, got '$value'"
  [[ $value =~ ^[A-Za-z0-9._/+-]+$ ]] || die "--$name must not contain spaces or special characters, got '$value'"
done
[[ $config =~ ^[A-Za-z0-9._/+-]*$ ]] || die "--config path must not contain spaces or special characters"
[[ $env_file =~ ^[A-Za-z0-9._/+-]*$ ]] || die "--env-file path must not contain spaces or special characters"
{ is_number "$handover_timeout" && [ ${#handover_timeout} -le 4 ] && [ "$((10#$handover_timeout))" -le 3600 ]; } \
  || die "--handover-timeout must be 0..3600 seconds, got '$handover_timeout'"
handover_timeout=$((10#$handover_timeout))
if [ -n "$tls_cert" ] || [ -n "$tls_key" ]; then
  if [ -z "$tls_cert" ] || [ -z "$tls_key" ]; then die "TLS needs both --tls-cert and --tls-key"; fi
  [[ $tls_cert =~ ^[A-Za-z0-9._/+-]+$ && $tls_key =~ ^[A-Za-z0-9._/+-]+$ ]] \
    || die "--tls-cert and --tls-key must be paths without spaces or special characters"
fi
[ -n "$listen" ] || { if [ -n "$tls_cert" ]; then listen=443; else listen=80; fi; }
listen_port=${listen##*:}
if ! valid_port "$listen_port" || ! [[ $listen =~ ^([0-9.]+:|\[[0-9a-fA-F:]+\]:)?[0-9]+$ ]]; then
  die "--listen must be PORT or ADDR:PORT, got '$listen'"
fi

# ---- Configuration, read by the server itself (reverb config --print) ----
for pair in "config:$config" "env-file:$env_file"; do
  name=${pair%%:*} value=${pair#*:}
  if [ -n "$value" ] && { [ ! -f "$value" ] || [ ! -r "$value" ]; }; then
    die "--$name $value: the file does not exist or cannot be read"
  fi
done
[ -z "$config" ] || config=$(cd "$(dirname "$config")" && pwd)/$(basename "$config")
[ -z "$env_file" ] || env_file=$(cd "$(dirname "$env_file")" && pwd)/$(basename "$env_file")
[ -n "$java_bin" ] || java_bin="$install_dir/target/reverb/runtime/bin/java"
jar="$install_dir/target/reverb.jar"

java_major() { "$1" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'; }

read_config() {
  [ -n "$config" ] || [ -n "$env_file" ] \
    || die "give --config FILE or --env-file FILE: a unit without either serves no app, and the server refuses to start without one"
  [ -x "$java_bin" ] || die "java $java_bin does not exist (build target/reverb/ with ./run build, or give --java a Java 21+)"
  local major
  major=$(java_major "$java_bin")
  [ "${major:-0}" -ge 21 ] || die "java $java_bin is Java ${major:-unknown}; Reverb/J needs 21 or newer (default: the bundled $install_dir/target/reverb/runtime/bin/java)"
  [ -f "$jar" ] || die "$jar does not exist (--install-dir is the directory holding target/reverb.jar)"
  local args=(config --print) errors
  [ -z "$config" ] || args+=(--config "$config")
  [ -z "$env_file" ] || args+=(--env-file "$env_file")
  errors=$(mktemp)
  # A clean environment, as the rendered units have: stray REVERB_* variables of this shell do not count.
  if ! settings=$(env -i PATH=/usr/bin:/bin "$java_bin" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$jar" "${args[@]}" 2>"$errors"); then
    local first count
    first=$(grep -v ': warning: ' "$errors" | head -n 1)
    count=$(grep -c -v ': warning: ' "$errors" || true)
    rm -f "$errors"
    die "the server refuses this configuration: ${first#reverb: }$([ "$count" -le 1 ] || echo " (and $((count - 1)) more: run reverb config --print)")"
  fi
  sed 's/^reverb: warning: /render.sh: warning: /' "$errors" >&2
  rm -f "$errors"
}

# The value (unquoted) or the source of one setting of `config --print` (one setting per line).
setting() { printf '%s\n' "$settings" | sed -n "s|^  \"$1\": {\"source\": \".*\", \"value\": \(.*\)},\{0,1\}\$|\1|p" | sed 's/^"\(.*\)"$/\1/; s/^null$//'; }
setting_source() { printf '%s\n' "$settings" | sed -n "s|^  \"$1\": {\"source\": \"\(.*\)\", \"value\": .*|\1|p"; }

settings=""
read_config
yaml_host=$(setting reverb.server.host)
yaml_port=$(setting reverb.server.port)
yaml_path=$(setting reverb.server.path)
yaml_hostname=$(setting reverb.server.hostname)
yaml_target=$(setting reverb.ops.connections-target)
yaml_target_source=$(setting_source reverb.ops.connections-target)

if [ -z "$connections" ]; then
  if [ -n "$yaml_target" ]; then
    connections=$yaml_target
    target_source="reverb.ops.connections-target in $yaml_target_source"
  else
    connections=1000
    target_source="default; set --connections or reverb.ops.connections-target"
  fi
fi
# nginx is in front: a host the configuration left at its default binds loopback only.
if [ -z "$host" ]; then
  if [ "$(setting_source reverb.server.host)" = default ]; then host=127.0.0.1; else host=$yaml_host; fi
fi
[ -n "$port" ] || port=${yaml_port:-8080}
[ "$path_set" = 1 ] || path=$yaml_path
[ -n "$server_name" ] || server_name=${yaml_hostname:-_}

# ---- Validation of the merged values: one line, exit 2 ----
check_target "$connections"
connections=$((10#$connections))
valid_port "$port" || die "port must be 1..65535, got '$port'"
port=$((10#$port))
[[ $host =~ ^[A-Za-z0-9.:_-]+$ ]] || die "host must be an address or host name, got '$host'"
[[ $server_name =~ ^[A-Za-z0-9.*_~-]+( [A-Za-z0-9.*_~-]+)*$ ]] || die "server name must be host names, got '$server_name'"
path=$(printf '%s' "$path" | sed 's:/*$::')
[ -z "$path" ] || [[ $path == /* ]] || path="/$path"
[[ $path =~ ^[A-Za-z0-9._~/-]*$ ]] || die "path must be a URL path such as /ws, got '$path'"

# ---- Sizing ----
ceil_div() { echo $(( ($1 + $2 - 1) / $2 )); }
max() { if [ "$1" -ge "$2" ]; then echo "$1"; else echo "$2"; fi; }
running() { # running value of a /proc/sys key, or 0 when this host does not have it
  local f="/proc/sys/${1//.//}"
  if [ -r "$f" ]; then awk '{print $1; exit}' "$f"; else echo 0; fi
}

peak=$(ceil_div $((connections * 5)) 4)
nofile=$((peak + JVM_FDS))
heap_mb=$((HEAP_BASE_MB + $(ceil_div $((peak * HEAP_KB_PER_CONNECTION)) 1024)))
heap_mb=$(( $(ceil_div "$heap_mb" 64) * 64 ))
stop_wait=$((15 + $(ceil_div "$peak" 5000)))
worker_connections=$((2 * peak + 1024))
nginx_nofile=$((worker_connections + 1024))
nginx_slot_mb=$(ceil_div $((worker_connections * 512)) $((1024 * 1024)))
ports_per_source=$((PORT_RANGE_HIGH - PORT_RANGE_LOW + 1))
sources=$(ceil_div "$peak" "$ports_per_source")

file_max_now=$(running fs.file-max)
file_max_need=$((3 * peak + 65536))
file_max=$(max "$file_max_now" "$file_max_need")
nr_open_now=$(running fs.nr_open)
nr_open_need=$(max "$nginx_nofile" "$nofile")
nr_open_need=$(max "$nr_open_need" 1048576)
nr_open=$(max "$nr_open_now" "$nr_open_need")
somaxconn_need=$((connections / 10))
[ "$somaxconn_need" -ge 4096 ] || somaxconn_need=4096
[ "$somaxconn_need" -le 65535 ] || somaxconn_need=65535
somaxconn_now=$(running net.core.somaxconn)
somaxconn=$(max "$somaxconn_now" "$somaxconn_need")
syn_backlog_now=$(running net.ipv4.tcp_max_syn_backlog)
syn_backlog=$(max "$syn_backlog_now" "$somaxconn_need")
conntrack_now=$(running net.netfilter.nf_conntrack_max)
conntrack_need=$((2 * peak + 65536))
conntrack=$(max "$conntrack_now" "$conntrack_need")

# nginx reaches Reverb/J over loopback: a wildcard bind address is reached at 127.0.0.1.
case "$host" in
  0.0.0.0 | :: | "[::]" | localhost) upstream_host=127.0.0.1 ;;
  *) upstream_host=$host ;;
esac
[[ $upstream_host == *:* ]] && upstream_host="[$upstream_host]"
upstream="$upstream_host:$port"

if [ "$sources" -gt 1 ] && [[ $upstream_host != 127.* ]]; then
  die "$connections connections need $sources upstream source addresses, which this kit spreads over 127.0.0.0/8; run Reverb/J on this host (--host 127.0.0.1)"
fi
[ "$sources" -le 253 ] || die "internal: $sources source addresses do not fit in 127.0.0.2-127.0.0.254"

mem_kb=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo 2>/dev/null || true)
if [ -n "$mem_kb" ] && [ $(( (heap_mb + 300) * 1024 )) -gt "$mem_kb" ]; then
  echo "$PROG: warning: heap ${heap_mb} MB + 300 MB is more than this host's $((mem_kb / 1024)) MB of memory" >&2
fi

# ---- Blocks ----
java_flags="-Xms${heap_mb}m -Xmx${heap_mb}m -XX:+UseG1GC -XX:+AlwaysPreTouch -XX:+ExitOnOutOfMemoryError"
command="$java_bin $java_flags -jar $install_dir/target/reverb.jar start"
if [ "$handover_timeout" != 0 ]; then
  command="$install_dir/ops/handover.sh $command"
  [ -x "$install_dir/ops/handover.sh" ] \
    || echo "$PROG: warning: $install_dir/ops/handover.sh is not there (yet): the units run the server through it" >&2
fi
[ -z "$config" ] || command="$command --config $config"
[ -z "$env_file" ] || command="$command --env-file $env_file"
command="$command --host $host --port $port"
[ -z "$path" ] || command="$command --path $path"

source_spread=""
proxy_bind=""
if [ "$sources" -gt 1 ]; then
  # split_clients shares must add up to 100%: every address but the last gets floor(10000/N)/100 %.
  share=$((10000 / sources))
  source_spread="# Spread upstream connections over $sources source addresses (see header)."
  source_spread+=$'\n'"split_clients \"\$request_id\" \$reverbj_upstream_source {"
  for ((i = 0; i < sources; i++)); do
    if [ "$i" -lt $((sources - 1)) ]; then
      source_spread+=$'\n'"    $((share / 100)).$(printf '%02d' $((share % 100)))% 127.0.0.$((i + 2));"
    else
      source_spread+=$'\n'"    *       127.0.0.$((i + 2));"
    fi
  done
  source_spread+=$'\n'"}"
  proxy_bind="    proxy_bind \$reverbj_upstream_source;"
fi

listen_lines="    listen $listen backlog=$somaxconn;"
tls_block=""
http_redirect=""
if [ -n "$tls_cert" ]; then
  listen_lines="    listen $listen ssl backlog=$somaxconn;"
  tls_block="    ssl_certificate $tls_cert;
    ssl_certificate_key $tls_key;
    ssl_protocols TLSv1.2 TLSv1.3;
    # 10 MB holds about 40,000 sessions: reconnecting clients resume instead of a full handshake.
    ssl_session_cache shared:reverbj_tls:10m;
    ssl_session_timeout 1h;
    # No http2 on this server: nginx carries WebSockets over HTTP/1.1 only."
  if [ "$listen" = 443 ]; then
    http_redirect="# Plain HTTP: send browsers to https.
server {
    listen 80;
    server_name $server_name;
    return 301 https://\$host\$request_uri;
}"
  fi
fi

# ---- Render ----
export RV_GENERATED_AT RV_TARGET RV_TARGET_SOURCE RV_PEAK RV_NOFILE RV_HEAP_MB RV_STOP_WAIT RV_WORKER_CONNECTIONS \
  RV_NGINX_NOFILE RV_NGINX_SLOT_MB RV_PORTS_PER_SOURCE RV_SOURCES RV_PORT_RANGE_LOW RV_PORT_RANGE_HIGH RV_PORT \
  RV_UPSTREAM RV_PATH RV_SERVER_NAME RV_PROXY_TIMEOUT RV_SOMAXCONN RV_SOMAXCONN_NEED RV_SOMAXCONN_NOW \
  RV_SYN_BACKLOG RV_SYN_BACKLOG_NOW RV_FILE_MAX RV_FILE_MAX_NOW RV_FILE_MAX_NEED RV_NR_OPEN RV_NR_OPEN_NOW \
  RV_NR_OPEN_NEED RV_CONNTRACK RV_CONNTRACK_NOW RV_CONNTRACK_NEED RV_COMMAND RV_INSTALL_DIR RV_USER RV_LOG_DIR \
  RV_SOURCE_SPREAD RV_PROXY_BIND RV_LISTEN RV_TLS RV_HTTP_REDIRECT RV_HANDOVER_TIMEOUT RV_KILL_MODE
RV_GENERATED_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)
RV_TARGET=$connections RV_TARGET_SOURCE=$target_source RV_PEAK=$peak RV_NOFILE=$nofile RV_HEAP_MB=$heap_mb
RV_STOP_WAIT=$stop_wait RV_WORKER_CONNECTIONS=$worker_connections RV_NGINX_NOFILE=$nginx_nofile
RV_NGINX_SLOT_MB=$nginx_slot_mb RV_PORTS_PER_SOURCE=$ports_per_source RV_SOURCES=$sources
RV_PORT_RANGE_LOW=$PORT_RANGE_LOW RV_PORT_RANGE_HIGH=$PORT_RANGE_HIGH RV_PORT=$port RV_UPSTREAM=$upstream
RV_PATH=$path RV_SERVER_NAME=$server_name RV_PROXY_TIMEOUT=3600 RV_SOMAXCONN=$somaxconn
RV_SOMAXCONN_NEED=$somaxconn_need RV_SOMAXCONN_NOW=$somaxconn_now RV_SYN_BACKLOG=$syn_backlog
RV_SYN_BACKLOG_NOW=$syn_backlog_now RV_FILE_MAX=$file_max RV_FILE_MAX_NOW=$file_max_now
RV_FILE_MAX_NEED=$file_max_need RV_NR_OPEN=$nr_open RV_NR_OPEN_NOW=$nr_open_now RV_NR_OPEN_NEED=$nr_open_need
RV_CONNTRACK=$conntrack RV_CONNTRACK_NOW=$conntrack_now RV_CONNTRACK_NEED=$conntrack_need RV_COMMAND=$command
RV_INSTALL_DIR=$install_dir RV_USER=$user RV_LOG_DIR=$log_dir RV_SOURCE_SPREAD=$source_spread
RV_PROXY_BIND=$proxy_bind RV_LISTEN=$listen_lines RV_TLS=$tls_block RV_HTTP_REDIRECT=$http_redirect
RV_HANDOVER_TIMEOUT=$handover_timeout RV_KILL_MODE=mixed
# With handover, stopping the unit stops only ops/handover.sh; the old server must outlive it (see the unit).
[ "$handover_timeout" = 0 ] || RV_KILL_MODE=process

# Replaces @@NAME@@ with $RV_NAME. A line holding only a placeholder is dropped when the value is empty.
# Unknown placeholders are an error, so a template typo cannot ship.
render() {
  awk '
    {
      line = $0
      if (line ~ /^[ \t]*@@[A-Z_]+@@[ \t]*$/) {
        name = line; gsub(/[ \t@]/, "", name)
        if (!(("RV_" name) in ENVIRON)) { print "unknown placeholder @@" name "@@ in " FILENAME > "/dev/stderr"; exit 3 }
        if (ENVIRON["RV_" name] != "") print ENVIRON["RV_" name]
        next
      }
      out = ""
      while ((start = index(line, "@@")) > 0) {
        rest = substr(line, start + 2)
        stop = index(rest, "@@")
        if (stop == 0) break
        name = substr(rest, 1, stop - 1)
        if (!(("RV_" name) in ENVIRON)) { print "unknown placeholder @@" name "@@ in " FILENAME > "/dev/stderr"; exit 3 }
        out = out substr(line, 1, start - 1) ENVIRON["RV_" name]
        line = substr(rest, stop + 2)
      }
      print out line
    }' "$1" | cat -s > "$2"
}

mkdir -p "$out_dir"/{nginx,supervisor,limits,sysctl,systemd} 2>/dev/null || die "cannot create output directory $out_dir"
render "$OPS_DIR/nginx/reverb-tuning.conf.tmpl" "$out_dir/nginx/reverb-tuning.conf"
render "$OPS_DIR/nginx/reverb-site.conf.tmpl" "$out_dir/nginx/reverb-site.conf"
render "$OPS_DIR/supervisor/reverb.conf.tmpl" "$out_dir/supervisor/reverb.conf"
render "$OPS_DIR/limits/reverb.conf.tmpl" "$out_dir/limits/reverb.conf"
render "$OPS_DIR/sysctl/99-reverb.conf.tmpl" "$out_dir/sysctl/99-reverb.conf"
render "$OPS_DIR/systemd/reverb.service.tmpl" "$out_dir/systemd/reverb.service"

cat <<EOF
Rendered for $connections connections ($target_source) into $out_dir
  peak (target + 25%)         $peak
  heap (-Xms/-Xmx)            ${heap_mb} MB
  nofile (server)             $nofile
  nginx worker_connections    $worker_connections
  nginx worker_rlimit_nofile  $nginx_nofile
  upstream source addresses   $sources ($ports_per_source ports each)
  somaxconn / listen backlog  $somaxconn
  stop timeout                ${stop_wait} s
  handover timeout            ${handover_timeout} s$([ "$handover_timeout" != 0 ] || echo ' (off: a restart drops clients for ~15 s)')
EOF

# Host cautions: what the files cannot set for you.
nginx_proxy_mb=$(ceil_div $((peak * 8)) 1024)
echo "$PROG: caution: nginx allocates ~${nginx_slot_mb} MB per worker for $worker_connections connection slots at start, plus ~${nginx_proxy_mb} MB of proxy buffers (2 x 4 KB per WebSocket) at $peak connections" >&2
if [ "$nofile" -gt 524288 ]; then
  echo "$PROG: caution: minfds=$nofile is above systemd's default hard limit for supervisor.service (524288): supervisord will refuse to start; add a drop-in with LimitNOFILE=$nofile for supervisor.service (ops/README.md)" >&2
fi

