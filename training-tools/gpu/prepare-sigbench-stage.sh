#!/usr/bin/env bash
# Runs HERE (Debian 12, JDK 17), from the project root, after `mvn -pl cli -am package -DskipTests`:
# packs what `signaling-bench --nodes N` (issue 19, ADR 0306) needs on the GPU machine's 16 cores,
# which have no Java, no redis-server and no network. Nothing staged before is needed there:
#   jre.tar.xz     a Java runtime of make-jre.sh (with jdk.crypto.ec: Ed25519 for call tickets)
#   lib/           cli's jar and its runtime classpath, less the jars of natives the bench never
#                  loads (DJL, FFmpeg/JavaCV, ONNX Runtime, libwebrtc's natives, JavaFX's natives,
#                  JMH); SQLite JDBC with its linux-x86_64 native only (about 22 MB)
#   redis/         redis-server 7.0 from Debian 12's redis-tools package (apt-get download; the
#                  GPU machine runs Ubuntu 24.04 with a newer glibc, so Debian 12's binary runs) and
#                  so.tar.xz, the shared libraries it links, from this machine (there only those the
#                  machine lacks are used: liblzf and libjemalloc, most likely)
#   sigbench-on-gpu.sh   what runs there
#
#   training-tools/gpu/prepare-sigbench-stage.sh [DIR]     (default .gpu-sigbench; keep DIR git-ignored)
set -euo pipefail
dir=${1:-.gpu-sigbench}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cp_file=$root/cli/target/runtime-classpath.txt
[[ -f $cp_file && -f $root/cli/target/cli-0.1.0-SNAPSHOT.jar ]] ||
  { echo "prepare-sigbench-stage: build first: mvn -B -pl cli -am package -DskipTests" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf "$dir" && mkdir -p "$dir/lib" "$dir/redis"

cp "$root/cli/target/cli-0.1.0-SNAPSHOT.jar" "$dir/lib/"
tr ":" "\n" <"$cp_file" | while read -r jar || [[ -n $jar ]]; do
  [[ -n $jar ]] || continue
  case $(basename "$jar") in
    pytorch-native-*|pytorch-jni-*|ffmpeg-*-linux-*|javacpp-*-linux-*|onnxruntime-*) continue ;;
    webrtc-java-*-linux-*|javafx-*-linux.jar|jmh-*|jopt-simple-*) continue ;;
    # training and media only (DJL, JavaCV, Tribuo and what they pull in): keeps the carry small
    api-0.*|pytorch-engine-*|javacpp-*|javacv-*|ffmpeg-*|tribuo-*|protobuf-java-*|jna-*) continue ;;
    commons-math3-*|commons-compress-*) continue ;;
  esac
  cp "$jar" "$dir/lib/"
done
for jar in "$dir"/lib/sqlite-jdbc-*.jar; do
  unzip -Z1 "$jar" 'org/sqlite/native/*' | grep -v '/$' | grep -v '^org/sqlite/native/Linux/x86_64/' >"$work/drop" || true
  [[ -s $work/drop ]] && zip -q -d "$jar" -@ <"$work/drop"
done

(cd "$work" && apt-get download redis-tools >/dev/null 2>&1) ||
  { echo "prepare-sigbench-stage: apt-get download redis-tools failed (apt-get update?)" >&2; exit 1; }
dpkg-deb -x "$work"/redis-tools_*.deb "$work/deb"
cp "$work/deb/usr/bin/redis-check-rdb" "$dir/redis/redis-server" # the package's redis-server is a link to it
ls "$work"/redis-tools_*.deb | xargs -n1 basename >"$dir/redis/DEB"
mkdir -p "$work/so"
# Every library it pulls in, but the C library itself (the GPU machine's is newer).
ldd "$dir/redis/redis-server" | awk '$3 ~ /^\// {print $3}' | sort -u |
  grep -Ev '/(libc|libm|ld-linux[^/]*)\.so' | xargs -I{} cp -L {} "$work/so/"
tar cf - -C "$work" so | xz -T0 -6 >"$dir/redis/so.tar.xz"

"$here/make-jre.sh" "$dir/jre.tar.xz"
cp "$here/sigbench-on-gpu.sh" "$dir/"
du -sh "$dir/lib" "$dir/redis" "$dir/jre.tar.xz"
du -sh "$dir"
