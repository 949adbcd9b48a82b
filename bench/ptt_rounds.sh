#!/usr/bin/env bash
# Sweeps per round and swap order of parallel trajectory tempering at equal
# CPU (rbm-sample -method ptt -round-sweeps K [-swap-order deo]) over a
# training run's ladder, and the mixing each buys (docs/ptt.md, § "More
# sweeps per round").
#
#   DIR=/work/s36-pttbig-data/m784/r0 OUT=/tmp/rounds bench/ptt_rounds.sh \
#     k1:1:1200:4800 k3:3:600:2400 k10:10:250:1000 deo1:1:1200:4800:deo
#
# Each argument is NAME:K:BURN:ROUNDS[:ORDER]: a run of COLUMNS (default 10)
# columns over DIR/ladder.arrows's rungs below DIR/run.arrows's last
# snapshot, BURN + ROUNDS rounds of K sweeps of every rung, swap order ORDER
# (default bottom-up), the walkers' rung rows of every column kept
# (-walker-columns COLUMNS). Runs go two at a time (ONE_AT_A_TIME=1: one at a time),
# with one BLAS thread, nice 10, CPU s = user + system from /usr/bin/time.
# Per run it prints the CPU s, round trips, one-way passages bottom → top
# (bench/ptt_stats.renewal), τ_int of the walkers' rung index and of the
# top rung's F (rounds and CPU s), the acceptance per link, and the
# effective samples of the top rung's F per CPU s, COLUMNS·ROUNDS/(2 τ_F)
# ÷ CPU s. Streams stay in OUT; SUMMARY_ONLY=1 prints the summaries of
# runs already in OUT.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DIR:?DIR: the directory of ladder.arrows and run.arrows}" "${OUT:?OUT: a directory for the streams}"
COLUMNS=${COLUMNS:-10}
PY=${PY:-/usr/bin/python3}
mkdir -p "$OUT"
bin=$PWD/bin
export OPENBLAS_NUM_THREADS=1

run() { # NAME K BURN ROUNDS ORDER
  /usr/bin/time -f "%e %U %S" -o "$OUT/$1.time" nice -n 10 "$bin/rbm-sample" -method ptt -rungs "$DIR/ladder.arrows" \
    -chains "$COLUMNS" -burn-in "$3" -sweeps "$4" -thin "$4" -round-sweeps "$2" -swap-order "$5" \
    -walker-columns "$COLUMNS" -mixing "$OUT/$1-mix.arrows" -o "$OUT/$1-samples.arrows" "$DIR/run.arrows" 2> "$OUT/$1.log"
}

if [ -z "${SUMMARY_ONLY:-}" ]; then
  make -s build
  at_once=2
  [ -z "${ONE_AT_A_TIME:-}" ] || at_once=1
  pids=()
  for spec in "$@"; do
    IFS=: read -r name k burn rounds order <<< "$spec"
    run "$name" "$k" "$burn" "$rounds" "${order:-bottom-up}" &
    pids+=($!)
    if [ "${#pids[@]}" -ge "$at_once" ]; then
      wait "${pids[0]}"
      pids=("${pids[@]:1}")
    fi
  done
  wait
fi

for spec in "$@"; do
  IFS=: read -r name k burn rounds order <<< "$spec"
  "$bin/rbm-cat" -format tsv -no-header -columns what,rung,chain,walker,value,window,ok "$OUT/$name-mix.arrows" |
    awk '$1 != "rung"' > "$OUT/$name-mix.tsv"
  "$bin/rbm-cat" -format tsv -no-header -columns what,chain,walker,round,rung "$OUT/$name-mix.arrows" |
    awk -v OFS='\t' '$1 == "rung" { print $2, $3, $4, $5 }' > "$OUT/$name-walk.tsv"
  "$PY" - "$OUT" "$name" "$k" "$burn" "$rounds" "$COLUMNS" <<'PYEOF'
import sys
import numpy as np
sys.path.insert(0, "bench")
from ptt_stats import renewal
out, name = sys.argv[1:3]
k, burn, rounds, C = map(int, sys.argv[3:7])
e, u, s = map(float, open(f"{out}/{name}.time").read().split()[-3:])
cpu = u + s
mix = [l.rstrip("\n").split("\t") for l in open(f"{out}/{name}-mix.tsv")]
summary = lambda what: [r for r in mix if r[0] == what and r[2] == "-1"][0]
tf, tr = summary("tau_energy"), summary("tau_rung")
acc = np.array([float(r[4]) for r in mix if r[0] == "acceptance"])
trips = float(summary("round_trips")[4])
ctau = np.array([float(r[4]) for r in mix if r[0] == "tau_energy" and r[2] != "-1"])
up, ren, age, first = renewal(f"{out}/{name}-walk.tsv", burn)
tauF, tauR = float(tf[4]), float(tr[4])
per = cpu / (burn + rounds)
neff = C * rounds / (2 * tauF)
print(f"{name} (k = {k}): CPU {cpu:.1f} s (wall {e:.0f}), {1000 * per:.1f} ms a round; {burn} + {rounds} rounds; "
      f"round trips {trips:.0f}; passages bottom -> top {up.sum()} (per column {' '.join(map(str, up))}); "
      f"top states renewed from the bottom after the burn-in {100 * ren:.0f}%")
print(f"  tau of the walkers' rung {tauR:.1f} rounds (window {tr[5]}, ok {tr[6]}) = {tauR * per:.2f} CPU s; "
      f"tau of the top F {tauF:.1f} rounds (window {tf[5]}, ok {tf[6]}) = {tauF * per:.2f} CPU s; per column median {np.median(ctau):.1f}")
print(f"  acceptance lowest {acc.min():.3f}, median {np.median(acc):.3f}, under 0.1: {(acc < 0.1).sum()}; "
      f"n_eff of the top F {neff:.1f} = {neff / cpu:.3f} per CPU s; per 1000 CPU s: {1000 * trips / cpu:.1f} round trips, {1000 * up.sum() / cpu:.1f} passages")
print("  acceptance per link, bottom up: " + " ".join(f"{a:.2f}" for a in acc))
PYEOF
done
