#!/usr/bin/env bash
# Runs ON THE GPU MACHINE: `java` for training-tools on that machine's own libtorch (CUDA), through
# the DJL JNI that build-djl-jni.sh built for it.
#
#   bash gpu-java.sh STAGE_DIR [JAVA_ARGS...]      e.g.
#   bash gpu-java.sh .gpu-stage-djl io.dejavu.cli.training.TrainingCli train-bench --device gpu
#
# STAGE_DIR holds jre.tar.xz and app.tar (prepare-stage.sh) and libdjl_torch.so (build-djl-jni.sh);
# they are unpacked once to /tmp/gpu-djl. What it sets, and why:
#   PYTORCH_LIBRARY_PATH  DJL loads libtorch from here (the Python PyTorch's torch/lib), not from a jar
#   PYTORCH_VERSION/FLAVOR  name the DJL cache folder the JNI is looked up in
#                         ($DJL_CACHE_DIR/pytorch/VERSION-FLAVOR-linux-x86_64/0.36.0-libdjl_torch.so)
#   -Djna.library.path    a libcudart.so link to the CUDA runtime PyTorch loads, so DJL's GPU count
#                         (through JNA) sees the same runtime
#   GPU_JAVA_HOME         (optional) another Java runtime than STAGE_DIR's jre.tar.xz, e.g. one with
#                         more modules (learn-on-gpu.sh brings its own, with jdk.crypto.ec)
set -euo pipefail
stage=${1:?usage: gpu-java.sh STAGE_DIR [JAVA_ARGS...]}
shift
top=/tmp/gpu-djl
mkdir -p "$top"
java_home=${GPU_JAVA_HOME:-$top/jre}
[[ -x $java_home/bin/java ]] || xz -dc "$stage/jre.tar.xz" | tar x -C "$top"
[[ -f $stage/app.tar ]] && { rm -rf "$top/app"; tar xf "$stage/app.tar" -C "$top"; }

read -r version cuda torch_dir < <(python3 -c \
  'import torch, os; print(torch.__version__.split("+")[0], torch.version.cuda or "", os.path.dirname(torch.__file__))')
torch_lib=$torch_dir/lib
flavor=cu${cuda//./}
[[ -n $cuda ]] || flavor=cpu
export PYTORCH_LIBRARY_PATH=$torch_lib PYTORCH_VERSION=$version PYTORCH_FLAVOR=$flavor
export DJL_CACHE_DIR=${DJL_CACHE_DIR:-$top/djl-cache}
jni_dir=$DJL_CACHE_DIR/pytorch/$version-$flavor-linux-x86_64
mkdir -p "$jni_dir"
cp "$stage/libdjl_torch.so" "$jni_dir/0.36.0-libdjl_torch.so"

cudart=$(find "$torch_dir/.." -path '*nvidia*' -name 'libcudart.so.*' 2>/dev/null | head -1)
mkdir -p "$top/cudart"
[[ -n $cudart ]] && ln -sf "$cudart" "$top/cudart/libcudart.so"
export LD_LIBRARY_PATH=$torch_lib${cudart:+:$(dirname "$cudart")}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}

exec "$java_home/bin/java" -Djna.library.path="$top/cudart" ${GPU_JAVA_OPTS:-} \
  -cp "$top/app/classes:$top/app/lib/*" "$@"
