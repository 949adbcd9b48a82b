#!/usr/bin/env bash
# PTT's mixing lines from a -mixing stream already written (rbm-sample
# -method ptt ... -mixing MIX), without bench/ptt.sh's Gibbs runs: τ of the
# top rung's F and of the walkers' rung index (Sokal's window), round trips,
# acceptance per link, bottom → top passages and the top's renewal from the
# bottom (the walker-columns' rung rows), the CPU s per round per rung per
# column (bench/ptt_stats.py's mixing_report, the lines bench/ptt.sh's
# ladder mode prints). BURN, ROUNDS and COLUMNS are the run's -burn-in,
# -sweeps and -chains; CPU the run's user + system seconds.
#   bench/ptt_mixing.sh MIX BURN ROUNDS COLUMNS CPU
set -euo pipefail
[ $# = 5 ] || { sed -n '2,10p' "$0" >&2; exit 2; }
mix=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/.."
PY=${PYTHON:-/usr/bin/python3}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
bin/rbm-cat -format tsv -no-header -columns what,rung,chain,walker,value,window,ok "$mix" > "$tmp/mix.tsv"
bin/rbm-cat -format tsv -no-header -columns what,chain,walker,round,rung "$mix" |
  awk -v OFS='\t' '$1 == "rung" { print $2, $3, $4, $5 }' > "$tmp/walk.tsv"
"$PY" - "$tmp" "$2" "$3" "$4" "$5" <<'PYEOF'
import sys
sys.path.insert(0, "bench")
from ptt_stats import mixing_report
tmp, burn, rounds, columns, cpu = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
mix = [l.rstrip("\n").split("\t") for l in open(f"{tmp}/mix.tsv")]
f = [r for r in mix if r[0] == "tau_energy" and r[2] == "-1"][0]
print(f"PTT, {columns} columns, {burn} + {rounds} rounds, {cpu:.1f} CPU s ({cpu / (burn + rounds):.4f} a round)")
print(f"PTT tau_int of the top rung's F: {float(f[4]):.1f} rounds (window {f[5]}, ok {f[6]}); n_eff = C*R/(2 tau) = {columns * rounds / (2 * float(f[4])):.0f}")
mixing_report(mix, f"{tmp}/walk.tsv", burn, rounds, columns, cpu)
PYEOF
