#!/usr/bin/env bash
# Mixing and cost of parallel trajectory tempering (rbm-sample -method ptt)
# against plain Gibbs sampling, on an M=500 MNIST model, and PTT's cost per
# round beside the same swaps and sweeps in PyTorch (bench/ptt_torch.py).
#
# The model is rbm-train's on train10k (M=500, EPOCHS epochs of PCD-10, lr
# 0.05, visible biases at the data's logits, 40 log-spaced snapshots, seed 3;
# or MODEL=checkpoint.arrows). The rungs are RUNGS snapshots spread over the
# run (rbm-sample -snapshots). Both samplers run CHAINS chains from noise
# and, for the mean free energy gap that shows whether chains forget their
# start, from test digits:
#   Gibbs  the last snapshot, BURN + ROUNDS sweeps; τ_int of each chain's
#          F(v) over the ROUNDS recorded sweeps (Sokal's window, c = 5,
#          autocovariance averaged over chains: the rule of gibbs.IntegratedTime,
#          recomputed here in numpy from the trace, bench/ptt_stats.py);
#   PTT    BURN + ROUNDS rounds; τ_int of the last rung's F(v) per column and
#          of the walkers' rung index, from the -mixing stream (and the F one
#          recomputed in numpy from the samples, -thin 1).
# Cost per unit CPU: CPU seconds per sweep (round) × τ_int, the CPU time one
# effectively independent sample of one chain costs (÷ CHAINS). Times are
# user + system CPU of separate timing runs that write one sample only.
# The PyTorch peer runs the same rounds at 1 and 2 threads (PEER_THREADS);
# the faster counts. The machine may be shared: the figures are single runs.
#   bench/ptt.sh
#   MODEL= EPOCHS=20 RUNGS=12 CHAINS=100 BURN=100 ROUNDS=500 PEER_THREADS=1,2 bench/ptt.sh   (the defaults)
#   TIMING_ONLY=1 bench/ptt.sh   (the cost per round beside PyTorch only)
#
# Ladder mode (LADDER=ladder.arrows, MODEL= the run it is of): the rungs are
# the ladder stream's rungs below the sampled snapshot (rbm-sample -rungs),
# every LADDER_EVERY-th of them past step LADDER_FROM (bench/ladderthin;
# 1: all), the snapshot SNAPSHOT (an epoch; default last) on top. Gibbs
# samples the same snapshot, G_BURN + G_SWEEPS sweeps (default BURN +
# ROUNDS); PTT runs PTT_CHAINS columns (default CHAINS). The CPU times are those of the diagnostic runs
# themselves (PTT's with its -mixing stream), not separate timing runs, and
# there is no PyTorch peer. Besides the table it prints the rung count, the
# acceptance per link (lowest, median, links under 0.1), how far the
# walkers travelled (rungs spanned, median over walkers of the first 10
# columns) and the random walk's commute time K·Σ_k 1/a_k rounds (a walker
# crossing link k with probability a_k per round; a yardstick for the
# rounds one walker's round trip needs). KEEP=dir keeps the streams.
# PTT_THIN (default 1) is the from-noise PTT run's -thin (the -mixing
# stream's τ are per round whatever it is; the Makefile's full scale: 10);
# PTT_DATA=0 skips the PTT run from test digits (a second PTT run's CPU; its
# columns then read nan).
#   LADDER=ladder.arrows MODEL=run.arrows [LADDER_EVERY=1 LADDER_FROM=0 SNAPSHOT=last PTT_CHAINS=$CHAINS G_BURN=$BURN G_SWEEPS=$ROUNDS PTT_THIN=1 PTT_DATA=1 KEEP=] bench/ptt.sh
set -euo pipefail
cd "$(dirname "$0")/.."
EPOCHS=${EPOCHS:-20}
RUNGS=${RUNGS:-12}
CHAINS=${CHAINS:-100}
BURN=${BURN:-100}
ROUNDS=${ROUNDS:-500}
PEER_THREADS=${PEER_THREADS:-1,2}
PY=${PYTHON:-/usr/bin/python3}
MNIST=${MNIST:-$(cd ../shared/data/mnist && pwd)}
LADDER=${LADDER:-}
LADDER_EVERY=${LADDER_EVERY:-1}
LADDER_FROM=${LADDER_FROM:-0}
SNAPSHOT=${SNAPSHOT:-last}
PTT_CHAINS=${PTT_CHAINS:-$CHAINS}
G_BURN=${G_BURN:-$BURN}
G_SWEEPS=${G_SWEEPS:-$ROUNDS}
PTT_THIN=${PTT_THIN:-1}
PTT_DATA=${PTT_DATA:-1}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

cpu() { # user + system seconds of the command
  /usr/bin/time -f "%U %S" -o "$tmp/time" "$@" >/dev/null
  awk '{ print $1 + $2 }' "$tmp/time"
}

ladder_mode() {
  local rungs=$LADDER
  if [ "$LADDER_EVERY" != 1 ]; then
    rungs=$tmp/ladder.arrows
    go run ./bench/ladderthin -every "$LADDER_EVERY" -from "$LADDER_FROM" < "$LADDER" > "$rungs"
  fi
  local g=(-chains "$CHAINS" -burn-in "$G_BURN" -sweeps "$G_SWEEPS" -snapshots "$SNAPSHOT")
  local p=(-method ptt -rungs "$rungs" -chains "$PTT_CHAINS" -burn-in "$BURN" -sweeps "$ROUNDS" -snapshots "$SNAPSHOT")
  echo "model: $model, snapshot $SNAPSHOT; rungs: $LADDER, every $LADDER_EVERY past step $LADDER_FROM"
  local t_gibbs t_ptt t_pdata
  t_ptt=$(cpu bin/rbm-sample "${p[@]}" -thin "$PTT_THIN" -mixing "$tmp/mix.arrows" -walker-columns 10 -o "$tmp/pnoise.arrows" "$model")
  t_gibbs=$(cpu bin/rbm-sample -method gibbs "${g[@]}" -thin "$G_SWEEPS" -trace "$tmp/gtrace.arrows" -o "$tmp/gnoise.arrows" "$model")
  bin/rbm-sample -method gibbs "${g[@]}" -thin "$G_SWEEPS" -init data -data "$tmp/test.arrows" -o "$tmp/gdata.arrows" "$model" 2>/dev/null
  t_pdata=nan
  if [ "$PTT_DATA" != 0 ]; then
    t_pdata=$(cpu bin/rbm-sample "${p[@]}" -thin "$ROUNDS" -init data -data "$tmp/test.arrows" -o "$tmp/pdata.arrows" "$model")
  fi
  if [ -n "${KEEP:-}" ]; then
    mkdir -p "$KEEP"
    cp "$tmp"/{gtrace,gnoise,gdata,mix,pnoise}.arrows "$KEEP"/
    [ "$PTT_DATA" = 0 ] || cp "$tmp/pdata.arrows" "$KEEP"/
  fi

  bin/rbm-cat -format tsv -no-header -columns chain,sweep,free_energy "$tmp/gtrace.arrows" > "$tmp/gtrace.tsv"
  bin/rbm-cat -format tsv -no-header -columns what,rung,chain,walker,value,window,ok "$tmp/mix.arrows" > "$tmp/mix.tsv"
  bin/rbm-cat -format tsv -no-header -columns what,chain,walker,round,rung "$tmp/mix.arrows" |
    awk -v OFS='\t' '$1 == "rung" { print $2, $3, $4, $5 }' > "$tmp/walk.tsv"
  for f in gnoise gdata pnoise pdata; do # mean F at the last recorded sweep (round), its standard error over chains
    [ -e "$tmp/$f.arrows" ] || { echo "nan nan" > "$tmp/$f.mean"; continue; }
    bin/rbm-cat -format tsv -no-header -columns sweep,free_energy "$tmp/$f.arrows" |
      awk '{ s[NR] = $1; f[NR] = $2; if ($1 > last) last = $1 }
        END { for (i = 1; i <= NR; i++) if (s[i] == last) { n++; t += f[i]; q += f[i] * f[i] }
          m = t / n; printf "%.3f %.3f\n", m, sqrt((q / n - m * m) / (n - 1)) }' > "$tmp/$f.mean"
  done
  "$PY" - "$tmp" "$G_BURN" "$G_SWEEPS" "$BURN" "$ROUNDS" "$CHAINS" "$PTT_CHAINS" "$t_gibbs" "$t_ptt" "$t_pdata" <<'PYEOF'
import sys
import numpy as np
sys.path.insert(0, "bench")
from ptt_stats import mixing_report, series, tau
tmp = sys.argv[1]
gburn, gsweeps, burn, rounds, gchains, pchains = map(int, sys.argv[2:8])
t_gibbs, t_ptt, t_pdata = map(float, sys.argv[8:11])

g_tau = tau(series(f"{tmp}/gtrace.tsv", gburn))
mean = {f: [float(v) for v in open(f"{tmp}/{f}.mean").read().split()] for f in ("gnoise", "gdata", "pnoise", "pdata")}
mix = [l.rstrip("\n").split("\t") for l in open(f"{tmp}/mix.tsv")]
summary = lambda what: [r for r in mix if r[0] == what and r[2] == "-1"][0]
p_tau = summary("tau_energy")
K = sum(r[0] == "acceptance" for r in mix) + 1
g_sweep, p_round = t_gibbs / (gburn + gsweeps), t_ptt / (burn + rounds)
fm = lambda f: f"{mean[f][0]:9.2f} ± {mean[f][1]:4.2f}"
gap = lambda a, b: f"{mean[a][0] - mean[b][0]:+.2f} ± {np.hypot(mean[a][1], mean[b][1]):.2f}"
print(f"\nplain Gibbs ({gchains} chains, {gburn} + {gsweeps} sweeps) vs PTT ({pchains} columns, {K} rungs, {burn} + {rounds} rounds); CPU s = user + system")
print(f"{'':24s} {'CPU s/step':>10s} {'tau_int F':>10s} {'window':>7s} {'CPU s/indep. sample/chain':>26s} {'<F> noise':>16s} {'<F> data':>16s} {'noise - data':>16s}")
print(f"{'Gibbs (sweeps)':24s} {g_sweep:10.4f} {g_tau[0]:10.1f} {g_tau[1]:7d}{'' if g_tau[2] else '*'} {g_sweep * g_tau[0] / gchains:26.5f} {fm('gnoise')} {fm('gdata')} {gap('gnoise', 'gdata'):>16s}")
print(f"{'PTT (rounds), top rung':24s} {p_round:10.4f} {float(p_tau[4]):10.1f} {int(p_tau[5]):7d}{'' if p_tau[6] in ('true', '1') else '*'} {p_round * float(p_tau[4]) / pchains:26.5f} {fm('pnoise')} {fm('pdata')} {gap('pnoise', 'pdata'):>16s}")
print("(* no window fitted: tau is a lower bound; ± is the standard error over chains)")
print(f"CPU s of the runs: Gibbs {t_gibbs:.1f}; PTT {t_ptt:.1f} from noise (with -mixing), {t_pdata:.1f} from test digits")
mixing_report(mix, f"{tmp}/walk.tsv", burn, rounds, pchains, t_ptt)
PYEOF
}

make -s build
bin/rbm-data -o "$tmp/train.arrows" "$MNIST/train10k-images-idx3-ubyte.gz"
bin/rbm-data -o "$tmp/test.arrows" "$MNIST/t10k-images-idx3-ubyte.gz"
model=${MODEL:-}
if [ -n "$LADDER" ]; then
  [ -n "$model" ] || { echo "ptt.sh: LADDER needs MODEL, the run the ladder is of" >&2; exit 2; }
  [ -z "${TIMING_ONLY:-}" ] || { echo "ptt.sh: TIMING_ONLY has no ladder mode" >&2; exit 2; }
  ladder_mode
  exit 0
fi
if [ -z "$model" ]; then
  model=$tmp/run.arrows
  bin/rbm-train -hidden 500 -epochs "$EPOCHS" -method pcd -k 10 -visible-bias logit -log-snapshots 40 -seed 3 \
    -o "$model" "$tmp/train.arrows" 2>/dev/null
fi
# RUNGS distinct epochs spread evenly over the snapshots' rows, the last included.
epochs=$(bin/rbm-cat -format tsv -no-header -columns epoch "$model" | uniq |
  awk -v k="$RUNGS" '{ e[NR] = $1 } END { for (i = 1; i <= k; i++) { r = int(1 + (NR - 1) * (i - 1) / (k - 1) + 0.5); if (!(r in seen)) { seen[r]; printf "%s%s", (n++ ? "," : ""), e[r] } } }')
echo "model: $model; rungs at epochs $epochs"

common=(-chains "$CHAINS" -burn-in "$BURN" -sweeps "$ROUNDS")
rungs_json() {
  bin/rbm-cat -format jsonl -full -columns epoch,W,a,b "$model" | "$PY" -c '
import json, sys
want = set(int(e) for e in sys.argv[1].split(","))
last = {}
for line in sys.stdin:
    d = json.loads(line); last[d["epoch"]] = line
for e in sorted(want): sys.stdout.write(last[e])' "$epochs" > "$tmp/rungs.jsonl"
}
if [ -n "${TIMING_ONLY:-}" ]; then
  rungs_json
  t_ptt=$(cpu bin/rbm-sample -method ptt -snapshots "$epochs" "${common[@]}" -thin "$ROUNDS" -o "$tmp/x.arrows" "$model")
  peer=$("$PY" bench/ptt_torch.py "$tmp/rungs.jsonl" "$ROUNDS" "$CHAINS" "$PEER_THREADS")
  echo "PTT cost per round, $CHAINS chains per rung: rbmkit $(awk -v t="$t_ptt" -v n="$((BURN + ROUNDS))" 'BEGIN { printf "%.4f", t / n }') CPU s (whole run / rounds)"
  echo "$peer" | awk -v t="$t_ptt" -v n="$((BURN + ROUNDS))" '{ printf "  PyTorch %s thread(s): %.4f wall s, %.4f CPU s per round; rbmkit CPU / this: %.2f\n", $2, $3, $4, t / n / $4 }'
  exit 0
fi

# Diagnostic runs.
bin/rbm-sample -method gibbs -snapshots last "${common[@]}" -thin "$ROUNDS" -trace "$tmp/gtrace.arrows" -o "$tmp/gnoise.arrows" "$model"
bin/rbm-sample -method gibbs -snapshots last "${common[@]}" -thin "$ROUNDS" -init data -data "$tmp/test.arrows" -o "$tmp/gdata.arrows" "$model"
bin/rbm-sample -method ptt -snapshots "$epochs" "${common[@]}" -thin 1 -mixing "$tmp/mix.arrows" -o "$tmp/pnoise.arrows" "$model" 2> "$tmp/ptt.log"
bin/rbm-sample -method ptt -snapshots "$epochs" "${common[@]}" -thin "$ROUNDS" -init data -data "$tmp/test.arrows" -o "$tmp/pdata.arrows" "$model" 2>/dev/null
# Timing runs: one recorded sample, no side streams.
t_gibbs=$(cpu bin/rbm-sample -method gibbs -snapshots last "${common[@]}" -thin "$ROUNDS" -o "$tmp/x.arrows" "$model")
t_ptt=$(cpu bin/rbm-sample -method ptt -snapshots "$epochs" "${common[@]}" -thin "$ROUNDS" -o "$tmp/x.arrows" "$model")
rungs_json
peer=$("$PY" bench/ptt_torch.py "$tmp/rungs.jsonl" 50 "$CHAINS" "$PEER_THREADS")

bin/rbm-cat -format tsv -no-header -columns chain,sweep,free_energy "$tmp/gtrace.arrows" > "$tmp/gtrace.tsv"
bin/rbm-cat -format tsv -no-header -columns chain,sweep,free_energy "$tmp/pnoise.arrows" > "$tmp/pf.tsv"
bin/rbm-cat -format tsv -no-header -columns what,rung,chain,walker,value,window,ok "$tmp/mix.arrows" | awk '$1 != "rung"' > "$tmp/mix.tsv"
for f in gnoise gdata pnoise pdata; do
  bin/rbm-cat -format tsv -no-header -columns sweep,free_energy "$tmp/$f.arrows" |
    awk -v s="$((BURN + ROUNDS))" '$1 == s { n++; t += $2 } END { printf "%.3f\n", t / n }' > "$tmp/$f.mean"
done

"$PY" - "$tmp" "$BURN" "$ROUNDS" "$CHAINS" "$t_gibbs" "$t_ptt" "$peer" <<'EOF'
import sys
import numpy as np
sys.path.insert(0, "bench")
from ptt_stats import series, tau
tmp, burn, rounds, chains = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
t_gibbs, t_ptt, peer = float(sys.argv[5]), float(sys.argv[6]), sys.argv[7]

mean = lambda f: float(open(f"{tmp}/{f}.mean").read())
g_tau = tau(series(f"{tmp}/gtrace.tsv", burn))
p_tau_np = tau(series(f"{tmp}/pf.tsv", burn))
mix = [l.rstrip("\n").split("\t") for l in open(f"{tmp}/mix.tsv")]
get = lambda what: [r for r in mix if r[0] == what and r[2] == "-1"]
p_tau, p_rung = get("tau_energy")[0], get("tau_rung")[0]
acc = [float(r[4]) for r in mix if r[0] == "acceptance"]
trips = float([r for r in mix if r[0] == "round_trips" and r[2] == "-1"][0][4])
steps = burn + rounds
g_sweep, p_round = t_gibbs / steps, t_ptt / steps
print(f"\nplain Gibbs vs PTT, {chains} chains, {burn} + {rounds} sweeps (rounds); CPU s = user + system")
print(f"{'':28s} {'CPU s/step':>10s} {'tau_int F':>10s} {'window':>7s} {'CPU s per indep. sample':>24s} {'<F> noise':>10s} {'<F> data':>10s}")
print(f"{'Gibbs (sweeps)':28s} {g_sweep:10.4f} {g_tau[0]:10.1f} {g_tau[1]:7d}{'' if g_tau[2] else '*'} {g_sweep * g_tau[0] / chains:24.5f} {mean('gnoise'):10.2f} {mean('gdata'):10.2f}")
print(f"{'PTT (rounds), last rung':28s} {p_round:10.4f} {float(p_tau[4]):10.1f} {int(p_tau[5]):7d}{'' if p_tau[6] in ('true', '1') else '*'} {p_round * float(p_tau[4]) / chains:24.5f} {mean('pnoise'):10.2f} {mean('pdata'):10.2f}")
print(f"PTT tau_int of F recomputed in numpy from the samples: {p_tau_np[0]:.1f} (window {p_tau_np[1]})")
print(f"PTT tau_int of the walkers' rung index: {float(p_rung[4]):.1f} rounds (window {p_rung[5]}, ok {p_rung[6]}); round trips {trips:.0f}")
print("PTT acceptance per link: " + " ".join(f"{a:.2f}" for a in acc))
print("(* no window fitted: tau is a lower bound)")
print(f"\nPTT cost per round, {chains} chains per rung: rbmkit {p_round:.4f} CPU s (whole run / rounds, reading the checkpoint included)")
best = None
for line in peer.splitlines():
    _, t, wall, cpu, f = line.split()
    print(f"  PyTorch {t} thread(s): {float(wall):.4f} wall s, {float(cpu):.4f} CPU s per round (mean top F {float(f):.2f})")
    best = float(cpu) if best is None else min(best, float(cpu))
print(f"  rbmkit CPU / best PyTorch CPU per round: {p_round / best:.2f}")
EOF
