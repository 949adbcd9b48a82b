#!/usr/bin/env bash
# Gibbs sampling speed, side by side on this machine: gibbs.BenchmarkSweep
# (1000 chains, random 784×500 Bernoulli RBM) with the OpenBLAS and pure-Go
# BLAS, against the same sweeps in PyTorch (bench/gibbs_vs_torch.py: the
# best of torch.bernoulli and uniform-compare draws at 1 and 2 threads).
# Every figure is the best of REPEATS timings. Prints sweeps per second,
# milliseconds per sweep and the time ratio to PyTorch.
#   bench/gibbs.sh [sweeps=100] [repeats=3]
set -euo pipefail
cd "$(dirname "$0")/.."
SWEEPS=${1:-100}
REPEATS=${2:-3}
PY=${PYTHON:-/usr/bin/python3}
LIBS=$(pkg-config --libs openblas 2>/dev/null || echo -lopenblas)

best_rate() { # the largest sweeps/s reported by the benchmark runs
  awk '{ for (i = 2; i <= NF; i++) if ($i == "sweeps/s") print $(i-1) }' | sort -g | tail -1
}
openblas=$(CGO_LDFLAGS="$LIBS" go test -tags openblas -run - -bench '^BenchmarkSweep$' \
  -benchtime "${SWEEPS}x" -count "$REPEATS" ./gibbs | best_rate)
purego=$(CGO_ENABLED=0 go test -run - -bench '^BenchmarkSweep$' \
  -benchtime "$(( (SWEEPS + 4) / 5 ))x" -count "$REPEATS" ./gibbs | best_rate)
peers=$("$PY" bench/gibbs_vs_torch.py "$SWEEPS" "$REPEATS")
torch=$(awk '$1 == "best" { print $3 }' <<< "$peers")
torch_how=$(awk '$1 == "best" { print $2 }' <<< "$peers")

printf "%-34s %10s %10s %10s\n" "Gibbs sweeps, 1000 chains, 784×500" "sweeps/s" "ms/sweep" "÷ pytorch"
for row in "rbmkit gibbs, OpenBLAS:$openblas" "rbmkit gibbs, pure Go:$purego" "$torch_how:$torch"; do
  name=${row%%:*}; rate=${row##*:}
  printf "%-34s %10.2f %10.2f %10.2f\n" "$name" "$rate" "$(echo "1000 / $rate" | bc -l)" "$(echo "$torch / $rate" | bc -l)"
done
