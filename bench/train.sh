#!/usr/bin/env bash
# Training speed, side by side in one run on this machine: rbm-train (the
# OpenBLAS build, also with GOMAXPROCS=1 (one core), the pure-Go build)
# against a plain PyTorch loop (best of 1 and 2 threads) and
# scikit-learn's BernoulliRBM, all on MNIST train10k binarized at 128,
# N=784, batch 100, lr 0.05, momentum 0.5. For each setting (hidden units,
# cd or pcd, Gibbs steps k) it prints seconds per epoch, the ratio to
# PyTorch and the effective GFLOP/s against the sgemm peak of the same
# OpenBLAS measured in the same run. The flops are those of dense products
# (2·N·M per example and product); rbm-train adds rows of W instead where
# states are sparse, so its figure can pass the peak: it is a speed, not a
# count of the operations done. Every figure is the best of REPEATS
# rounds, and the trainers take turns within a round, so that a machine
# shared with other work slows them alike.
#   bench/train.sh [epochs=2] [repeats=3]
#   CONFIGS="500:cd:1 500:pcd:10 2000:cd:1" bench/train.sh   (the default)
# Peers and rbmkit load the same OpenBLAS under the environment's
# OPENBLAS_CORETYPE (see README); rbmkit ignores OPENBLAS_NUM_THREADS and
# splits its products over its own worker pool (package backend: the bytes
# must not depend on a thread count).
set -euo pipefail
cd "$(dirname "$0")/.."
EPOCHS=${1:-2}
REPEATS=${2:-3}
CONFIGS=${CONFIGS:-500:cd:1 500:pcd:10 2000:cd:1}
MNIST=${MNIST:-$(cd ../shared/data/mnist && pwd)}
PY=${PYTHON:-/usr/bin/python3}
images=$MNIST/train10k-images-idx3-ubyte.gz
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

make -s build build-purego
bin/rbm-data "$images" > "$tmp/data.arrows"
count=$(bin/rbm-cat -no-header -columns v "$tmp/data.arrows" | wc -l)

# The sgemm peak of the OpenBLAS that numpy and torch load: 2048² float32
# products at the default thread count, best of 5, and which kernel it runs.
read -r peak core <<< "$("$PY" - <<'EOF'
import ctypes, time
import numpy as np
lib = ctypes.CDLL("libopenblas.so.0")
lib.openblas_get_corename.restype = ctypes.c_char_p
a = np.random.default_rng(1).standard_normal((2048, 2048), dtype=np.float32)
best = min((lambda t: (a @ a, time.perf_counter() - t)[1])(time.perf_counter()) for _ in range(5))
print(f"{2 * 2048**3 / best / 1e9:.1f} {lib.openblas_get_corename().decode()}")
EOF
)"

per_epoch() { # the trainer's own mean seconds per epoch (its progress line): setup and snapshots excluded
  local bin=$1 hidden=$2 method=$3 k=$4
  "$bin" -hidden "$hidden" -method "$method" -k "$k" -epochs "$EPOCHS" -lr 0.05 -log-snapshots 0 -top-sigma 0 -seed 1 \
    "$tmp/data.arrows" 2>&1 >/dev/null | sed -n 's/.*(\([0-9.]*\) s\/epoch).*/\1/p' | tail -1
}
minof() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }'; }

echo "OpenBLAS core $core, sgemm peak $peak GFLOP/s (2048², default threads); $(nproc) cores; MNIST train10k ($count examples), $EPOCHS epochs, best of $REPEATS"
for cfg in $CONFIGS; do
  IFS=: read -r hidden method k <<< "$cfg"
  ob= ob1= pg= torch= threads= sk=
  for _ in $(seq "$REPEATS"); do
    ob=$(minof "$ob" "$(per_epoch bin/rbm-train "$hidden" "$method" "$k")")
    ob1=$(minof "$ob1" "$(GOMAXPROCS=1 per_epoch bin/rbm-train "$hidden" "$method" "$k")")
    pg=$(minof "$pg" "$(per_epoch bin/purego/rbm-train "$hidden" "$method" "$k")")
    peers=$("$PY" bench/train_peers.py "$images" "$hidden" "$EPOCHS" 0 "$method" "$k")
    t=$(awk '$1 == "pytorch" { print $2 }' <<< "$peers")
    [ -n "$torch" ] && [ "$(minof "$torch" "$t")" = "$torch" ] || { torch=$t; threads=$(awk '$1 == "pytorch" { print $3 }' <<< "$peers"); }
    s=$(awk '$1 == "sklearn-BernoulliRBM" { print $2 }' <<< "$peers")
    [ -z "$s" ] || sk=$(minof "$sk" "$s")
  done
  # The products of the algorithm per example: the positive phase, k
  # Gibbs steps of two products, the chains' hidden means (pcd) and the
  # two gradient products, 2·N·M flops each.
  chains=0; [ "$method" = pcd ] && chains=1
  products=$(( 3 + 2 * k + chains ))
  gflop=$(echo "2 * 784 * $hidden * $(( count / 100 * 100 )) * $products / 1000000000" | bc -l)
  upper=$(tr a-z A-Z <<< "$method")
  echo
  printf "%-34s %9s %9s %9s %9s\n" "M=$hidden $upper-$k" "s/epoch" "÷ pytorch" "GFLOP/s" "% peak"
  rows=("rbm-train, OpenBLAS:$ob" "rbm-train, OpenBLAS, GOMAXPROCS=1:$ob1" "rbm-train, pure Go:$pg" "pytorch ($threads thread(s)):$torch")
  [ -z "$sk" ] || rows+=("sklearn BernoulliRBM (PCD-1):$sk")
  for row in "${rows[@]}"; do
    name=${row%%:*}; s=${row##*:}
    rate=$(echo "$gflop / $s" | bc -l)
    printf "%-34s %9.3f %9.2f %9.1f %9.1f\n" "$name" "$s" "$(echo "$s / $torch" | bc -l)" "$rate" "$(echo "100 * $rate / $peak" | bc -l)"
  done
done
