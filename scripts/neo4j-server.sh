#!/usr/bin/env bash
# Runs a real Neo4j Community server for tests and local development, without
# Docker: the server's jars come from Maven Central (tools/neo4j/pom.xml) and
# the server is started straight from them with `java`.
#
#   scripts/neo4j-server.sh fetch                          copy the server jars into tools/neo4j/target/lib
#   scripts/neo4j-server.sh start [--port N] [--home DIR] [--fresh]
#                                                          start (or reuse) a server, wait for Bolt, print
#                                                          NEO4J_SERVER=started|reused, then
#                                                          NEO4J_URI=bolt://127.0.0.1:N as the last line of stdout
#   scripts/neo4j-server.sh stop [--home DIR]              stop it (idempotent)
#   scripts/neo4j-server.sh status [--home DIR]            exit 0 running, 1 running but not answering, 3 stopped
#
# Environment: ATHAR_NEO4J_PORT (default 7688), ATHAR_NEO4J_HOME (default <repo>/.neo4j/home),
# ATHAR_NEO4J_START_TIMEOUT seconds (default 120), ATHAR_NEO4J_HEAP (default 1g) and
# ATHAR_NEO4J_PAGECACHE (default 256m): a test server's sizes; a benchmark at a million claims wants more.
# Everything but those two lines goes to stderr, so callers can capture stdout.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
TOOLS_DIR="$REPO_ROOT/tools/neo4j"
POM="$TOOLS_DIR/pom.xml"
LIB_DIR="$TOOLS_DIR/target/lib"

PORT="${ATHAR_NEO4J_PORT:-7688}"
NEO4J_HOME_DIR="${ATHAR_NEO4J_HOME:-$REPO_ROOT/.neo4j/home}"
START_TIMEOUT="${ATHAR_NEO4J_START_TIMEOUT:-120}"
HEAP="${ATHAR_NEO4J_HEAP:-1g}"
PAGECACHE="${ATHAR_NEO4J_PAGECACHE:-256m}"
STOP_TIMEOUT=30
FRESH=0

# JVM flags: the `server.jvm.additional` set that Neo4j 5.26 ships in its
# neo4j.conf (bin/neo4j would add them; we start java ourselves), minus
# -XX:+AlwaysPreTouch (it only slows the start of a small test server), plus the
# extra opens/exports the server needs when it runs from a flat classpath.
JAVA_FLAGS=(
  -Xms512m "-Xmx$HEAP"
  -XX:+UseG1GC
  -XX:-OmitStackTraceInFastThrow
  -XX:+UnlockExperimentalVMOptions -XX:+TrustFinalNonStaticFields
  -XX:+DisableExplicitGC
  -Djdk.nio.maxCachedBufferSize=1024
  -Dio.netty.tryReflectionSetAccessible=true
  -Djdk.tls.ephemeralDHKeySize=2048
  -Djdk.tls.rejectClientInitiatedRenegotiation=true
  -XX:FlightRecorderOptions=stackdepth=256
  -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
  --add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED
  --enable-native-access=ALL-UNNAMED
  -Dlog4j2.disable.jmx=true
  -Dlog4j.layout.jsonTemplate.maxStringLength=32768
  -Dfile.encoding=UTF-8
)

log() { echo "neo4j-server: $*" >&2; }
die() {
  log "error: $*"
  exit 1
}

usage() {
  sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

require_java() {
  command -v java >/dev/null 2>&1 ||
    die "'java' not found. Neo4j 5.26 needs Java 17 or 21; on Debian/Ubuntu: apt-get install -y openjdk-17-jre-headless"
  local major
  major="$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | sed -n 1p)" || true
  if [[ -n "$major" && "$major" -lt 17 ]]; then
    die "java $major found, Neo4j 5.26 needs Java 17 or 21 (Debian package: openjdk-17-jre-headless)"
  fi
}

require_mvn() {
  command -v mvn >/dev/null 2>&1 || die "'mvn' not found; it fetches the Neo4j jars. On Debian/Ubuntu: apt-get install -y maven"
}

require_node() {
  command -v node >/dev/null 2>&1 || die "'node' not found; it is needed to check that Bolt answers"
}

neo4j_version() {
  local v
  v="$(sed -n 's:.*<neo4j.version>[[:space:]]*\([^<[:space:]]*\)[[:space:]]*</neo4j.version>.*:\1:p' "$POM" | sed -n 1p)"
  [[ -n "$v" ]] || die "no <neo4j.version> property in $POM"
  echo "$v"
}

# Option parsing shared by start/stop/status.
parse_args() {
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --port) [[ $# -ge 2 ]] || die "--port needs a value"; PORT="$2"; shift 2 ;;
      --port=*) PORT="${1#--port=}"; shift ;;
      --home) [[ $# -ge 2 ]] || die "--home needs a value"; NEO4J_HOME_DIR="$2"; shift 2 ;;
      --home=*) NEO4J_HOME_DIR="${1#--home=}"; shift ;;
      --fresh) FRESH=1; shift ;;
      -h | --help) usage ;;
      *) die "unknown option: $1" ;;
    esac
  done
  [[ "$PORT" =~ ^[0-9]+$ && "$PORT" -ge 1 && "$PORT" -le 65535 ]] || die "invalid port: $PORT"
  mkdir -p "$NEO4J_HOME_DIR"
  NEO4J_HOME_DIR="$(cd "$NEO4J_HOME_DIR" && pwd)"
  CONF_DIR="$NEO4J_HOME_DIR/conf"
  CONF_FILE="$CONF_DIR/neo4j.conf"
  LOGS_DIR="$NEO4J_HOME_DIR/logs"
  DATA_DIR="$NEO4J_HOME_DIR/data"
  RUN_DIR="$NEO4J_HOME_DIR/run"
  PID_FILE="$RUN_DIR/athar-neo4j.pid"
  CONSOLE_LOG="$LOGS_DIR/console.log"
}

cmd_fetch() {
  require_java
  local version
  version="$(neo4j_version)"
  if [[ -f "$LIB_DIR/neo4j-$version.jar" ]]; then
    log "Neo4j $version jars already in ${LIB_DIR#"$REPO_ROOT"/}"
    return 0
  fi
  require_mvn
  log "fetching Neo4j $version jars from Maven Central (first time only)..."
  # Copy into a scratch dir and swap it in whole, so an interrupted fetch or a
  # version bump never leaves a mixed classpath behind.
  local partial="$TOOLS_DIR/target/lib.partial"
  rm -rf "$partial"
  (cd "$TOOLS_DIR" && mvn -q -B dependency:copy-dependencies -DoutputDirectory="$partial" -DincludeScope=runtime) >&2 ||
    die "mvn dependency:copy-dependencies failed (is Maven Central reachable?)"
  [[ -f "$partial/neo4j-$version.jar" ]] || die "mvn finished but $partial/neo4j-$version.jar is missing"
  rm -rf "$LIB_DIR"
  mv "$partial" "$LIB_DIR"
  log "fetched $(find "$LIB_DIR" -name '*.jar' | wc -l | tr -d ' ') jars"
}

# Is $1 a live Neo4j server started from this home?
is_our_server() {
  local pid="$1" args
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  args="$(ps -p "$pid" -o args= 2>/dev/null)" || return 1
  [[ "$args" == *CommunityEntryPoint* && "$args" == *"--home-dir=$NEO4J_HOME_DIR"* ]]
}

# Prints the pid of the running server of this home; removes a stale pid file.
running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(tr -d '[:space:]' <"$PID_FILE")"
  if is_our_server "$pid"; then
    echo "$pid"
    return 0
  fi
  rm -f "$PID_FILE"
  return 1
}

conf_port() {
  sed -n 's/^server\.bolt\.listen_address=.*:\([0-9][0-9]*\)[[:space:]]*$/\1/p' "$CONF_FILE" 2>/dev/null | tail -n 1
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

write_conf() {
  mkdir -p "$CONF_DIR" "$LOGS_DIR" "$DATA_DIR" "$RUN_DIR" "$NEO4J_HOME_DIR/plugins" "$NEO4J_HOME_DIR/import"
  cat >"$CONF_FILE" <<CONF
# Written by scripts/neo4j-server.sh on every start; edits are overwritten.
# A throwaway test server: no auth, Bolt on loopback only, no HTTP.
dbms.security.auth_enabled=false
dbms.usage_report.enabled=false
server.default_listen_address=127.0.0.1
server.bolt.enabled=true
server.bolt.listen_address=127.0.0.1:$PORT
server.bolt.advertised_address=127.0.0.1:$PORT
server.http.enabled=false
server.https.enabled=false
server.directories.data=$DATA_DIR
server.directories.logs=$LOGS_DIR
server.directories.plugins=$NEO4J_HOME_DIR/plugins
server.directories.run=$RUN_DIR
server.directories.import=$NEO4J_HOME_DIR/import
server.memory.heap.initial_size=512m
server.memory.heap.max_size=$HEAP
server.memory.pagecache.size=$PAGECACHE
# Netty waits this many quiet seconds (default 5) per Bolt event loop group on
# shutdown, which made every stop take ~10 s. Nothing to drain in a test server.
internal.dbms.bolt.netty_server_shutdown_quiet_period=0
CONF
}

show_logs() {
  local f
  for f in "$CONSOLE_LOG" "$LOGS_DIR/neo4j.log" "$LOGS_DIR/debug.log"; do
    if [[ -s "$f" ]]; then
      echo "----- last lines of $f -----" >&2
      tail -n 60 "$f" >&2
    fi
  done
  echo "-----" >&2
}

# Waits until Bolt answers a real query; fails early if the process dies.
wait_for_bolt() {
  local pid="$1" timeout="$2"
  node "$SCRIPT_DIR/neo4j-wait.js" --uri "bolt://127.0.0.1:$PORT" --pid "$pid" --timeout "$timeout" >&2
}

kill_server() {
  local pid="$1" waited=0
  kill -TERM "$pid" 2>/dev/null || true
  while is_our_server "$pid" && [[ "$waited" -lt $((STOP_TIMEOUT * 10)) ]]; do
    sleep 0.1
    waited=$((waited + 1))
  done
  if is_our_server "$pid"; then
    log "pid $pid still running after ${STOP_TIMEOUT}s, sending KILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
}

start_failed() {
  local pid="$1" why="$2"
  log "error: $why"
  show_logs
  if is_our_server "$pid"; then
    log "stopping pid $pid"
    kill_server "$pid"
  fi
  rm -f "$PID_FILE"
  exit 1
}

cmd_start() {
  parse_args "$@"
  require_java
  require_node
  # One start at a time per home (e.g. two test runs at once): the second waits,
  # then reuses the server the first started.
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$NEO4J_HOME_DIR/.start.lock"
    flock 9
  fi
  cmd_fetch

  local pid running_port
  if pid="$(running_pid)"; then
    running_port="$(conf_port)"
    if [[ "$FRESH" == 1 ]]; then
      log "--fresh: stopping the running server (pid $pid) to wipe its data"
      kill_server "$pid"
      rm -f "$PID_FILE"
    elif [[ -n "$running_port" && "$running_port" != "$PORT" ]]; then
      die "a server from $NEO4J_HOME_DIR is already running on port $running_port (pid $pid), not $PORT; stop it first"
    else
      log "reusing the running server (pid $pid) from $NEO4J_HOME_DIR"
      wait_for_bolt "$pid" "$START_TIMEOUT" || start_failed "$pid" "the running server (pid $pid) does not answer on Bolt"
      echo "NEO4J_SERVER=reused"
      echo "NEO4J_URI=bolt://127.0.0.1:$PORT"
      return 0
    fi
  fi

  if [[ "$FRESH" == 1 ]]; then
    log "--fresh: wiping $DATA_DIR"
    rm -rf "$DATA_DIR"
  fi
  if port_in_use "$PORT"; then
    die "port $PORT is already in use by another process; pick another with --port or ATHAR_NEO4J_PORT"
  fi

  write_conf
  : >"$CONSOLE_LOG"
  log "starting Neo4j $(neo4j_version) on bolt://127.0.0.1:$PORT (home $NEO4J_HOME_DIR)"
  local detach=()
  command -v setsid >/dev/null 2>&1 && detach=(setsid)
  rm -f "$PID_FILE"
  # The child writes its own pid before exec'ing java, so the pid file holds the
  # java pid even if setsid has to fork. Its own session keeps terminal signals
  # (Ctrl-C in a test run) away from it; stdout/stderr go to a file so callers
  # capturing our stdout are not held open by it.
  nohup ${detach[@]+"${detach[@]}"} bash -c 'echo "$$" >"$0"; exec "$@"' "$PID_FILE" \
    java "${JAVA_FLAGS[@]}" -cp "$LIB_DIR/*" org.neo4j.server.CommunityEntryPoint \
    --home-dir="$NEO4J_HOME_DIR" --config-dir="$CONF_DIR" \
    </dev/null >>"$CONSOLE_LOG" 2>&1 9>&- &

  local i
  for i in $(seq 1 100); do
    [[ -s "$PID_FILE" ]] && break
    sleep 0.1
  done
  pid="$(tr -d '[:space:]' <"$PID_FILE" 2>/dev/null || true)"
  [[ -n "$pid" ]] || start_failed "" "java did not start (no pid written to $PID_FILE)"

  wait_for_bolt "$pid" "$START_TIMEOUT" || start_failed "$pid" "Neo4j did not come up on bolt://127.0.0.1:$PORT"
  echo "NEO4J_SERVER=started"
  echo "NEO4J_URI=bolt://127.0.0.1:$PORT"
}

cmd_stop() {
  parse_args "$@"
  local pid
  if pid="$(running_pid)"; then
    log "stopping Neo4j (pid $pid)"
    kill_server "$pid"
    is_our_server "$pid" && die "pid $pid survived KILL"
    log "stopped"
  else
    log "not running ($NEO4J_HOME_DIR)"
  fi
  rm -f "$PID_FILE"
}

cmd_status() {
  parse_args "$@"
  local pid port
  if pid="$(running_pid)"; then
    port="$(conf_port)"
    PORT="${port:-$PORT}"
    if command -v node >/dev/null 2>&1 && wait_for_bolt "$pid" 3 2>/dev/null; then
      echo "running: pid $pid, bolt://127.0.0.1:$PORT, home $NEO4J_HOME_DIR"
      return 0
    fi
    echo "running but not answering on Bolt: pid $pid, port $PORT, home $NEO4J_HOME_DIR"
    return 1
  fi
  echo "not running (home $NEO4J_HOME_DIR)"
  return 3
}

main() {
  [[ $# -ge 1 ]] || usage
  local cmd="$1"
  shift
  case "$cmd" in
    fetch) cmd_fetch ;;
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    status) cmd_status "$@" ;;
    -h | --help | help) usage ;;
    *)
      log "unknown command: $cmd"
      usage
      ;;
  esac
}

main "$@"
