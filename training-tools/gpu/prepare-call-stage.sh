#!/usr/bin/env bash
# Runs HERE, from the project root, after `mvn -pl cli -am package -DskipTests` and with Debian's
# libpulse0 installed: packs what the GPU machine needs, beside prepare-stage.sh's FULL=1 app.tar,
# to record training pairs through real libwebrtc loopback calls there (--pairs call):
#   lib/          the call engine and webrtc-java with its linux-x86_64 natives (about 9 MB)
#   so.tar.xz     the shared libraries libwebrtc-java and libpulse load, from this machine (about
#                 3 MB); on the GPU machine only the ones it lacks are put on LD_LIBRARY_PATH
#                 (the GPU machine runs Ubuntu 24.04, glibc 2.39; these come from Debian 12, glibc 2.36)
#
#   training-tools/gpu/prepare-call-stage.sh [DIR]     (default .gpu-calls; keep DIR git-ignored)
set -euo pipefail
dir=${1:-.gpu-calls}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf "$dir" && mkdir -p "$dir/lib" "$work/so"
tr ":" "\n" <"$root/cli/target/runtime-classpath.txt" | grep -E '/(webrtc-java-[^/]*|call-engine-[^/]*)\.jar$' \
  | xargs -I{} cp {} "$dir/lib/"
native=$(ls "$dir"/lib/webrtc-java-*-linux-x86_64.jar)
unzip -q -o "$native" '*.so' -d "$work/native"
pulse=$(ldconfig -p | awk '$1 == "libpulse.so.0" {print $NF; exit}')
[[ -n $pulse ]] || { echo "prepare-call-stage: libpulse.so.0 not found; apt-get install -y libpulse0" >&2; exit 1; }
# Every library the natives and libpulse pull in, but the C library itself (the GPU machine's is newer).
{ ldd "$work"/native/*.so; ldd "$pulse"; ldd "$(ldd "$pulse" | awk '/libpulsecommon/ {print $3}')"; } \
  | awk '$3 ~ /^\// {print $3}' | sort -u | grep -Ev '/(libc|libm|ld-linux[^/]*)\.so' \
  | xargs -I{} cp -L {} "$work/so/"
tar cf - -C "$work" so | xz -T0 -6 >"$dir/so.tar.xz"
ls -la "$dir" "$dir/lib"
