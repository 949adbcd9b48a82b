#!/usr/bin/env bash
# The study's log Z stage before and after log Z along training, measured
# short and extrapolated (bench/fullstudy.sh measures the whole study): the
# CPU (user + system) of rbm-train at the full scale's training settings
# (CD-1, lr 0.01, batch 100, logit visible biases) for EPOCHS epochs on
# MNIST train10k, plain, with -logz -logz-chains 128 -test-data, and with
# -ladder too, per hidden size; then one forward+reverse AIS validation
# (rbm-freeenergy -method auto, 100 chains) at BETAS β on the last snapshot
# of the M = 500 run, which is linear in β (the full scale runs 10,000).
#   MNIST=/work/shared/data/mnist bench/logz-study.sh
#   SIZES="64 256 500" EPOCHS=3 BETAS=1000 bench/logz-study.sh
set -euo pipefail
cd "$(dirname "$0")/.."
MNIST=${MNIST:-/work/shared/data/mnist}
SIZES=${SIZES:-64 256 500}
EPOCHS=${EPOCHS:-3}
BETAS=${BETAS:-1000}
BIN=${BIN:-bin}
tmp=${OUT:-$(mktemp -d)}
mkdir -p "$tmp"
cpu() { # user + system seconds of a command
  /usr/bin/time -f "%U %S" -o "$tmp/t" "$@" >/dev/null 2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
  awk '{ printf "%.2f", $1 + $2 }' "$tmp/t"
}
[ -s "$tmp/train.arrows" ] || "$BIN/rbm-data" -name MNIST -labels "$MNIST/train10k-labels-idx1-ubyte.gz" -o "$tmp/train.arrows" "$MNIST/train10k-images-idx3-ubyte.gz"
[ -s "$tmp/test.arrows" ] || "$BIN/rbm-data" -name MNIST -labels "$MNIST/t10k-labels-idx1-ubyte.gz" -o "$tmp/test.arrows" "$MNIST/t10k-images-idx3-ubyte.gz"
train=(-epochs "$EPOCHS" -lr 0.01 -k 1 -batch 100 -init-std 0.01 -method cd -visible-bias logit -seed 2025 -top-sigma 32)
logz=(-logz -logz-chains 128 -test-data "$tmp/test.arrows")
printf '%-5s %7s %10s %10s %10s %s\n' M epochs "plain s" "logz s" "+ladder s" load
for m in $SIZES; do
  a=$(cpu "$BIN/rbm-train" -hidden "$m" "${train[@]}" -o "$tmp/plain$m.arrows" "$tmp/train.arrows")
  b=$(cpu "$BIN/rbm-train" -hidden "$m" "${train[@]}" "${logz[@]}" -o "$tmp/logz$m.arrows" "$tmp/train.arrows")
  c=$(cpu "$BIN/rbm-train" -hidden "$m" "${train[@]}" "${logz[@]}" -ladder "$tmp/ladder$m.arrows" -ladder-target 0.3 -o "$tmp/run$m.arrows" "$tmp/train.arrows")
  printf '%-5s %7s %10s %10s %10s %s\n' "$m" "$EPOCHS" "$a" "$b" "$c" "$(cut -d' ' -f1 /proc/loadavg)"
done
m=$(echo "$SIZES" | awk '{ print $NF }')
last=$("$BIN/rbm-cat" -no-header -columns epoch "$tmp/run$m.arrows" | tail -n 1)
v=$(cpu "$BIN/rbm-freeenergy" -method auto -chains 100 -temps "$BETAS" -base "$tmp/train.arrows" -slice-points 0 \
  -snapshots "$last" -data "$tmp/test.arrows" -o "$tmp/ais$m.arrows" "$tmp/run$m.arrows")
printf 'AIS forward+reverse, M = %s, epoch %s, 100 chains x %s beta: %s CPU s\n' "$m" "$last" "$BETAS" "$v"
