#!/usr/bin/env bash
# Stage profile of the paper's study at SCALE=full: one replica (r0) of
# each hidden size in SIZES through every per-run stage of
# pipelines/paper/Makefile (the Makefile's own rules, one target at a time,
# so the commands are exactly those of `make paper SCALE=full`), then the
# aggregation, figures and report of those runs. Prints per stage the wall
# and CPU seconds (user + system of the tool and its children), and the
# full study's total (HIDDEN = 16 64 256 500 784 1000, 5 replicas) computed
# from the measured parts:
#   - a measured size counts as measured;
#   - an unmeasured size counts as the smallest measured size at or above it
#     (every stage's cost grows with M, so this is an upper bound), or the
#     largest measured one scaled by M/M_max when it is above all of them
#     (a lower bound for the stages whose cost grows faster than M: the
#     samples stage, whose ladder has more rungs at larger M);
#   - the log Z stage runs its validation AIS at replica REP only: r0 is
#     timed as REP (logz: validation + readout) and again as any other
#     replica (logz-read: the trajectory readout alone), and the full study
#     counts one of the first and four of the second per size;
#   - the shared inputs (rbm-data) count once; the report stage (aggregate,
#     figures, REPORT.md) scales with the number of hidden sizes.
# Stages: train (rbm-train -logz -ladder: run.arrows, ladder.arrows), svd
# (spectrum.arrows), mp, fe (mean field, TAP), samples (PTT over the ladder:
# samples.arrows, mixing.arrows), gibbs (plain Gibbs comparison: gibbs.arrows,
# trace.arrows), logz, logz-read, projections (rbm-svd of the samples),
# diffusion (with the equilibrium check), tables (whatever else run/m<M>/r0
# needs: nothing when the list above is complete).
#
# PTT_PROBE="500=10+20 1000=5+10": for those sizes the samples stage runs
# PTT_BURNIN=10 PTT_ROUNDS=20 instead of the Makefile's full-scale rounds
# (1000 + 4000), recording two rounds (PTT_THIN=10; the full scale records
# 40, every 100th), and the summary scales its CPU linearly to those rounds
# (an upper bound by the part that does not grow with rounds: reading the
# ladder, writing the streams), saying so. Its later stages read those
# shorter samples, which changes their inputs' values, not their work.
#
# The rows (size stage wall cpu) go to $OUT/study.rows; the summary of one
# or more rows files (profiles of different sizes run apart) is
#   bench/study.sh -summary /tmp/prof/study.rows /tmp/prof1000/study.rows
# and this machine's speed against the idle one of 2026-12-06 (see speed):
#   bench/study.sh -speed /tmp/old/bin bin
# The tools are copied first, so rebuilding bin/ during a long profile does
# not change what is measured.
#   bench/study.sh                      SIZES="500 1000" (the default)
#   SIZES="16 64 500 1000" bench/study.sh
#   OUT=/tmp/prof bench/study.sh        keep the outputs (default: a temporary directory)
#   STAGES="samples logz logz-read" REPORT=0 OUT=/tmp/prof bench/study.sh
#                                       some stages (in this order; the others
#                                       they need are made, and timed, within
#                                       them), rows appended; no report
set -euo pipefail
cd "$(dirname "$0")/.."
FULL_HIDDEN="16 64 256 500 784 1000"
FULL_REPLICAS=5
FULL_PTT_ROUNDS=5000 # the Makefile's SCALE=full PTT_BURNIN + PTT_ROUNDS

summary() {
  awk -v full="$FULL_HIDDEN" -v reps="$FULL_REPLICAS" -v fullrounds="$FULL_PTT_ROUNDS" '
    $2 == "probe" { probe[$1] = $3; next } # size probe rounds
    { wall[$1, $2] += $3; cpu[$1, $2] += $4; if (!($2 in seen)) { seen[$2]; order[++ns] = $2 }
      if ($1 != "shared" && $1 != "all" && !($1 in isz)) { isz[$1]; ms[++nm] = $1 } }
    END {
      for (a = 1; a <= nm; a++) for (b = a + 1; b <= nm; b++) if (ms[a] + 0 > ms[b] + 0) { t = ms[a]; ms[a] = ms[b]; ms[b] = t }
      nf = split(full, fs, " ")
      # The samples stage of a probed size, scaled to the full rounds.
      for (i = 1; i <= nm; i++) if (ms[i] in probe) {
        k = fullrounds / probe[ms[i]]; wall[ms[i], "samples"] *= k; cpu[ms[i], "samples"] *= k
        printf "M=%s samples: measured over %d PTT rounds, scaled ×%.1f to %d (extrapolated)\n", ms[i], probe[ms[i]], k, fullrounds
      }
      printf "\n%-12s", "stage"; for (i = 1; i <= nm; i++) printf " %17s", "M=" ms[i] " wall/cpu s"; printf "\n"
      for (s = 1; s <= ns; s++) {
        st = order[s]; if (st == "data" || st == "report") continue
        printf "%-12s", st; for (i = 1; i <= nm; i++) printf " %8.1f %8.1f", wall[ms[i], st], cpu[ms[i], st]; printf "\n"
        if (st == "logz-read") continue # r0 is REP: its run has the logz stage
        for (i = 1; i <= nm; i++) { runw[ms[i]] += wall[ms[i], st]; runc[ms[i]] += cpu[ms[i], st] }
      }
      printf "%-12s", "run r0 (REP)"; for (i = 1; i <= nm; i++) printf " %8.1f %8.1f", runw[ms[i]], runc[ms[i]]; printf "\n"
      printf "%-12s %8.1f %8.1f (shared inputs, once)\n", "data", wall["shared", "data"], cpu["shared", "data"]
      printf "%-12s %8.1f %8.1f (aggregate, figures, report of %d sizes)\n", "report", wall["all", "report"], cpu["all", "report"], nm
      # The full study from the measured runs, per stage.
      printf "\nfull study (%s, %d replicas), from the measured runs:\n", full, reps
      for (f = 1; f <= nf; f++) {
        M = fs[f]; pick = ""; for (i = 1; i <= nm; i++) if (ms[i] + 0 >= M + 0 && (pick == "" || ms[i] + 0 < pick + 0)) pick = ms[i]
        scale = 1
        if (pick == "") { pick = ms[nm]; scale = M / pick }
        how = (pick == M) ? "measured" : (scale == 1 ? "as M=" pick " (upper bound)" : sprintf("M=%s × %.2f", pick, scale))
        sz = 0
        for (s = 1; s <= ns; s++) {
          st = order[s]; if (st == "data" || st == "report" || st == "logz-read") continue
          n = (st == "logz") ? 1 : reps
          c = n * cpu[pick, st] * scale; w = n * wall[pick, st] * scale
          if (st == "logz") { c += (reps - 1) * cpu[pick, "logz-read"] * scale; w += (reps - 1) * wall[pick, "logz-read"] * scale }
          SC[st] += c; sz += c; totc += c; totw += w
        }
        printf "  M=%-5s %9.1f CPU s  %s\n", M, sz, how
      }
      rep = nf / nm
      totw += wall["shared", "data"] + rep * wall["all", "report"]; totc += cpu["shared", "data"] + rep * cpu["all", "report"]
      printf "  data    %9.1f CPU s\n  report  %.2f × %.1f CPU s  (per hidden size)\n", cpu["shared", "data"], rep, cpu["all", "report"]
      printf "per stage:\n"
      for (s = 1; s <= ns; s++) { st = order[s]; if (st in SC) printf "  %-12s %9.1f CPU s (%4.1f%%)\n", st, SC[st], 100 * SC[st] / totc }
      printf "total: %.0f CPU s = %.2f CPU-hours; %.0f s = %.2f h wall run one stage at a time\n", totc, totc / 3600, totw, totw / 3600
    }' "$@"
}

# speed BIN...: this machine's speed now against the idle one of the
# 2026-12-06 full study, whose training (plain CD-1, 5 replicas × 100 epochs
# of every size in FULL_HIDDEN, 18 snapshots a run) took 2,726 CPU s: each
# BIN's rbm-train at the study's training flags (without -logz and
# -ladder), one 100-epoch run per size, the BINs interleaved size by size;
# 5 × their sum is that training on this machine, and 2,726 ÷ it the factor
# to the idle machine. Give the 2026-12-06 build (git worktree add /tmp/old
# 652393a; make build there) for the factor itself, the current one to see
# whether training changed. (Runs of 1 and 3 epochs, differenced, were too
# noisy under load: per-epoch slopes of 0.1–0.9 CPU s at M = 1000.)
speed() {
  local tmp i bin m; tmp=$(mktemp -d)
  MNIST=${MNIST:-$(cd ../shared/data/mnist && pwd)}
  i=0
  for bin in "$@"; do # each build reads its own build's data stream
    i=$((i + 1))
    "$bin/rbm-data" -labels "$MNIST/train10k-labels-idx1-ubyte.gz" -o "$tmp/train$i.arrows" "$MNIST/train10k-images-idx3-ubyte.gz"
  done
  for m in $FULL_HIDDEN; do
    i=0
    for bin in "$@"; do
      i=$((i + 1))
      /usr/bin/time -f "%U %S" -o "$tmp/t" "$bin/rbm-train" -hidden "$m" -epochs 100 -lr 0.01 -k 1 -batch 100 -init-std 0.01 \
        -method cd -visible-bias logit -seed 2025 -top-sigma 32 -o "$tmp/run.arrows" "$tmp/train$i.arrows" 2>/dev/null
      echo "$bin $m $(awk '{ print $1 + $2 }' "$tmp/t") $(cut -d' ' -f1 /proc/loadavg)"
    done
  done | tee "$tmp/rows" >&2
  awk -v reps="$FULL_REPLICAS" '
    { tot[$1] += reps * $3; if (!($1 in seen)) { seen[$1]; bins[++nb] = $1 } }
    END { for (b = 1; b <= nb; b++) printf "%s: the full study'"'"'s training %.0f CPU s here; idle (2026-12-06) 2726: factor %.2f\n", bins[b], tot[bins[b]], 2726 / tot[bins[b]] }
  ' "$tmp/rows"
  rm -rf "$tmp"
}

if [ "${1:-}" = "-speed" ]; then
  shift; [ $# -gt 0 ] || { echo "usage: bench/study.sh -speed BIN..." >&2; exit 2; }
  speed "$@"; exit
fi
if [ "${1:-}" = "-summary" ]; then
  shift; [ $# -gt 0 ] || { echo "usage: bench/study.sh -summary ROWS..." >&2; exit 2; }
  summary "$@"; exit
fi

SIZES=${SIZES:-500 1000}
PTT_PROBE=${PTT_PROBE:-}
ALL_STAGES="train svd mp fe samples gibbs logz logz-read projections diffusion tables"
STAGES=${STAGES:-$ALL_STAGES}
REPORT=${REPORT:-1}
MNIST=${MNIST:-$(cd ../shared/data/mnist && pwd)}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
OUT=${OUT:-$tmp/out}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

make -s build
cp -r bin "$tmp/bin"

rows=$OUT/study.rows # size stage wall cpu; a run of some STAGES appends
[ "$STAGES" != "$ALL_STAGES" ] || : > "$rows"
# stage NAME SIZE [VAR=VALUE...] TARGET...: make the targets, timing the whole make.
stage() {
  local name=$1 size=$2; shift 2
  /usr/bin/time -f "%e %U %S" -o "$tmp/t" make -s -C pipelines/paper SCALE=full BIN="$tmp/bin" MNIST="$MNIST" \
    OUT="$OUT" HIDDEN="$SIZES" REPLICAS=0 "$@" >/dev/null
  read -r wall user sys < "$tmp/t"
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  echo "$size $name $wall $cpu" >> "$rows"
  printf "%-6s %-12s %9.1f %9.1f  %s\n" "$size" "$name" "$wall" "$cpu" "$(date -u +%H:%M:%S)" >&2
}

echo "profiling SCALE=full, r0 of M = $SIZES, outputs in $OUT ($(nproc) cores; $(uptime | sed 's/.*load/load/'))" >&2
stage data shared "$OUT/train.arrows" "$OUT/test.arrows"
for m in $SIZES; do
  d=$OUT/m$m/r0
  ptt=()
  for p in $PTT_PROBE; do
    if [ "${p%%=*}" = "$m" ]; then
      r=${p#*=}; ptt=(PTT_BURNIN="${r%+*}" PTT_ROUNDS="${r#*+}" PTT_THIN=$((${r#*+} < 100 ? (${r#*+} + 1) / 2 : 100)))
      echo "$m probe $((${r%+*} + ${r#*+})) 0" >> "$rows"
    fi
  done
  for s in $STAGES; do
    case $s in
      train) stage train "$m" "$d/run.arrows" ;;
      svd) stage svd "$m" "$d/spectrum.arrows" ;;
      mp) stage mp "$m" "$d/mpfit.arrows" ;;
      fe) stage fe "$m" "$d/fe.arrows" ;;
      samples) stage samples "$m" "${ptt[@]}" "$d/samples.arrows" ;;
      gibbs) stage gibbs "$m" "$d/gibbs.arrows" ;;
      logz) stage logz "$m" "${ptt[@]}" "$d/logz.arrows" ;;
      logz-read) # the same stage as at a replica other than REP: the readout alone
        mv "$d/logz.arrows" "$d/logz.ref.arrows"
        stage logz-read "$m" "${ptt[@]}" REP=none "$d/logz.arrows"
        mv "$d/logz.arrows" "$d/logz.read.arrows"; mv "$d/logz.ref.arrows" "$d/logz.arrows" ;;
      projections) stage projections "$m" "${ptt[@]}" "$d/projections.arrows" ;;
      diffusion) stage diffusion "$m" "${ptt[@]}" "$d/diffusion.arrows" ;;
      tables) stage tables "$m" "${ptt[@]}" "run/m$m/r0" ;;
      *) echo "unknown stage $s" >&2; exit 2 ;;
    esac
  done
done
[ "$REPORT" = 0 ] || stage report all all
summary "$rows"
