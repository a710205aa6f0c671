#!/usr/bin/env bash
# Runs ON THE GPU MACHINE, from the checkout's root, after the staging calls of docs/GPU-TRAINING.md
# ("Pairs recorded through calls"): fine-tunes one tier of models/generic-call over the grid of
# operating points (ADR 0508) on pairs recorded through real libwebrtc loopback calls there, and
# writes the bundle to $OUT/bundle.tgz with the command's stdout and stderr beside it.
#
#   bash training-tools/gpu/generic-points-on-gpu.sh OUT [TIER [MINUTES [LIMIT_S]]]
#
# TIER cpu or gpu (default gpu); MINUTES of training (default 4); LIMIT_S stops the whole command
# (default 545: a device call may run 600 s). The clips are expected in /tmp/clips and
# /tmp/clips-more (or .gpu-clips in the checkout, copied to /tmp/clips here). GENERIC_EXTRA adds
# arguments to train-generic, e.g. GENERIC_EXTRA="--blocks 12" to deepen the tier (the added blocks
# start as the identity).
set -uo pipefail
out=${1:?usage: generic-points-on-gpu.sh OUT [TIER [MINUTES [LIMIT_S]]]}
tier=${2:-gpu}
minutes=${3:-4}
limit=${4:-545}
start=$(date +%s)
nvidia-smi --query-gpu=name,driver_version --format=csv >"$out/env.txt" 2>&1
mkdir -p /tmp/clips
[[ -d .gpu-clips ]] && cp .gpu-clips/* /tmp/clips/
rm -rf /tmp/gg && cp -r models/generic-call /tmp/gg
GPU_JAVA_OPTS=-Xmx80g timeout "$limit" bash training-tools/gpu/gpu-java-calls.sh /tmp/gpu-djl/stage /tmp/gpu-djl/stage/calls \
  io.dejavu.cli.app.AdminCli train-generic --video /tmp/clips /tmp/clips-more \
  --hold-out ed_pose2_man_60s_256.mp4 lp_d9_man_glasses_webcam.mp4 ed_mouth_woman_256.mp4 vr4_woman_bluebg.mp4 mimic_german_anchor_20s.mp4 \
  --out /tmp/gg --base "$PWD/models/generic-call" --tier "$tier" --size 256x256 --codec vp8 \
  --bitrates 50,150,300,450,600 --sizes 256x256,640x360 --max-frames 150 --max-minutes "$minutes" \
  --batch 64 --eval-every 1000 --patience 30 --scorer-seconds 10 --seed 1 --device gpu --threads 8 --pairs call --json ${GENERIC_EXTRA:-} \
  >"$out/job.out" 2>"$out/job.err"
echo "rc=$? seconds=$(($(date +%s) - start))" >>"$out/job.out"
rm -f /tmp/gg/crops*.png # pictures of real people stay off the transfer
tar czf "$out/bundle.tgz" -C /tmp gg
# the last checkpoint, in case the limit stopped the job before it wrote the bundle
[[ -d /tmp/.gg.$tier-tier.checkpoint ]] && tar czf "$out/checkpoint.tgz" -C /tmp ".gg.$tier-tier.checkpoint"
exit 0
