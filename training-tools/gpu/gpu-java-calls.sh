#!/usr/bin/env bash
# Runs ON THE GPU MACHINE: gpu-java.sh with the call engine beside the training app, so that
# train, train-generic, evaluate and calibrate can record pairs through real libwebrtc loopback
# calls there (--pairs call, main class io.dejavu.cli.app.AdminCli).
#
#   bash gpu-java-calls.sh STAGE_DIR CALLS_DIR [JAVA_ARGS...]
#
# STAGE_DIR as for gpu-java.sh (its app.tar from `FULL=1 prepare-stage.sh`); CALLS_DIR from
# prepare-call-stage.sh. The app is unpacked once (app.tar is renamed app.tar.unpacked so that
# gpu-java.sh leaves it be), the call jars join its lib/, and of the shared libraries brought only
# those this machine lacks go on LD_LIBRARY_PATH. Run it in the foreground: a device call stops the
# processes it started when it ends.
set -euo pipefail
stage=${1:?usage: gpu-java-calls.sh STAGE_DIR CALLS_DIR [JAVA_ARGS...]}
calls=${2:?usage: gpu-java-calls.sh STAGE_DIR CALLS_DIR [JAVA_ARGS...]}
shift 2
top=/tmp/gpu-djl
mkdir -p "$top"
if [[ -f $stage/app.tar ]]; then
  rm -rf "$top/app" && tar xf "$stage/app.tar" -C "$top" && mv "$stage/app.tar" "$stage/app.tar.unpacked"
fi
cp "$calls"/lib/*.jar "$top/app/lib/"
rm -rf "$top/so" && mkdir -p "$top/so" && tar xJf "$calls/so.tar.xz" -C "$top/so"
for f in "$top"/so/so/*; do
  ldconfig -p | awk '{print $1}' | grep -qx "$(basename "$f")" && rm -f "$f"
done
echo "gpu-java-calls: libraries brought: $(ls "$top/so/so" | tr '\n' ' ')" >&2
export LD_LIBRARY_PATH=$top/so/so${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
exec bash "$stage/gpu-java.sh" "$stage" "$@"
