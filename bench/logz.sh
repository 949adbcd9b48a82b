#!/usr/bin/env bash
# The cost of rbm-train -logz (trajectory log Z: one Gibbs sweep and two
# free energies of the dedicated chains per update): seconds per epoch of
# rbm-train with and without it, side by side in one run (the two take
# turns within each round, best of REPEATS rounds, so a machine shared with
# other work slows them alike), on MNIST train10k binarized at 128, N=784,
# batch 100, the study's lr 0.01, for each CONFIGS entry hidden:method:k.
# The figure is rbm-train's own "s/epoch" (training only, not the
# snapshots' monitors, which with -logz also compute the log-likelihood
# over the training data).
# Then the per-update cost of the estimator's chains alone
# (trajectory.BenchmarkUpdate, pure-Go build) beside the same sweep and two
# free energies in PyTorch (bench/logz_torch.py, best of 1 and 2 threads),
# alternating, best of REPEATS, as milliseconds per update and their ratio.
#   bench/logz.sh [epochs=1] [repeats=2]
#   CONFIGS="500:pcd:10 500:cd:1" CHAINS=128 bench/logz.sh
#   CONFIGS= bench/logz.sh          (the per-update comparison only)
set -euo pipefail
cd "$(dirname "$0")/.."
EPOCHS=${1:-1}
REPEATS=${2:-2}
CONFIGS=${CONFIGS-500:pcd:10 500:cd:1}
PY=${PYTHON:-/usr/bin/python3}
CHAINS=${CHAINS:-128}
MNIST=${MNIST:-$(cd ../shared/data/mnist && pwd)}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
CGO_ENABLED=0 go build -o "$tmp/" ./cmd/rbm-train ./cmd/rbm-data
CGO_ENABLED=0 go test -c -o "$tmp/trajectory.test" ./trajectory
"$tmp/rbm-data" -o "$tmp/d.arrows" "$MNIST/train10k-images-idx3-ubyte.gz"
perepoch() { "$tmp/rbm-train" "$@" -o "$tmp/run.arrows" "$tmp/d.arrows" 2>&1 | sed -n 's/.*(\([0-9.]*\) s\/epoch).*/\1/p' | tail -1; }
printf '%-12s %10s %10s %8s\n' config plain logz ratio
for c in $CONFIGS; do
	IFS=: read -r m method k <<<"$c"
	args=(-hidden "$m" -method "$method" -k "$k" -lr 0.01 -epochs "$EPOCHS" -snapshots 0 -no-state)
	best_off=inf best_on=inf
	for _ in $(seq "$REPEATS"); do
		off=$(perepoch "${args[@]}")
		on=$(perepoch "${args[@]}" -logz -logz-chains "$CHAINS")
		best_off=$(awk -v a="$best_off" -v b="$off" 'BEGIN{print (a=="inf"||b<a)?b:a}')
		best_on=$(awk -v a="$best_on" -v b="$on" 'BEGIN{print (a=="inf"||b<a)?b:a}')
	done
	printf '%-12s %10s %10s %8s\n' "$c" "$best_off" "$best_on" "$(awk -v a="$best_off" -v b="$best_on" 'BEGIN{printf "%.3f", b/a}')"
done

printf '\n%-22s %10s %10s %8s\n' "per update (M=500)" "go ms" "torch ms" "ratio"
best_go=inf best_py=inf
for _ in $(seq "$REPEATS"); do
	go_ns=$("$tmp/trajectory.test" -test.run - -test.bench "Update/M500-chains$CHAINS\$" -test.benchtime 30x | awk '/ns\/op/ {print $3}')
	py_ups=$("$PY" bench/logz_torch.py 30 1 "$CHAINS" | awk '$1 == "best" {print $2}')
	best_go=$(awk -v a="$best_go" -v b="$go_ns" 'BEGIN{print (a=="inf"||b<a)?b:a}')
	best_py=$(awk -v a="$best_py" -v b="$(awk -v u="$py_ups" 'BEGIN{print 1e9/u}')" 'BEGIN{print (a=="inf"||b<a)?b:a}')
done
printf '%-22s %10.2f %10.2f %8.3f\n' "chains $CHAINS" "$(awk -v x="$best_go" 'BEGIN{print x/1e6}')" "$(awk -v x="$best_py" 'BEGIN{print x/1e6}')" "$(awk -v a="$best_go" -v b="$best_py" 'BEGIN{print a/b}')"
