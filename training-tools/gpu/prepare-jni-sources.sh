#!/usr/bin/env bash
# Runs HERE (a machine with a JDK): packs what build-djl-jni.sh needs to build DJL's PyTorch JNI
# (libdjl_torch.so) on the GPU machine, which has libtorch and nvcc but no Java:
#   - DJL's own sources at the tag matching our DJL version (engines/pytorch/pytorch-native and
#     api/src/main/native), taken from a git clone of deepjavalibrary/djl;
#   - the JNI header that DJL's build makes with `javac -h` from PyTorchLibrary.java;
#   - the JDK's jni.h and jni_md.h.
#
#   training-tools/gpu/prepare-jni-sources.sh DJL_GIT_DIR [OUT_DIR]
#
# DJL_GIT_DIR: a clone (bare is fine) of https://github.com/deepjavalibrary/djl holding tag v0.36.0.
# OUT_DIR (default .gpu-stage): gets djl-jni-src.tar.gz (about 0.2 MB).
set -euo pipefail
git_dir=${1:?usage: prepare-jni-sources.sh DJL_GIT_DIR [OUT_DIR]}
out=${2:-.gpu-stage}
tag=v${DJL_VERSION:-0.36.0}
m2=${M2_REPO:-$HOME/.m2/repository}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out" "$work/djl"
git -C "$git_dir" archive "$tag" engines/pytorch/pytorch-native api/src/main/native \
  engines/pytorch/pytorch-engine/src/main/java | tar x -C "$work/djl"
api_jar=$m2/ai/djl/api/${tag#v}/api-${tag#v}.jar
slf4j_jar=$(find "$m2/org/slf4j/slf4j-api" -name 'slf4j-api-*.jar' | sort | tail -1)
[[ -f $api_jar ]] || { echo "missing $api_jar: build training-tools once (mvn -pl training-tools -am package)"; exit 1; }
include=$work/djl/engines/pytorch/pytorch-native/build/include
(cd "$work/djl/engines/pytorch/pytorch-engine/src/main/java" &&
  javac -cp "$api_jar:$slf4j_jar" -sourcepath . ai/djl/pytorch/jni/PyTorchLibrary.java -h "$include" -d "$work/classes")
java_home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
mkdir -p "$work/djl/jdk-include"
cp -r "$java_home/include/jni.h" "$java_home/include/linux" "$work/djl/jdk-include/"
rm -rf "$work/djl/engines/pytorch/pytorch-engine"
tar czf "$out/djl-jni-src.tar.gz" -C "$work" djl
ls -la "$out/djl-jni-src.tar.gz"
