#!/usr/bin/env bash
# Runs HERE, from the project root, after `mvn -pl cli -am package -DskipTests`: packs
# what the GPU machine needs to run training-tools there (it has no Java):
#   jre.tar.xz   a jlink Java runtime (make-jre.sh, about 17 MB; kept if DIR has one: delete it to
#                get jdk.crypto.ec, which `demo learn` and `signaling-bench` need)
#   app.tar      training-tools' classes, the training commands (cli module), picocli and Logback, and
#                training-tools' dependency jars, without the natives the GPU
#                machine does not use (PyTorch CPU, FFmpeg, ONNX Runtime, SQLite: about 12 MB);
#                FULL=1 keeps FFmpeg's Linux natives and ONNX Runtime's linux-x64 ones, which the
#                train and train-generic commands need (about 45 MB more: send it in its own call)
#   the scripts the GPU machine runs: build-djl-jni.sh and gpu-java.sh
#
#   training-tools/gpu/prepare-stage.sh [DIR]     (default .gpu-stage-djl; keep DIR git-ignored)
set -euo pipefail
dir=${1:-.gpu-stage-djl}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
mkdir -p "$dir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [[ ! -f $dir/jre.tar.xz ]]; then
  echo "Java runtime (jlink)"
  "$here/make-jre.sh" "$dir/jre.tar.xz"
fi

echo "training-tools classes and jars"
mkdir -p "$work/app/lib"
cp -r "$root/training-tools/target/classes" "$work/app/classes"
# The commands (io.dejavu.cli.training) live in the cli module; only the ones named are loaded.
cp -r "$root/cli/target/classes/." "$work/app/classes/"
# The call-recorded pair maker (--pairs call) lives in call-learning (ADR 0701).
cp -r "$root/call-learning/target/classes/." "$work/app/classes/"
tr ":" "\n" <"$root/cli/target/runtime-classpath.txt" | grep -E '/(picocli|logback-classic|logback-core)-[^/]*\.jar$' | xargs -r -I{} cp {} "$work/app/lib/"
(cat "$root/training-tools/target/runtime-classpath.txt"; echo) | tr ":" "\n" | while read -r jar; do
  [[ -n $jar ]] || continue
  name=$(basename "$jar")
  case $name in
    pytorch-native-cpu-*|pytorch-jni-*|sqlite-jdbc-*) continue ;;
    ffmpeg-*-linux-x86_64.jar|javacpp-*-linux-x86_64.jar) [[ ${FULL:-0} == 1 ]] || continue ;;
  esac
  cp "$jar" "$work/app/lib/"
done
for jar in "$work"/app/lib/onnxruntime-*.jar; do
  [[ -f $jar ]] || continue
  if [[ ${FULL:-0} == 1 ]]; then
    zip -q -d "$jar" 'ai/onnxruntime/native/linux-aarch64/*' 'ai/onnxruntime/native/osx*' 'ai/onnxruntime/native/win*' || true
  else
    zip -q -d "$jar" 'ai/onnxruntime/native/*' || true
  fi
done
tar cf "$dir/app.tar" -C "$work" app
cp "$here/build-djl-jni.sh" "$here/gpu-java.sh" "$dir/"
ls -la "$dir"
