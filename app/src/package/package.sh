#!/usr/bin/env bash
# Packages the built desktop app with jpackage: a trimmed Java runtime (jlink), the desktop class
# path with linux-x86_64 natives only, an app image and, with --type deb or all, a .deb (ADR 0603).
# Needs a build first (./dejavu build or mvn package): app/target/app-*.jar and
# app/target/desktop-classpath.txt. ./dejavu package runs both; the packaged-app test runs this too.
#
#   app/src/package/package.sh [--type app-image|deb|all] [--dest DIR]
#
# The runtime is reused while the JDK and the module list stay the same (DEST/runtime/.key).
set -euo pipefail

APP_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TYPE=all
DEST="$APP_DIR/target/package"
NAME=dejavu
MAIN_CLASS=io.dejavu.app.desktop.DesktopMain
# Modules jdeps cannot see: Logback is found through ServiceLoader (JNDI lookups need java.naming);
# TLS to wss:// and https:// servers negotiates elliptic-curve keys (jdk.crypto.ec).
EXTRA_MODULES=java.naming,jdk.crypto.ec
# Libraries the natives inside the jars link at run time; jpackage only sees its own launcher's.
DEB_DEPENDS="libpulse0, libgtk-3-0 | libgtk-3-0t64"

fail() { echo "package: $*" >&2; exit 1; }
usage() { echo "Usage: ./dejavu package [--type app-image|deb|all] [--dest DIR]   (after a build: app/src/package/package.sh ...)"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --type) TYPE="${2:-}"; shift 2 ;;
    --type=*) TYPE="${1#*=}"; shift ;;
    --dest) DEST="${2:-}"; shift 2 ;;
    --dest=*) DEST="${1#*=}"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
case "$TYPE" in app-image|deb|all) ;; *) echo "package: --type must be app-image, deb or all, not '$TYPE'" >&2; exit 2 ;; esac
mkdir -p "$DEST" && DEST="$(cd "$DEST" && pwd)"

JDK_BIN="${JAVA_HOME:+$JAVA_HOME/bin/}"
for tool in jdeps jlink jpackage jar; do
  command -v "$JDK_BIN$tool" >/dev/null || fail "$tool not found; a full JDK 17+ is needed (apt-get install -y openjdk-17-jdk)"
done
command -v zip >/dev/null || fail "zip not found (it strips other platforms' natives); install with: sudo apt-get install -y zip"
if [ "$TYPE" != app-image ]; then
  for tool in fakeroot dpkg-deb; do
    command -v "$tool" >/dev/null || fail "$tool not found (jpackage needs it for a .deb); install with: sudo apt-get install -y fakeroot dpkg"
  done
fi

cp_file="$APP_DIR/target/desktop-classpath.txt"
main_jar="$(find "$APP_DIR/target" -maxdepth 1 -name 'app-*.jar' ! -name '*-tests.jar' ! -name '*-sources.jar' | head -n 1)"
[ -f "$cp_file" ] && [ -n "$main_jar" ] || fail "no build found in $APP_DIR/target; run ./dejavu build first"
version="$(basename "$main_jar" .jar)"; version="${version#app-}"; version="${version%-SNAPSHOT}"

SECONDS=0
step() { echo "package: $* (${SECONDS} s)" >&2; }

# A native library whose path names another OS or CPU. Paths naming none (a jar built for one
# platform) are kept.
FOREIGN='/(osx|macosx?|darwin|mac|win(32|64)?|windows|freebsd|android)[-_/]|[-_/](aarch64|arm64|armhf|armv[0-9]+[a-z]*|ppc64(le)?|s390x|riscv64|x86|i[3-6]86)(/|-|$)|musl'
NATIVE='\.(so(\.[0-9.]+)?|dll|dylib|jnilib|pdb|lib)$|\.dSYM/'

# 1. The class path: the desktop jars, each stripped of other platforms' natives.
input="$DEST/input"
rm -rf "$input" && mkdir -p "$input"
cp "$main_jar" "$input/"
stripped=0
IFS=: read -r -a entries < "$cp_file" || true # no final newline
for entry in "${entries[@]}"; do
  [ -n "$entry" ] || continue
  if [ -d "$entry" ]; then # a reactor module not yet jarred (mvn test): jar its classes
    out="$input/$(basename "$(dirname "$(dirname "$entry")")").jar"
    "${JDK_BIN}jar" --create --file "$out" -C "$entry" .
    continue
  fi
  out="$input/$(basename "$entry")"
  cp "$entry" "$out"
  foreign="$("${JDK_BIN}jar" tf "$out" | grep -E "$NATIVE" | grep -E "$FOREIGN" || true)"
  if [ -n "$foreign" ]; then
    # zip -d takes names as patterns; escape its wildcard characters.
    mapfile -t names < <(sed 's/[][*?\\]/\\&/g' <<<"$foreign")
    zip -q -d "$out" "${names[@]}" >/dev/null
    stripped=$((stripped + $(wc -l <<<"$foreign")))
  fi
done
step "class path: $(find "$input" -name '*.jar' | wc -l) jars, $(du -sm "$input" | cut -f1) MB; removed $stripped native files of other platforms"

# 2. The runtime: the modules the class path uses, linked without debug data, man pages or headers.
modules="$("${JDK_BIN}jdeps" --print-module-deps --ignore-missing-deps --multi-release 17 \
  --class-path "$input/*" "$input/$(basename "$main_jar")" 2>"$DEST/jdeps.log")" \
  || fail "jdeps failed; see $DEST/jdeps.log"
modules="$modules,$EXTRA_MODULES"
runtime="$DEST/runtime"
key="$("${JDK_BIN}java" -version 2>&1 | head -n 1) | $modules"
if [ -f "$runtime/.key" ] && [ "$(cat "$runtime/.key")" = "$key" ]; then
  step "runtime: reused $runtime ($modules)"
else
  rm -rf "$runtime"
  compress=--compress=2
  "${JDK_BIN}jlink" --help 2>&1 | grep -q 'zip-' && compress=--compress=zip-6
  "${JDK_BIN}jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
    --strip-native-commands "$compress" --output "$runtime" >"$DEST/jlink.log" 2>&1 \
    || fail "jlink failed; see $DEST/jlink.log"
  echo "$key" > "$runtime/.key"
  step "runtime: $modules, $(du -sm "$runtime" | cut -f1) MB"
fi

# 3. The app image; jpackage puts every jar of the input folder on the class path.
image="$DEST/image"
rm -rf "$image"
"${JDK_BIN}jpackage" --type app-image --name "$NAME" --app-version "$version" \
  --description "Dejavu peer-to-peer video calls" --vendor Dejavu \
  --input "$input" --main-jar "$(basename "$main_jar")" --main-class "$MAIN_CLASS" \
  --runtime-image "$runtime" --dest "$image" \
  >"$DEST/jpackage.log" 2>&1 || fail "jpackage (app image) failed; see $DEST/jpackage.log"
step "app image: $image/$NAME, $(du -sm "$image/$NAME" | cut -f1) MB; start it with $image/$NAME/bin/$NAME"

# 4. The .deb, made from the app image (installs to /opt/dejavu, with a menu entry).
if [ "$TYPE" != app-image ]; then
  rm -f "$DEST"/*.deb
  "${JDK_BIN}jpackage" --type deb --app-image "$image/$NAME" --name "$NAME" --app-version "$version" \
    --description "Dejavu peer-to-peer video calls" --vendor Dejavu \
    --linux-package-deps "$DEB_DEPENDS" --linux-menu-group Network --linux-app-category net \
    --linux-shortcut --dest "$DEST" >>"$DEST/jpackage.log" 2>&1 \
    || fail "jpackage (deb) failed; see $DEST/jpackage.log"
  deb="$(find "$DEST" -maxdepth 1 -name '*.deb' | head -n 1)"
  step "deb: $deb, $(du -m "$deb" | cut -f1) MB; install with: sudo apt-get install $deb"
fi
