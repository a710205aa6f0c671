#!/usr/bin/env bash
# Runs ON THE GPU MACHINE: builds DJL 0.36's PyTorch JNI (libdjl_torch.so) against that machine's own
# libtorch (the one inside its Python PyTorch, here 2.11 built for CUDA 13), with CUDA on.
# DJL publishes this JNI for libtorch 2.7.1 only, and its CUDA native jars are not served to us.
#
#   bash training-tools/gpu/build-djl-jni.sh SRC_TAR OUT_DIR
#
# SRC_TAR: djl-jni-src.tar.gz from prepare-jni-sources.sh (DJL's own sources plus the generated
# JNI header and jni.h; the GPU machine has no Java). OUT_DIR gets libdjl_torch.so and
# BUILD-INFO.txt (versions, patches applied, sha256).
#
# Patches, applied only where this libtorch needs them (BUILD-INFO.txt lists those applied):
#   - torch::AutoNonVariableTypeMode (removed from newer libtorch) -> at::AutoDispatchBelowAutograd,
#     the guard it was an alias of;
#   - the legacy autograd profiler (torch/csrc/autograd/profiler_legacy.h), if gone: DJL's
#     startProfile/stopProfile then throw "not supported" (our training never profiles).
set -euo pipefail
src_tar=${1:?usage: build-djl-jni.sh SRC_TAR OUT_DIR}
out=${2:?usage: build-djl-jni.sh SRC_TAR OUT_DIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=${WORK:-/tmp/djl-jni-build}
rm -rf "$work" && mkdir -p "$work"
tar xzf "$src_tar" -C "$work"
native=$work/djl/engines/pytorch/pytorch-native
cc=$native/src/main/native
info=$out/BUILD-INFO.txt

read -r torch_version cuda_version prefix < <(python3 -c \
  'import torch; print(torch.__version__, torch.version.cuda, torch.utils.cmake_prefix_path)')
torch_include=$(dirname "$prefix")/../include
torch_include=$(cd "$torch_include" && pwd)
{
  echo "DJL JNI built $(date -u +%FT%TZ) on $(hostname)"
  echo "libtorch: PyTorch $torch_version (CUDA $cuda_version), cmake prefix $prefix"
  echo "nvcc: $(nvcc --version | tail -1)"
  echo "g++: $(g++ --version | head -1)"
  echo "cmake: $(cmake --version | head -1)"
} >"$info"

if ! grep -rqs "struct.*AutoNonVariableTypeMode" "$torch_include/c10" "$torch_include/ATen"; then
  sed -i 's/torch::AutoNonVariableTypeMode guard;/at::AutoDispatchBelowAutograd guard;/' \
    "$cc/ai_djl_pytorch_jni_PyTorchLibrary_tensor.cc"
  echo "patch: AutoNonVariableTypeMode -> at::AutoDispatchBelowAutograd (tensor.cc)" >>"$info"
fi
if [[ ! -f $torch_include/torch/csrc/autograd/profiler_legacy.h ]]; then
  python3 - "$cc/ai_djl_pytorch_jni_PyTorchLibrary_system.cc" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p).read()
s = re.sub(r"// the code snippet is copied from torch/csrc/autograd/profiler_legacy.cpp.*?// end of copies\n",
           "", s, flags=re.S)
for fn in ("torchStartProfile", "torchStopProfile"):
    m = re.search(r"(JNICALL Java_ai_djl_pytorch_jni_PyTorchLibrary_%s\([^)]*\) \{\n)(.*?)(\n\}\n)" % fn, s, flags=re.S)
    body = '  env->ThrowNew(ENGINE_EXCEPTION_CLASS, "profiler not supported in this build of the DJL JNI");'
    s = s[:m.start(2)] + body + s[m.end(2):]
s = s.replace("using namespace torch::autograd::profiler;", "")
open(p, "w").write(s)
PY
  echo "patch: legacy profiler gone -> startProfile/stopProfile throw (system.cc)" >>"$info"
fi

cd "$native"
export TORCH_CUDA_ARCH_LIST=${TORCH_CUDA_ARCH_LIST:-9.0}
jdk=$work/djl/jdk-include
cmake -S . -B cbuild -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$prefix" -DUSE_CUDA=1 \
  -DCMAKE_CUDA_COMPILER="$(command -v nvcc)" \
  -DJAVA_INCLUDE_PATH="$jdk" -DJAVA_INCLUDE_PATH2="$jdk/linux" -DJAVA_JVM_LIBRARY=NotNeeded \
  -DJAVA_AWT_LIBRARY=NotNeeded -DJAVA_AWT_INCLUDE_PATH=NotNeeded >"$out/cmake.log" 2>&1 ||
  { tail -40 "$out/cmake.log"; exit 1; }
if ! cmake --build cbuild -- -k -j"$(nproc)" >"$out/make.log" 2>&1; then
  grep -E "error|Error" "$out/make.log" | head -40
  exit 1
fi
cp cbuild/libdjl_torch.so "$out/"
echo "sha256: $(sha256sum "$out/libdjl_torch.so" | cut -d' ' -f1)" >>"$info"
echo "NEEDED: $(readelf -d "$out/libdjl_torch.so" | grep NEEDED | sed 's/.*\[\(.*\)\]/\1/' | tr '\n' ' ')" >>"$info"
cat "$info"
