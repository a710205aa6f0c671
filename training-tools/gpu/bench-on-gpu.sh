#!/usr/bin/env bash
# Runs ON THE GPU MACHINE, from the project root: the training steps/s rows of docs/PERFORMANCE.md
# for that machine (its GPU, then its 16 CPU cores on the same libtorch), each table also as
# OUT_DIR/bench-*.txt (last line JSON).
#
#   bash .gpu-stage-djl/bench-on-gpu.sh [STAGE_DIR] [OUT_DIR]
set -euo pipefail
stage=${1:-.gpu-stage-djl}
out=${2:-.}
bench() { bash "$stage/gpu-java.sh" "$stage" io.dejavu.cli.training.TrainingCli train-bench --json "$@"; }
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
echo "== auto picks:"
bench --device auto --archs 4x1 --warmup 25 --steps 25 2>&1 | grep "training on\|Exception\|rror" | head -5
echo "== GPU"
bench --device gpu --archs 16x4,32x8 --batches 16,64,128 --warmup 50 --steps 300 | tee "$out/bench-gpu.txt"
echo "== CPU, 16 threads"
bench --device cpu --threads 16 --archs 16x4,32x8 --batches 16 --warmup 25 --steps 200 --max-seconds 60 \
  | tee "$out/bench-cpu16.txt"
