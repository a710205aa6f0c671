#!/usr/bin/env bash
# Runs HERE (a machine with JDK 17): the jlink Java runtime the GPU machine runs everything on (it has
# no Java), packed as a tar.xz holding jre/ (about 17 MB). One module list for every stage:
#   java.net.http   the call engine's signaling client (WebSocket) and the store client
#   jdk.crypto.ec   Ed25519 (call tickets, ADR 0308) and EC keys: in JDK 17 they live in this module,
#                   not java.base; without it `demo learn` and `signaling-bench` stop with
#                   "Ed25519 is unavailable in this JVM"
#
#   training-tools/gpu/make-jre.sh OUT.tar.xz
set -euo pipefail
out=${1:?usage: make-jre.sh OUT.tar.xz}
modules=java.base,java.logging,jdk.unsupported,java.management,jdk.management,java.xml,java.naming,java.sql
modules+=,java.desktop,java.net.http,jdk.crypto.ec
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
jlink --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --output "$work/jre" >/dev/null
tar cf - -C "$work" jre | xz -T0 -6 >"$out"
