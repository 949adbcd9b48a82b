#!/usr/bin/env bash
# Streams written by the built tools, read by an independent Arrow
# implementation (JavaScript apache-arrow). Needs BIN (the built tools) and
# RBMKIT_MNIST (the MNIST directory).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
BIN=${BIN:?set BIN to the directory of the built tools}
MNIST=${RBMKIT_MNIST:?set RBMKIT_MNIST to the MNIST directory}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

images=$MNIST/t10k-images-idx3-ubyte.gz
labels=$MNIST/t10k-labels-idx1-ubyte.gz
"$BIN/rbm-data" -labels "$labels" -limit 300 -compress zstd "$images" > "$tmp/data.arrows"
node "$here/read.mjs" dataset "$tmp/data.arrows" "$images" "$labels" 300

if [ -x "$BIN/rbm-train" ]; then
  "$BIN/rbm-train" -hidden 16 -epochs 2 -batch 50 -seed 3 < "$tmp/data.arrows" > "$tmp/run.arrows"
  "$BIN/rbm-cat" -f jsonl -full -columns epoch,W,a,b "$tmp/run.arrows" > "$tmp/run.jsonl"
  node "$here/read.mjs" checkpoint "$tmp/run.arrows" "$tmp/run.jsonl"
else
  echo "node reader: FAIL: $BIN/rbm-train is missing" >&2
  exit 1
fi
