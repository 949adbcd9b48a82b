#!/usr/bin/env bash
# Gibbs sampling speed, side by side on this machine: 1000 chains of a
# 784×500 Bernoulli RBM, rbmkit's sampler (gibbs.BenchmarkSweep and
# BenchmarkSweepTrained, OpenBLAS and pure-Go builds) against the same
# sweeps in PyTorch (bench/gibbs_vs_torch.py: the best of torch.bernoulli and
# uniform-compare draws at 1 and 2 threads), on two models:
#   random   W ~ N(0, 0.05²), biases N(0, 0.1²): units on half the time;
#   trained  rbm-train on MNIST train10k (M=500, 5 epochs, lr 0.05, seed 1;
#            or MODEL=checkpoint.arrows), chains started from the first 1000
#            digits: states sparse like digits, which the products exploit.
# Rounds alternate the programs so that a machine shared with other work
# slows them alike; every figure is the best of REPEATS rounds. Prints
# sweeps per second, milliseconds per sweep and the time ratio to PyTorch.
#   bench/gibbs.sh [sweeps=100] [repeats=3]
set -euo pipefail
cd "$(dirname "$0")/.."
SWEEPS=${1:-100}
REPEATS=${2:-3}
PY=${PYTHON:-/usr/bin/python3}
MNIST=${MNIST:-$(cd ../shared/data/mnist && pwd)}
LIBS=$(pkg-config --libs openblas 2>/dev/null || echo -lopenblas)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

make -s build
model=${MODEL:-}
if [ -z "$model" ]; then
  model=$tmp/trained.arrows
  bin/rbm-data "$MNIST/train10k-images-idx3-ubyte.gz" |
    bin/rbm-train -hidden 500 -epochs 5 -lr 0.05 -snapshots 0 -top-sigma 0 -seed 1 -o "$model" 2>/dev/null
fi
bin/rbm-cat -format jsonl -full -columns W,a,b "$model" | tail -1 > "$tmp/trained.json"
export RBMKIT_GIBBS_MODEL=$model RBMKIT_MNIST=$MNIST

CGO_LDFLAGS="$LIBS" go test -tags openblas -c -o "$tmp/gibbs-openblas.test" ./gibbs
CGO_ENABLED=0 go test -c -o "$tmp/gibbs-purego.test" ./gibbs

rate() { # sweeps/s of benchmark $2 in the test binary $1, $3 sweeps
  "$1" -test.run - -test.bench "^$2\$" -test.benchtime "${3}x" |
    awk '{ for (i = 2; i <= NF; i++) if ($i == "sweeps/s") print $(i-1) }'
}
maxof() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b + 0 > a + 0) ? b : a }'; }

declare -A best how
for _ in $(seq "$REPEATS"); do
  for m in random trained; do
    bench=BenchmarkSweep; [ $m = trained ] && bench=BenchmarkSweepTrained
    best[ob-$m]=$(maxof "${best[ob-$m]:-}" "$(rate "$tmp/gibbs-openblas.test" $bench "$SWEEPS")")
    best[pg-$m]=$(maxof "${best[pg-$m]:-}" "$(rate "$tmp/gibbs-purego.test" $bench $(( (SWEEPS + 4) / 5 )))")
    args=("$SWEEPS" 1 1000); [ $m = trained ] && args+=("$tmp/trained.json" "$MNIST/train10k-images-idx3-ubyte.gz")
    peers=$("$PY" bench/gibbs_vs_torch.py "${args[@]}")
    t=$(awk '$1 == "best" { print $3 }' <<< "$peers")
    if [ "$(maxof "${best[torch-$m]:-}" "$t")" = "$t" ]; then
      best[torch-$m]=$t; how[$m]=$(awk '$1 == "best" { print $2 }' <<< "$peers")
    fi
  done
done

for m in random trained; do
  echo
  printf "%-34s %10s %10s %10s\n" "Gibbs, 1000 chains, 784×500, $m" "sweeps/s" "ms/sweep" "÷ pytorch"
  for row in "rbmkit gibbs, OpenBLAS:${best[ob-$m]}" "rbmkit gibbs, pure Go:${best[pg-$m]}" "${how[$m]}:${best[torch-$m]}"; do
    name=${row%%:*}; r=${row##*:}
    printf "%-34s %10.2f %10.2f %10.2f\n" "$name" "$r" "$(echo "1000 / $r" | bc -l)" "$(echo "${best[torch-$m]} / $r" | bc -l)"
  done
done
