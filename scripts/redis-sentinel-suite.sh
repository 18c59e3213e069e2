#!/usr/bin/env bash
# Runs the Sentinel test suite of a Redis or Valkey source checkout (tests/sentinel of Redis 7.0.x, 7.2.x or
# Valkey 8.0.x) against a real sentinel (the checkout's own build, the redis-sentinel on PATH, any executable)
# or against redis-ha-lab's embedded Sentinel engine. See docs/REDIS-SENTINEL-SUITE.md.
#
# The checkout is only read: tests/ is copied into a temp work dir, whose src/ gets the data-node server and
# cli under the names the checkout's harness execs (src/redis-server or src/valkey-server, ...) and the
# sentinel (a symlink, or a wrapper that execs the engine). Each unit runs in its own harness process by
# default (`run.tcl --single <unit>`), so one broken unit cannot take the following ones down with it, and
# each gets a pass/fail and a time of its own.
#
# "[ test ] && [ test ] || die ...": die exits, so this is an if-then-else on purpose.
# shellcheck disable=SC2015
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bash scripts/redis-sentinel-suite.sh <redis-or-valkey-checkout> [options]

  The checkout: a Redis 7.0.x / 7.2.x or Valkey 8.0.x source tree (built or not); its kind and version
  come from src/version.h.

  --sentinel redis|checkout|engine|<path>
                                  what the harness runs as src/redis-sentinel (Valkey: src/valkey-sentinel);
                                  default: redis
                                    redis     the redis-sentinel on PATH (Debian: /usr/bin/redis-sentinel)
                                    checkout  the checkout's own build (src/redis-sentinel, src/valkey-sentinel)
                                    engine    node <this repo>/bin/redis-ha-lab.js sentinel --compat <profile> <conf>
                                    <path>    any executable that takes a sentinel.conf path
  --server <path>                 the data nodes' server binary (default: $REDIS_SERVER_BIN, else the
                                  checkout's built src/*-server, else redis-server/valkey-server on PATH)
  --cli <path>                    the cli (default: $REDIS_CLI_BIN, else the checkout's src/*-cli, else PATH)
  --compat <profile>              the engine's --compat profile (redis-7.0, redis-7.2, valkey-8); default
                                  from the checkout: Redis 7.0.x redis-7.0, 7.2.x redis-7.2, Valkey 8.x
                                  valkey-8; not added if an --engine-arg already says --compat
  --only <glob>                   only the units whose file name matches, with or without .tcl; no
                                  wildcard means a prefix (07, 00-base, '0[0-3]*', '*acl*'); repeat or
                                  comma-separate for several
  --results <file>                also write one "unit<TAB>pass|fail<TAB>seconds" line per unit
  --keep                          keep the work dir: harness logs and every unit's instance dirs
                                  (sentinel_N/, redis_N/ or valkey_N/ with log.txt, err.txt, the confs)
  --one-run                       one harness process for all selected units, like upstream's
                                  ./runtest-sentinel (units then share the instances and their state)
  --timeout <seconds>             limit per unit (with --one-run: for the whole run); default 600
  --setmaster-addr <ip:port>      where the include conf's dummy "setmaster" points (default
                                  127.0.0.1:29999; upstream has 10.0.0.1:30000, see the docs)
  --engine-arg <arg>              one more argument for the engine, after "sentinel" (repeatable), e.g.
                                  --engine-arg --timing --engine-arg redis
  --verbose                       stream the harness output while it runs
  -h, --help                      this text

Environment: REDIS_SERVER_BIN, REDIS_CLI_BIN (used when --server/--cli are not given), REDIS_SENTINEL_BIN
(for --sentinel redis), NODE_BIN.
Exit status: 0 if every selected unit passed, 1 if any failed, 2 for usage or setup errors.
EOF
}

die() { echo "redis-sentinel-suite: $*" >&2; exit 2; }
note() { echo "redis-sentinel-suite: $*" >&2; }

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# ---------------------------------------------------------------- options
checkout=""
sentinel_kind="redis"
server_opt=""
cli_opt=""
compat_opt=""
only=()
results_file=""
keep=0
one_run=0
unit_timeout=600
setmaster_addr="127.0.0.1:29999"
verbose=0
engine_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --sentinel) [ $# -ge 2 ] || die "--sentinel needs a value"; sentinel_kind="$2"; shift 2 ;;
    --sentinel=*) sentinel_kind="${1#*=}"; shift ;;
    --server) [ $# -ge 2 ] || die "--server needs a path"; server_opt="$2"; shift 2 ;;
    --server=*) server_opt="${1#*=}"; shift ;;
    --cli) [ $# -ge 2 ] || die "--cli needs a path"; cli_opt="$2"; shift 2 ;;
    --cli=*) cli_opt="${1#*=}"; shift ;;
    --compat) [ $# -ge 2 ] || die "--compat needs a profile"; compat_opt="$2"; shift 2 ;;
    --compat=*) compat_opt="${1#*=}"; shift ;;
    --only) [ $# -ge 2 ] || die "--only needs a glob"; IFS=, read -r -a g <<<"$2"; only+=("${g[@]}"); shift 2 ;;
    --only=*) IFS=, read -r -a g <<<"${1#*=}"; only+=("${g[@]}"); shift ;;
    --results) [ $# -ge 2 ] || die "--results needs a file"; results_file="$2"; shift 2 ;;
    --results=*) results_file="${1#*=}"; shift ;;
    --keep) keep=1; shift ;;
    --one-run) one_run=1; shift ;;
    --timeout) [ $# -ge 2 ] || die "--timeout needs seconds"; unit_timeout="$2"; shift 2 ;;
    --timeout=*) unit_timeout="${1#*=}"; shift ;;
    --setmaster-addr) [ $# -ge 2 ] || die "--setmaster-addr needs ip:port"; setmaster_addr="$2"; shift 2 ;;
    --setmaster-addr=*) setmaster_addr="${1#*=}"; shift ;;
    --engine-arg) [ $# -ge 2 ] || die "--engine-arg needs a value"; engine_args+=("$2"); shift 2 ;;
    --engine-arg=*) engine_args+=("${1#*=}"); shift ;;
    --verbose) verbose=1; shift ;;
    -*) usage >&2; die "unknown option $1" ;;
    *) [ -z "$checkout" ] || die "only one checkout path, got '$checkout' and '$1'"; checkout="$1"; shift ;;
  esac
done
[ -n "$checkout" ] || { usage >&2; exit 2; }
[[ "$unit_timeout" =~ ^[0-9]+$ ]] && [ "$unit_timeout" -gt 0 ] || die "--timeout wants a positive number of seconds"
[[ "$setmaster_addr" =~ ^([0-9.]+):([0-9]+)$ ]] || die "--setmaster-addr wants ip:port, got '$setmaster_addr'"
setmaster_ip="${BASH_REMATCH[1]}"
setmaster_port="${BASH_REMATCH[2]}"
[ -n "$sentinel_kind" ] || die "--sentinel wants redis, checkout, engine or an executable path"
if [ -n "$results_file" ]; then
  # Resolved now: the script never changes directory, but make the path independent of that anyway.
  case "$results_file" in /*) ;; *) results_file="$PWD/$results_file" ;; esac
fi

# ---------------------------------------------------------------- the checkout
checkout="$(cd "$checkout" 2>/dev/null && pwd)" || die "no such directory: $checkout"
[ -f "$checkout/tests/sentinel/run.tcl" ] && [ -f "$checkout/tests/instances.tcl" ] ||
  die "$checkout does not look like a Redis or Valkey source checkout (no tests/sentinel/run.tcl or tests/instances.tcl)"
# Valkey's version.h also defines REDIS_VERSION (7.2.4, the Redis release it forked from), so look for
# VALKEY_VERSION first.
checkout_version="$(sed -nE 's/^#define VALKEY_VERSION "([^"]+)".*/\1/p' "$checkout/src/version.h" 2>/dev/null || true)"
if [ -n "$checkout_version" ]; then
  checkout_kind=valkey
else
  checkout_kind=redis
  checkout_version="$(sed -nE 's/^#define REDIS_VERSION "([^"]+)".*/\1/p' "$checkout/src/version.h" 2>/dev/null || true)"
fi
# The names the harness execs from tests/sentinel/tmp: ../../../src/<prog>-server, <prog>-sentinel (Valkey's
# tests/instances.tcl: valkey-server, valkey-sentinel; Redis's: redis-server, redis-sentinel). Trust the
# harness over version.h.
if grep -q 'valkey-sentinel' "$checkout/tests/instances.tcl"; then prog=valkey; else prog=redis; fi
if [ "$prog" != "$checkout_kind" ]; then
  note "warning: src/version.h says ${checkout_kind}, but tests/instances.tcl runs src/$prog-sentinel; following the harness"
  checkout_kind="$prog"
fi
checkout_label="$([ "$checkout_kind" = valkey ] && echo Valkey || echo Redis) ${checkout_version:-(unknown version)}"
case "$checkout_kind/$checkout_version" in
  redis/7.0.*) default_compat=redis-7.0 ;;
  redis/7.2.*) default_compat=redis-7.2 ;;
  valkey/8.*) default_compat=valkey-8 ;;
  *)
    default_compat=""
    note "warning: the checkout is $checkout_label; this script was tried with Redis 7.0.15, 7.2.6 and Valkey 8.0.1"
    ;;
esac

mapfile -t all_units < <(cd "$checkout/tests/sentinel/tests" && LC_ALL=C ls -1 -- *.tcl)
[ ${#all_units[@]} -gt 0 ] || die "no units in $checkout/tests/sentinel/tests"
units=()
for u in "${all_units[@]}"; do
  if [ ${#only[@]} -eq 0 ]; then units+=("$u"); continue; fi
  for g in "${only[@]}"; do
    case "$g" in *[*?[]*) ;; *) g="$g*" ;; esac # no wildcard: a prefix ("07" is 07-down-conditions.tcl)
    # shellcheck disable=SC2053 # $g is a glob on purpose
    if [[ "$u" == $g || "${u%.tcl}" == $g ]]; then units+=("$u"); break; fi
  done
done
[ ${#units[@]} -gt 0 ] || die "--only ${only[*]} matches none of: ${all_units[*]}"
unit_width=26
for u in "${units[@]}"; do [ ${#u} -lt "$unit_width" ] || unit_width=$((${#u} + 1)); done

# ---------------------------------------------------------------- binaries
command -v tclsh >/dev/null 2>&1 || die "needs tclsh 8.5+ (Debian: apt-get install -y tcl)"
tcl_version="$(echo 'puts [info tclversion]' | tclsh)"
awk -v v="$tcl_version" 'BEGIN { exit !(v >= 8.5) }' || die "needs tclsh 8.5+, found $tcl_version"

abs_path() { case "$1" in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }

# pick_binary <what> <option value> <env var name> <name>: the option, else the env var, else the checkout's
# own build src/<prog>-<name>, else <prog>-<name> on PATH, else redis-<name> on PATH. Prints "path<TAB>origin".
pick_binary() {
  local what="$1" opt="$2" env="$3" name="$4" p
  if [ -n "$opt" ]; then p="$(abs_path "$opt")"; printf '%s\t%s\n' "$p" "--$what"
  elif [ -n "${!env:-}" ]; then p="$(abs_path "${!env}")"; printf '%s\t%s\n' "$p" "\$$env"
  elif [ -f "$checkout/src/$prog-$name" ] && [ -x "$checkout/src/$prog-$name" ]; then
    printf '%s\t%s\n' "$checkout/src/$prog-$name" "the checkout's build"
  elif p="$(command -v "$prog-$name")"; then printf '%s\t%s\n' "$p" "PATH"
  elif p="$(command -v "redis-$name")"; then printf '%s\t%s\n' "$p" "PATH"
  else printf '\t\n'
  fi
}

# The version from "<binary> --version" ("Redis server v=7.2.6 ...", "Valkey server v=8.0.1 ...",
# "redis-cli 7.0.15", "valkey-cli 8.0.1"): "<Product> <version>", or "?" if it says nothing we know.
binary_version() {
  local out
  out="$(timeout 5 "$1" --version </dev/null 2>/dev/null | head -n 1)" || true
  case "$out" in
    "Redis server v="*|"Valkey server v="*) echo "${out%% *} $(sed -nE 's/.* v=([^ ]+).*/\1/p' <<<"$out")" ;;
    redis-cli\ *) echo "Redis $(cut -d' ' -f2 <<<"$out")" ;;
    valkey-cli\ *) echo "Valkey $(cut -d' ' -f2 <<<"$out")" ;;
    *) echo "?" ;;
  esac
}

IFS=$'\t' read -r server_bin server_origin < <(pick_binary server "$server_opt" REDIS_SERVER_BIN server)
IFS=$'\t' read -r cli_bin cli_origin < <(pick_binary cli "$cli_opt" REDIS_CLI_BIN cli)
[ -n "$server_bin" ] && [ -f "$server_bin" ] && [ -x "$server_bin" ] ||
  die "no data-node server: ${server_bin:+$server_bin ($server_origin) is not an executable; }give --server <path>, build the checkout (make), or install redis-server (Debian: apt-get install -y redis-server)"
[ -n "$cli_bin" ] && [ -f "$cli_bin" ] && [ -x "$cli_bin" ] ||
  die "no cli: ${cli_bin:+$cli_bin ($cli_origin) is not an executable; }give --cli <path>, build the checkout (make), or install redis-cli (Debian: apt-get install -y redis-tools)"
server_version="$(binary_version "$server_bin")"
cli_version="$(binary_version "$cli_bin")"
[ "$server_version" != "?" ] || die "$server_bin --version does not say 'Redis server v=...' or 'Valkey server v=...'"
# A suite is written against its own release's servers (e.g. 7.2's unit 12 sets key-load-delay and
# loading-process-events-interval-bytes, Valkey's units use Valkey-only configs): say so when they differ.
case "$checkout_kind/$checkout_version" in
  redis/*) want_server="Redis ${checkout_version%.*}." ;;
  valkey/*) want_server="Valkey ${checkout_version%.*}." ;;
esac
case "$server_version" in
  "$want_server"*) ;;
  *) [ -z "$checkout_version" ] || note "warning: the data nodes run $server_version ($server_bin); the $checkout_label suite is written for ${want_server}x servers" ;;
esac

engine_has_compat=0
for a in "${engine_args[@]}"; do
  case "$a" in --compat|--compat=*) engine_has_compat=1 ;; esac
done
compat=""
case "$sentinel_kind" in
  redis|checkout)
    if [ "$sentinel_kind" = redis ]; then
      sentinel_bin="${REDIS_SENTINEL_BIN:-$(command -v redis-sentinel || true)}"
      [ -n "$sentinel_bin" ] && [ -x "$sentinel_bin" ] || die "needs redis-sentinel (Debian: apt-get install -y redis-sentinel)"
    else
      sentinel_bin="$checkout/src/$prog-sentinel"
      [ -f "$sentinel_bin" ] && [ -x "$sentinel_bin" ] ||
        die "--sentinel checkout: no $sentinel_bin; build the checkout first (make -C $checkout)"
    fi
    sentinel_bin="$(abs_path "$sentinel_bin")"
    sentinel_desc="$sentinel_kind ($sentinel_bin, $(binary_version "$sentinel_bin"))"
    ;;
  engine)
    node_bin="${NODE_BIN:-$(command -v node || true)}"
    [ -n "$node_bin" ] && [ -x "$node_bin" ] || die "--sentinel engine needs node on PATH"
    [ -f "$repo/bin/redis-ha-lab.js" ] || die "no $repo/bin/redis-ha-lab.js"
    [ -f "$repo/dist/src/cli/main.js" ] || die "the engine is not built ($repo/dist/src/cli/main.js missing): run 'npm run build' in $repo"
    if [ "$engine_has_compat" = 1 ]; then
      [ -z "$compat_opt" ] || die "--compat $compat_opt and an --engine-arg --compat: give one of them"
    else
      compat="${compat_opt:-$default_compat}"
      if [ -n "$compat" ]; then
        engine_args=(--compat "$compat" "${engine_args[@]}")
      else
        note "warning: no compat profile for $checkout_label; the engine runs with its default (give --compat)"
      fi
    fi
    sentinel_desc="engine ($node_bin $repo/bin/redis-ha-lab.js sentinel${engine_args[*]:+ ${engine_args[*]}}, node $("$node_bin" --version), redis-ha-lab $(sed -nE 's/^  "version": "([^"]+)".*/\1/p' "$repo/package.json" | head -n 1))"
    ;;
  *)
    sentinel_bin="$(abs_path "$sentinel_kind")"
    [ -f "$sentinel_bin" ] && [ -x "$sentinel_bin" ] || die "--sentinel wants redis, checkout, engine or an executable path; got '$sentinel_kind'"
    sentinel_desc="custom ($sentinel_bin, $(binary_version "$sentinel_bin"))"
    ;;
esac
if [ -n "$compat_opt" ] && [ "$sentinel_kind" != engine ]; then note "warning: --compat is for --sentinel engine; ignored"; fi

# ---------------------------------------------------------------- one run at a time, ports free
preflight_port=29998
# The harness takes ports 20000-21023 (sentinels) and 30000-31023 (redis), and find_available_port also
# test-binds port+10000 (so 30000-31023 and 40000-41023). Unit 07 points a redis at 127.0.0.1:34567, which
# must have nobody listening. Two suites at once would hand each other's freed ports around.
exec 9>"${TMPDIR:-/tmp}/redis-sentinel-suite.lock"
flock -n 9 || die "another redis-sentinel-suite run holds ${TMPDIR:-/tmp}/redis-sentinel-suite.lock"
if command -v ss >/dev/null 2>&1; then
  busy="$(ss -Hltn 2>/dev/null | awk -v sm="$setmaster_port" -v pf="$preflight_port" '{
      n = split($4, a, ":"); p = a[n] + 0
      if ((p >= 20000 && p <= 21023) || (p >= 30000 && p <= 31023) || (p >= 40000 && p <= 41023) || p == 34567 || p == sm || p == pf)
        print $4
    }' | sort -u | tr '\n' ' ')"
  [ -z "$busy" ] || die "something already listens where the harness works (20000-21023, 30000-31023, 40000-41023, 34567, setmaster $setmaster_port, preflight $preflight_port): $busy"
else
  note "warning: no ss(8), cannot check that the harness ports are free"
fi

# ---------------------------------------------------------------- the work dir
work="$(mktemp -d "${TMPDIR:-/tmp}/redis-sentinel-suite.XXXXXX")"
harness_pid=""
reader_pid=""

# Our processes still alive (zombies excluded: PID 1 may take a while to reap the orphans): the harness's
# session, i.e. its process group (tclsh, the instances it exec'd, the scripts they run), plus any process
# whose working directory is inside the work dir (instances chdir to tests/sentinel/tmp/<type>_N).
our_processes() {
  local p pid stat state pgrp cwd
  for p in /proc/[0-9]*; do
    pid="${p#/proc/}"
    [ "$pid" = "$$" ] || [ "$pid" = "$BASHPID" ] && continue
    { read -r stat <"$p/stat"; } 2>/dev/null || continue
    read -r state _ pgrp _ <<<"${stat##*) }"
    [ "$state" = Z ] && continue
    if [ -n "$harness_pid" ] && [ "$pgrp" = "$harness_pid" ]; then echo "$pid"; continue; fi
    cwd="$(readlink "$p/cwd" 2>/dev/null)" || continue
    case "$cwd" in "$work"|"$work"/*) echo "$pid" ;; esac
  done
}

alive() { # <pid>: running, not a zombie (kill -0 also succeeds for an orphan that PID 1 has yet to reap)
  local st
  { read -r st <"/proc/$1/stat"; } 2>/dev/null || return 1
  st="${st##*) }"
  [ "${st%% *}" != Z ]
}

kill_leftovers() { # SIGTERM (and SIGCONT: unit 07 SIGSTOPs a redis), up to 5 s to exit, then SIGKILL
  local sig
  local -a pids
  for sig in TERM KILL; do
    mapfile -t pids < <(our_processes)
    [ ${#pids[@]} -gt 0 ] || return 0
    kill "-$sig" "${pids[@]}" 2>/dev/null || true
    kill -CONT "${pids[@]}" 2>/dev/null || true
    for _ in $(seq 1 50); do
      mapfile -t pids < <(our_processes)
      [ ${#pids[@]} -gt 0 ] || return 0
      sleep 0.1
    done
  done
}

on_exit() {
  local rc=$?
  trap - EXIT INT TERM
  kill_leftovers
  if [ -n "$reader_pid" ]; then kill "$reader_pid" 2>/dev/null || true; fi
  if [ "$keep" = 1 ]; then
    note "kept the work dir: $work"
  else
    rm -rf "$work"
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Only tests/ is needed (instances.tcl, support/, sentinel/); not the harness's own tmp dirs.
tar -C "$checkout" --exclude=tests/tmp --exclude=tests/sentinel/tmp --exclude=tests/cluster/tmp -cf - tests |
  tar -C "$work" -xf -
mkdir -p "$work/tests/sentinel/tmp" "$work/src" "$work/logs" "$work/units"

# run.tcl execs ../../../src/<prog>-server and <prog>-sentinel from tests/sentinel/tmp, i.e. $work/src
# (prog: redis, or valkey for a Valkey checkout). A redis-server/valkey-server binary decides to run as a
# sentinel from its argv[0]: Redis wants "redis-sentinel" in it, Valkey "valkey-sentinel" or
# "redis-sentinel". So the sentinel is a symlink when its name is the one the harness runs (argv[0] then
# ends in src/<prog>-sentinel), else a wrapper that execs it under its own name (a Valkey checkout with
# --sentinel redis: src/valkey-sentinel execs /usr/bin/redis-sentinel). exec, in every wrapper, so that the
# pid the harness holds (and SIGTERMs, SIGKILLs) is the sentinel's own.
ln -s "$server_bin" "$work/src/$prog-server"
ln -s "$cli_bin" "$work/src/$prog-cli"
case "$sentinel_kind" in
  engine)
    printf '#!/bin/sh\nexec %q %q sentinel%s "$@"\n' "$node_bin" "$repo/bin/redis-ha-lab.js" \
      "$(if [ ${#engine_args[@]} -gt 0 ]; then printf ' %q' "${engine_args[@]}"; fi)" >"$work/src/$prog-sentinel"
    chmod +x "$work/src/$prog-sentinel"
    ;;
  *)
    if [[ "$sentinel_kind" == redis || "$sentinel_kind" == checkout ]] &&
      [ "$(basename "$sentinel_bin")" = "$prog-sentinel" ]; then
      ln -s "$sentinel_bin" "$work/src/$prog-sentinel"
    else
      printf '#!/bin/sh\nexec %q "$@"\n' "$sentinel_bin" >"$work/src/$prog-sentinel"
      chmod +x "$work/src/$prog-sentinel"
    fi
    ;;
esac

# The include conf every sentinel starts from has a dummy "sentinel monitor setmaster 10.0.0.1 30000 2":
# a master that never answers. Keep it unreachable but on loopback: 127.0.0.1:30000 would be redis #0, the
# suite's real master, so the point is a port nobody listens on. The (start-init) test of 00-base compares
# this file line by line with the sentinel's FLUSHCONFIG rewrite, so patching it here keeps both sides equal.
conf="$work/tests/sentinel/tests/includes/sentinel.conf"
sed -i -E "s/^sentinel monitor setmaster 10\\.0\\.0\\.1 30000 /sentinel monitor setmaster $setmaster_ip $setmaster_port /" "$conf"
grep -q "^sentinel monitor setmaster $setmaster_ip $setmaster_port " "$conf" ||
  die "tests/sentinel/tests/includes/sentinel.conf has no 'sentinel monitor setmaster 10.0.0.1 30000' line to patch"
if grep -rnE '\b10\.[0-9]+\.[0-9]+\.[0-9]+\b' "$work/tests/sentinel" >/dev/null; then
  note "warning: non-loopback addresses left in tests/sentinel: $(grep -rnoE '\b10\.[0-9]+\.[0-9]+\.[0-9]+\b' "$work/tests/sentinel" | tr '\n' ' ')"
fi

# Tcl fully buffers stdout into a pipe; line buffering gives the log its real timing. Nothing else changes:
# this just sources run.tcl with the same argv.
cat >"$work/run-line-buffered.tcl" <<'TCL'
fconfigure stdout -buffering line
set argv0 tests/sentinel/run.tcl
source tests/sentinel/run.tcl
TCL

# ---------------------------------------------------------------- preflight
# The harness gives a starting instance 5 s to answer PING, then retries on another port, up to 100 times,
# before it gives up: a sentinel that cannot start costs many minutes and says little. So start it once
# here, as the harness will (relative conf path, "dir" and "logfile" relative to it), and stop it as the
# harness does (SIGTERM, then waiting for the port to close).
preflight() {
  local d="$work/preflight" pid up=0 exited=0
  local -a extra=()
  # Valkey's instances.tcl adds "enable-debug-assert yes" to every instance's config (a Valkey-only
  # directive: a Redis sentinel refuses to start on it).
  if grep -q '"enable-debug-assert yes"' "$work/tests/instances.tcl"; then extra+=("enable-debug-assert yes"); fi
  mkdir -p "$d/sentinel_p"
  {
    cat "$conf"
    printf '%s\n' "port $preflight_port" "repl-diskless-sync-delay 0" "dir ./sentinel_p" "logfile log.txt" \
      "${extra[@]}" "sentinel deny-scripts-reconfig no" "enable-protected-configs yes" "enable-debug-command yes"
  } >"$d/sentinel_p/sentinel.conf"
  pid="$(cd "$d" && { "../src/$prog-sentinel" sentinel_p/sentinel.conf </dev/null >>sentinel_p/stdout.txt 2>>sentinel_p/err.txt 9>&- & echo $!; })"
  for _ in $(seq 1 50); do
    if [ "$("$cli_bin" -p "$preflight_port" PING 2>/dev/null)" = PONG ]; then up=1; break; fi
    alive "$pid" || break
    sleep 0.1
  done
  if [ "$up" = 1 ]; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      alive "$pid" || { exited=1; break; }
      sleep 0.1
    done
  fi
  kill_leftovers
  if [ "$up" = 0 ]; then
    echo "the sentinel did not answer PING on port $preflight_port within 5 s (the harness's limit) of:" >&2
    echo "  (cd $d && ../src/$prog-sentinel sentinel_p/sentinel.conf)" >&2
    for f in err.txt stdout.txt log.txt; do
      if [ -s "$d/sentinel_p/$f" ]; then echo "--- $f:" >&2; tail -n 25 "$d/sentinel_p/$f" >&2; fi
    done
    die "preflight failed; not running the suite"
  fi
  [ "$exited" = 1 ] || note "warning: the sentinel did not exit within 10 s of SIGTERM; the harness waits 10 s, then sends SIGSEGV, then SIGKILL"
  if [ -s "$d/sentinel_p/err.txt" ]; then
    note "warning: the sentinel wrote to stderr; the harness fails the whole run if any instance's err.txt is not empty:"
    sed 's/^/    /' "$d/sentinel_p/err.txt" | head -n 10 >&2
  fi
  if [ -s "$d/sentinel_p/stdout.txt" ]; then
    note "warning: the sentinel wrote to stdout (it should log to its logfile); that output will be mixed into the harness's"
  fi
  rm -rf "$d"
}

# ---------------------------------------------------------------- running the harness
# run_harness <log> <run.tcl args...>: runs the harness in its own session (its pid is the process group of
# everything it starts), waits at most $unit_timeout s. Each log line gets "<epoch seconds> " in front.
# Sets harness_rc (124 on timeout) and harness_secs.
run_harness() {
  local log="$1" fifo="$work/logs/.fifo" start now
  shift
  rm -f "$fifo"
  mkfifo "$fifo"
  (
    while IFS= read -r line || [ -n "$line" ]; do
      printf '%s %s\n' "$EPOCHREALTIME" "$line"
      if [ "$verbose" = 1 ]; then
        printf '    | %s\n' "$line" >&2
      elif [ "$one_run" = 1 ] && [[ "$line" == "Testing unit: "* ]]; then
        printf '  %s\n' "$line" >&2
      fi
    done <"$fifo" >"$log"
  ) 9>&- &
  reader_pid=$!
  start="$EPOCHREALTIME"
  (cd "$work" && exec setsid env TERM=dumb tclsh run-line-buffered.tcl "$@") </dev/null >"$fifo" 2>&1 9>&- &
  harness_pid=$!
  harness_rc=""
  while kill -0 "$harness_pid" 2>/dev/null; do
    now="$EPOCHREALTIME"
    if awk -v a="$start" -v b="$now" -v t="$unit_timeout" 'BEGIN { exit !(b - a > t) }'; then
      printf '%s %s\n' "$EPOCHREALTIME" "redis-sentinel-suite: TIMEOUT after ${unit_timeout}s, killing the harness" >>"$work/logs/.timeouts"
      harness_rc=124
      kill -TERM -- "-$harness_pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  if [ -z "$harness_rc" ]; then
    wait "$harness_pid" && harness_rc=0 || harness_rc=$?
  else
    wait "$harness_pid" 2>/dev/null || true
  fi
  harness_secs="$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')"
  kill_leftovers # the instances hold the fifo open too; after this the reader sees EOF
  harness_pid=""
  wait "$reader_pid" 2>/dev/null || true
  reader_pid=""
  rm -f "$fifo"
}

# A short reason for a failed unit, from its (timestamped) harness log.
failure_reason() {
  local log="$1" rc="$2" line
  if [ "$rc" = 124 ]; then echo "timeout after ${unit_timeout}s"; return; fi
  line="$(cut -d' ' -f2- "$log" | grep -m1 -E 'WARNING: Aborting|FAILED|leaked fds' || true)"
  case "$line" in
    *"WARNING: Aborting"*) line="$(cut -d' ' -f2- "$log" | grep -m1 '^>>>>>>>> ' || echo "$line")" ;;
    "") line="no test failed, but the harness exited $rc: crash report in a log.txt or output in an err.txt (see the cleanup part of the log)" ;;
  esac
  printf '%s\n' "$line" | cut -c1-200
}

# The part of a failed unit's log worth reading: from the first failure on, and what cleanup printed.
failure_excerpt() {
  cut -d' ' -f2- "$1" | awk '
    /WARNING: Aborting|FAILED|leaked fds|Jumping to next unit/ && !shown { shown = 1; n = 0 }
    shown && n < 30 { print; n++ }
    /^Cleaning up\.\.\./ { cleanup = 1 }
    cleanup && !shown && !/^(Cleaning up|killing stale instance)/ && NF { print }
    { last[NR % 8] = $0 }
    END { if (!shown && !cleanup) for (i = NR - 7; i <= NR; i++) if (i > 0) print last[i % 8] } # where it hung
  ' | sed 's/^/    /'
}

declare -A result secs reason
keep_instance_dirs() { # <dest>: move the instance dirs of the last harness run out of its tmp dir
  local d
  mkdir -p "$1"
  for d in "$work"/tests/sentinel/tmp/*; do
    [ -e "$d" ] && mv "$d" "$1/"
  done
  return 0
}

echo "Sentinel suite of $checkout_label: $checkout"
echo "  sentinel:   $sentinel_desc"
echo "  data nodes: $server_bin ($server_version; $server_origin)"
echo "  cli:        $cli_bin ($cli_version; $cli_origin)"
echo "  work dir:   $work; units: ${#units[@]}"
total_start="$EPOCHREALTIME"
preflight

if [ "$one_run" = 0 ]; then
  for u in "${units[@]}"; do
    # With --verbose the harness output streams on stderr: the unit's line comes after it, whole.
    if [ "$verbose" = 1 ]; then echo "Running $u" >&2; else printf '%-*s ' "$unit_width" "$u"; fi
    log="$work/logs/${u%.tcl}.log"
    harness_args=(--single "$u")
    if [ "$keep" = 1 ]; then harness_args+=(--dont-clean); fi
    run_harness "$log" "${harness_args[@]}"
    if [ "$verbose" = 1 ]; then printf '%-*s ' "$unit_width" "$u"; fi
    secs[$u]="$harness_secs"
    if [ "$harness_rc" = 0 ] && cut -d' ' -f2- "$log" | grep -qx "Testing unit: $u" &&
      cut -d' ' -f2- "$log" | grep -q '^GOOD! No errors\.'; then
      result[$u]=pass
      printf 'pass %7s s\n' "${secs[$u]}"
    else
      result[$u]=fail
      reason[$u]="$(failure_reason "$log" "$harness_rc")"
      printf 'FAIL %7s s  %s\n' "${secs[$u]}" "${reason[$u]}"
      failure_excerpt "$log"
    fi
    if [ "$keep" = 1 ]; then keep_instance_dirs "$work/units/${u%.tcl}"; else rm -rf "$work"/tests/sentinel/tmp/*; fi
  done
else
  log="$work/logs/all.log"
  harness_args=()
  if [ ${#units[@]} -ne ${#all_units[@]} ]; then
    for u in "${units[@]}"; do harness_args+=(--single "$u"); done
  fi
  if [ "$keep" = 1 ]; then harness_args+=(--dont-clean); fi
  echo "one harness process for all units (--one-run); this takes a while"
  run_harness "$log" "${harness_args[@]}"
  # Split the log at "Testing unit:" lines; a unit fails if a failure marker shows up in its part.
  while IFS=$'\t' read -r u st s; do
    result[$u]="$st"
    secs[$u]="$s"
  done < <(awk '
    { ts = $1; text = substr($0, index($0, " ") + 1) }
    text ~ /^Testing unit: / {
      if (cur != "") dur[cur] = ts - t0
      cur = substr(text, 15); t0 = ts; seen[cur] = 1; bad[cur] = 0; next
    }
    text ~ /^Cleaning up\.\.\./ && cur != "" { dur[cur] = ts - t0; cur = "" }
    cur != "" && text ~ /WARNING: Aborting|FAILED|leaked fds|Jumping to next unit/ { bad[cur] = 1 }
    END {
      if (cur != "") dur[cur] = ts - t0
      for (u in seen) printf "%s\t%s\t%.1f\n", u, (bad[u] ? "fail" : "pass"), dur[u]
    }' "$log")
  for u in "${units[@]}"; do
    if [ -z "${result[$u]:-}" ]; then
      result[$u]=fail; secs[$u]=0.0; reason[$u]="not run (the harness stopped before it)"
    elif [ "${result[$u]}" = fail ]; then
      reason[$u]="$(cut -d' ' -f2- "$log" | awk -v u="$u" '
        $0 == "Testing unit: " u { on = 1; next } /^Testing unit: / { on = 0 }
        on && /WARNING: Aborting|FAILED|leaked fds/ { print; exit }' | cut -c1-200)"
    fi
    printf '%-*s %s %7s s%s\n' "$unit_width" "$u" "$([ "${result[$u]}" = pass ] && echo pass || echo FAIL)" "${secs[$u]}" "${reason[$u]:+  ${reason[$u]}}"
  done
  all_ok=1
  for u in "${units[@]}"; do [ "${result[$u]}" = pass ] || all_ok=0; done
  if [ "$harness_rc" != 0 ] && [ "$all_ok" = 1 ]; then
    # Every unit passed, yet the harness failed: at cleanup it found a crash report in a log.txt or any
    # output at all in an err.txt (an instance's stderr), or it timed out. Blame the run, not a unit.
    result["(harness)"]=fail
    secs["(harness)"]="$harness_secs"
    units+=("(harness)")
    printf '%-*s FAIL %7s s  %s\n' "$unit_width" "(harness)" "$harness_secs" "$(failure_reason "$log" "$harness_rc")"
  fi
  if [ "$harness_rc" != 0 ]; then failure_excerpt "$log"; fi
fi

# ---------------------------------------------------------------- summary
passed=0
failed=0
for u in "${units[@]}"; do
  if [ "${result[$u]}" = pass ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
total_secs="$(awk -v a="$total_start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')"
echo
printf '%-*s %-6s %8s\n' "$unit_width" unit result seconds
for u in "${units[@]}"; do printf '%-*s %-6s %8s\n' "$unit_width" "$u" "${result[$u]}" "${secs[$u]}"; done
echo "$passed passed, $failed failed, ${total_secs} s in all; sentinel: $sentinel_desc"

if [ -n "$results_file" ]; then
  : >"$results_file"
  for u in "${units[@]}"; do printf '%s\t%s\t%s\n' "$u" "${result[$u]}" "${secs[$u]}" >>"$results_file"; done
fi
[ "$failed" = 0 ]
