#!/usr/bin/env bash
# The whole study measured, not extrapolated: runs `make paper` (SCALE=full
# by default) with every tool behind a timing wrapper, so that each of the
# Makefile's tool invocations logs its wall and CPU (user + system) seconds,
# then prints the total of the make and a table per stage and hidden size.
# bench/study.sh profiles one replica target by target; this one runs the
# study itself (both make jobs at once, as `make paper` does) and so also
# measures what runs in between.
#   bench/fullstudy.sh                         SCALE=full, outputs in a temporary directory
#   OUT=/scratch/rbm-full bench/fullstudy.sh   keep the outputs; a rerun resumes
#   SCALE=quick bench/fullstudy.sh             the quick study (2 minutes)
#   bench/fullstudy.sh -summary stages.log     only the table, from an earlier run's log
# The log of every invocation is $OUT/stages.log: tool, wall, user, system, arguments.
set -euo pipefail
cd "$(dirname "$0")/.."

# summary LOG: stage and hidden size of each invocation from its tool,
# method and paths (…/m500/r3/…), summed.
summary() {
  awk '
    function stage(tool, args) {
      if (tool == "rbm-train") return "train"
      if (tool == "rbm-svd") return "svd-data"
      if (tool == "rbm-mp") return "mp-fit"
      if (tool == "rbm-freeenergy") return args ~ /-method mf/ ? "meanfield" : "logz"
      if (tool == "rbm-cat") return "logz"
      if (tool == "rbm-sample") return args ~ /-method diffusion/ ? "diffusion" : "sampling"
      if (tool == "rbm-data") return "data"
      return "report"
    }
    {
      tool = $1; wall = $2; cpu = $3 + $4
      args = ""; for (i = 5; i <= NF; i++) args = args " " $i
      m = "all"
      if (match(args, /\/m[0-9]+\/r[0-9]+\//)) { m = substr(args, RSTART + 2, RLENGTH - 2); sub(/\/.*/, "", m) }
      s = stage(tool, args)
      key = s SUBSEP m
      W[key] += wall; C[key] += cpu; N[key]++
      SW[s] += wall; SC[s] += cpu; MC[m] += cpu; total += cpu
      stages[s] = 1; sizes[m] = 1
    }
    END {
      printf "%-10s %6s %10s %10s %7s\n", "stage", "M", "calls", "wall s", "CPU s"
      ns = split("data train svd-data mp-fit meanfield logz sampling diffusion report", order, " ")
      for (i = 1; i <= ns; i++) {
        s = order[i]; if (!(s in stages)) continue
        nm = 0; for (m in sizes) if ((s SUBSEP m) in N) list[++nm] = m
        for (a = 1; a <= nm; a++) for (b = a + 1; b <= nm; b++)
          if ((list[a] == "all" ? 1e9 : list[a] + 0) > (list[b] == "all" ? 1e9 : list[b] + 0)) { t = list[a]; list[a] = list[b]; list[b] = t }
        for (a = 1; a <= nm; a++) { key = s SUBSEP list[a]; printf "%-10s %6s %10d %10.1f %7.1f\n", s, list[a], N[key], W[key], C[key] }
        printf "%-10s %6s %10s %10.1f %7.1f  (%.0f%%)\n", s, "sum", "", SW[s], SC[s], 100 * SC[s] / total
      }
      printf "tools in all: %.1f CPU s = %.2f CPU-hours\n", total, total / 3600
    }' "$1"
}

if [ "${1:-}" = "-summary" ]; then
  [ -s "${2:-}" ] || { echo "usage: bench/fullstudy.sh -summary stages.log" >&2; exit 2; }
  summary "$2"; exit
fi

SCALE=${SCALE:-full}
MNIST=${MNIST:-$(cd ../shared/data/mnist && pwd)}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
OUT=${OUT:-$tmp/out}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
log=$OUT/stages.log

make -s build
# Copies, so that rebuilding bin/ during a run of hours changes nothing measured.
mkdir -p "$tmp/tools" "$tmp/bin"
for tool in bin/rbm-*; do
  name=$(basename "$tool")
  cp "$tool" "$tmp/tools/$name"
  printf '#!/bin/sh\nexec /usr/bin/time -a -o "%s" -f "%s %%e %%U %%S $*" "%s" "$@"\n' \
    "$log" "$name" "$tmp/tools/$name" > "$tmp/bin/$name"
  chmod +x "$tmp/bin/$name"
done

echo "make paper SCALE=$SCALE, outputs in $OUT ($(nproc) cores; $(uptime | sed 's/.*load/load/'))" >&2
/usr/bin/time -f "%e %U %S" -o "$tmp/t" make -j"${JOBS:-2}" -C pipelines/paper SCALE="$SCALE" \
  BIN="$tmp/bin" MNIST="$MNIST" OUT="$OUT" >/dev/null
read -r wall user sys < "$tmp/t"
summary "$log"
awk -v w="$wall" -v u="$user" -v s="$sys" 'BEGIN {
  printf "make: %.0f s wall, %.0f CPU s (user %.0f + system %.0f) = %.2f CPU-hours\n", w, u + s, u, s, (u + s) / 3600 }'
