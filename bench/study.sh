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
#     largest measured one scaled by M/M_max when it is above all of them;
#   - the shared inputs (rbm-data) count once; the report stage (aggregate,
#     figures, REPORT.md) scales with the number of hidden sizes.
# The tools are copied first, so rebuilding bin/ during a long profile does
# not change what is measured.
#   bench/study.sh                      SIZES="500 1000" (the default)
#   SIZES="16 64 500 1000" bench/study.sh
#   OUT=/tmp/prof bench/study.sh        keep the outputs (default: a temporary directory)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-500 1000}
FULL_HIDDEN="16 64 256 500 784 1000"
FULL_REPLICAS=5
MNIST=${MNIST:-$(cd ../shared/data/mnist && pwd)}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
OUT=${OUT:-$tmp/out}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

make -s build
cp -r bin "$tmp/bin"

rows=$tmp/rows # size stage wall cpu
# stage NAME SIZE TARGET...: make the targets, timing the whole make.
stage() {
  local name=$1 size=$2; shift 2
  /usr/bin/time -f "%e %U %S" -o "$tmp/t" make -s -C pipelines/paper SCALE=full BIN="$tmp/bin" MNIST="$MNIST" \
    OUT="$OUT" HIDDEN="$SIZES" REPLICAS=0 "$@" >/dev/null
  read -r wall user sys < "$tmp/t"
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  echo "$size $name $wall $cpu" >> "$rows"
  printf "%-6s %-10s %9.1f %9.1f\n" "$size" "$name" "$wall" "$cpu" >&2
}

echo "profiling SCALE=full, r0 of M = $SIZES, outputs in $OUT ($(nproc) cores; $(uptime | sed 's/.*load/load/'))" >&2
stage data shared "$OUT/train.arrows" "$OUT/test.arrows"
for m in $SIZES; do
  d=$OUT/m$m/r0
  stage train "$m" "$d/run.arrows"
  stage svd "$m" "$d/spectrum.arrows"
  stage mp "$m" "$d/mpfit.arrows"
  stage fe "$m" "$d/fe.arrows"
  stage logz "$m" "$d/logz.arrows"
  stage samples "$m" "$d/samples.arrows"
  stage diffusion "$m" "$d/diffusion.arrows"
  stage tables "$m" "run/m$m/r0"
done
stage report all all

awk -v sizes="$SIZES" -v full="$FULL_HIDDEN" -v reps="$FULL_REPLICAS" '
  { wall[$1, $2] += $3; cpu[$1, $2] += $4; if (!($2 in seen)) { seen[$2]; order[++ns] = $2 } }
  END {
    nm = split(sizes, ms, " "); nf = split(full, fs, " ")
    printf "\n%-10s", "stage"; for (i = 1; i <= nm; i++) printf " %17s", "M=" ms[i] " wall/cpu s"; printf "\n"
    for (s = 1; s <= ns; s++) {
      st = order[s]; if (st == "data" || st == "report") continue
      printf "%-10s", st; for (i = 1; i <= nm; i++) printf " %8.1f %8.1f", wall[ms[i], st], cpu[ms[i], st]; printf "\n"
      for (i = 1; i <= nm; i++) { runw[ms[i]] += wall[ms[i], st]; runc[ms[i]] += cpu[ms[i], st] }
    }
    printf "%-10s", "one run"; for (i = 1; i <= nm; i++) printf " %8.1f %8.1f", runw[ms[i]], runc[ms[i]]; printf "\n"
    printf "%-10s %8.1f %8.1f (shared inputs, once)\n", "data", wall["shared", "data"], cpu["shared", "data"]
    printf "%-10s %8.1f %8.1f (aggregate, figures, report of %d sizes)\n", "report", wall["all", "report"], cpu["all", "report"], nm
    # The full study from the measured runs.
    totw = wall["shared", "data"]; totc = cpu["shared", "data"]
    printf "\nfull study (%s, %d replicas), from the measured runs:\n", full, reps
    for (f = 1; f <= nf; f++) {
      M = fs[f]; pick = ""; for (i = 1; i <= nm; i++) if (ms[i] + 0 >= M + 0 && (pick == "" || ms[i] + 0 < pick + 0)) pick = ms[i]
      scale = 1
      if (pick == "") { pick = ms[1]; for (i = 1; i <= nm; i++) if (ms[i] + 0 > pick + 0) pick = ms[i]; scale = M / pick }
      how = (pick == M) ? "measured" : (scale == 1 ? "as M=" pick " (upper bound)" : sprintf("M=%s × %.2f", pick, scale))
      printf "  M=%-5s %d × %7.1f CPU s  %s\n", M, reps, runc[pick] * scale, how
      totw += reps * runw[pick] * scale; totc += reps * runc[pick] * scale
    }
    rep = nf / nm
    totw += rep * wall["all", "report"]; totc += rep * cpu["all", "report"]
    printf "  report  %.2f × %7.1f CPU s  (per hidden size)\n", rep, cpu["all", "report"]
    printf "total: %.0f CPU s = %.2f CPU-hours; %.0f s = %.2f h wall run one stage at a time\n", totc, totc / 3600, totw, totw / 3600
  }' "$rows"
