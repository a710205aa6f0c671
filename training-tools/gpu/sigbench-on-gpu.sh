#!/usr/bin/env bash
# Runs ON THE GPU MACHINE (its 16 CPU cores; the GPU is not used), from the project root: the
# signaling cluster bench of issue 19 (`./dejavu signaling-bench --nodes N`, ADR 0306): N nodes,
# the bench's clients and the Redis client in one JVM, a private redis-server beside it.
#
#   bash .gpu-sigbench/sigbench-on-gpu.sh SIG_DIR OUT_DIR [SIGNALING_BENCH_OPTIONS...]
#
# Default options: --nodes 4 --clients 20000 --json. SIG_DIR comes from prepare-sigbench-stage.sh
# and holds everything it needs (its own Java runtime, the jars, redis-server and the libraries it
# links): it relies on nothing staged before, so it also runs on a fresh machine. Each run writes
# OUT_DIR/sigbench-K.txt (the table, or with --json only the JSON line, as it goes), .json (the last
# line), .log (stderr) and sigbench-env.txt (machine, limits, wall time); K counts up, so two runs in
# one device call (e.g. then with --kill-one) keep both.
#
# File descriptors: every client is a socket on each side of loopback (20,000 clients: 40,000
# sockets, plus Redis connections and the jars), so the soft limit is raised to the hard one (and
# the hard one to 1,048,576 where the machine lets us); the run stops early with a message when
# the limit stays under 2 x clients + 4,096. HotSpot raises its own soft limit to the hard one too,
# and redis-server inherits it.
#
# Local test: SIGBENCH_KEEP_LIBS=1 puts every library brought on redis-server's path even where this
# machine has it, so that the brought set is what runs.
set -euo pipefail
sig=${1:?usage: sigbench-on-gpu.sh SIG_DIR OUT_DIR [SIGNALING_BENCH_OPTIONS...]}
out=${2:?usage: sigbench-on-gpu.sh SIG_DIR OUT_DIR [SIGNALING_BENCH_OPTIONS...]}
shift 2
(($# > 0)) || set -- --nodes 4 --clients 20000 --json
sig=$(cd "$sig" && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
top=${SIGBENCH_TOP:-/tmp/gpu-sigbench}
mkdir -p "$top"
for f in jre.tar.xz redis/redis-server redis/so.tar.xz; do
  [[ -f $sig/$f ]] || { echo "sigbench-on-gpu: $sig/$f missing (prepare-sigbench-stage.sh)" >&2; exit 1; }
done
ls "$sig"/lib/cli-*.jar >/dev/null 2>&1 || { echo "sigbench-on-gpu: no cli jar in $sig/lib" >&2; exit 1; }

[[ -x $top/jre/bin/java ]] || xz -dc "$sig/jre.tar.xz" | tar x -C "$top"
"$top/jre/bin/java" --list-modules | grep -q '^jdk.crypto.ec' ||
  { echo "sigbench-on-gpu: $top/jre lacks jdk.crypto.ec (Ed25519): rebuild it with make-jre.sh" >&2; exit 1; }

# redis-server: the Debian binary behind a wrapper that puts the libraries this machine lacks on its
# library path (not on the JVM's).
rm -rf "$top/redis" && mkdir -p "$top/redis/bin" "$top/redis/real"
cp "$sig/redis/redis-server" "$top/redis/real/redis-server" && chmod +x "$top/redis/real/redis-server"
tar xJf "$sig/redis/so.tar.xz" -C "$top/redis"
if [[ ${SIGBENCH_KEEP_LIBS:-0} != 1 ]]; then
  for f in "$top"/redis/so/*; do
    ldconfig -p | awk '{print $1}' | grep -qx "$(basename "$f")" && rm -f "$f"
  done
fi
cat >"$top/redis/bin/redis-server" <<EOF
#!/bin/sh
LD_LIBRARY_PATH=$top/redis/so\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH} exec $top/redis/real/redis-server "\$@"
EOF
chmod +x "$top/redis/bin/redis-server"
export PATH=$top/redis/bin:$PATH
if ! redis_version=$(redis-server --version 2>&1); then
  echo "sigbench-on-gpu: redis-server does not start here: $redis_version" >&2
  LD_LIBRARY_PATH=$top/redis/so ldd "$top/redis/real/redis-server" >&2 || true
  exit 1
fi

clients=20000
for ((i = 1; i <= $#; i++)); do
  [[ ${!i} == --clients ]] && { j=$((i + 1)); clients=${!j}; }
  [[ ${!i} == --clients=* ]] && clients=${!i#--clients=}
done
need=$((2 * clients + 4096))
ulimit -Hn 1048576 2>/dev/null || true
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
fds=$(ulimit -n)
if [[ $fds != unlimited ]] && ((fds < need)); then
  echo "sigbench-on-gpu: open files limit $fds (hard $(ulimit -Hn)) is under the $need that $clients clients" \
    "need; at most $(((fds - 4096) / 2 / 1000 * 1000)) fit here: rerun with that --clients" >&2
  exit 1
fi

k=1
while [[ -e $out/sigbench-$k.txt ]]; do k=$((k + 1)); done
{
  echo "sigbench-on-gpu run $k $(date -u +%FT%TZ) on $(hostname): $(nproc) cores," \
    "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/ {print $2}') GiB"
  echo "$(. /etc/os-release && echo "$PRETTY_NAME"), $("$top/jre/bin/java" -version 2>&1 | head -1), $redis_version"
  echo "redis-server libraries brought and used: $(ls "$top/redis/so" | tr '\n' ' ')"
  echo "open files: soft $fds, hard $(ulimit -Hn); ephemeral ports $(cat /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null | tr '\t' '-');" \
    "somaxconn $(cat /proc/sys/net/core/somaxconn 2>/dev/null); load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "command: signaling-bench $*"
} | tee -a "$out/sigbench-env.txt" >&2

start=$(date +%s)
status=0
"$top/jre/bin/java" ${SIGBENCH_JAVA_OPTS:-} -cp "$sig/lib/*" io.dejavu.cli.signaling.SignalingCli \
  signaling-bench "$@" 2> >(tee "$out/sigbench-$k.log" >&2) | tee "$out/sigbench-$k.txt" || status=$?
wait
tail -n 1 "$out/sigbench-$k.txt" | grep '^{' >"$out/sigbench-$k.json" || rm -f "$out/sigbench-$k.json"
echo "run $k wall: $(($(date +%s) - start)) s, exit $status" | tee -a "$out/sigbench-env.txt" >&2
exit "$status"
