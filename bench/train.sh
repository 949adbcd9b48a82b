#!/usr/bin/env bash
# Training speed, side by side in one run on this machine: rbm-train (OpenBLAS
# and pure-Go builds) against a plain PyTorch CD-1 loop (best of 1 and 2
# threads) and scikit-learn's BernoulliRBM, all on MNIST train10k binarized
# at 128, N=784, batch 100, CD-1. Prints seconds per epoch and the ratios.
#   bench/train.sh [hidden=500] [epochs=2]
set -euo pipefail
cd "$(dirname "$0")/.."
HIDDEN=${1:-500}
EPOCHS=${2:-2}
MNIST=${MNIST:-$(cd ../shared/data/mnist && pwd)}
PY=${PYTHON:-/usr/bin/python3}
images=$MNIST/train10k-images-idx3-ubyte.gz
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

make -s build build-purego
bin/rbm-data "$images" > "$tmp/data.arrows"
per_epoch() { # the trainer's own mean seconds per epoch (its progress line), setup and snapshots excluded
  "$1" -hidden "$HIDDEN" -epochs "$EPOCHS" -lr 0.05 -snapshots 0 -top-sigma 0 -seed 1 "$tmp/data.arrows" 2>&1 >/dev/null \
    | sed -n 's/.*(\([0-9.]*\) s\/epoch).*/\1/p' | tail -1
}
openblas=$(per_epoch bin/rbm-train)
purego=$(per_epoch bin/purego/rbm-train)
peers=$("$PY" bench/train_peers.py "$images" "$HIDDEN" "$EPOCHS" 0)
torch=$(awk '$1 == "pytorch-cd1" { print $2 }' <<< "$peers")
sklearn=$(awk '$1 == "sklearn-BernoulliRBM" { print $2 }' <<< "$peers")
printf "%-28s %10s %10s\n" "trainer (M=$HIDDEN, CD-1)" "s/epoch" "÷ pytorch"
for row in "rbm-train openblas:$openblas" "rbm-train pure Go:$purego" "pytorch CD-1:$torch" "sklearn BernoulliRBM:$sklearn"; do
  name=${row%%:*}; s=${row##*:}
  printf "%-28s %10.3f %10.2f\n" "$name" "$s" "$(echo "$s / $torch" | bc -l)"
done
