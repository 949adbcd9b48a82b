#!/usr/bin/env bash
# Submit the paper's study (pipelines/paper/Makefile) to Slurm as three jobs:
#
#   rbm-prep   the shared inputs (the training and test sets)
#   rbm-run    a job array, one task per hidden size × replica, after rbm-prep
#   rbm-all    aggregation, figures and REPORT.md (make all), after every task
#
# usage: pipelines/slurm/submit.sh [sbatch option ...] [VAR=value ...]
#
#   VAR=value       a variable of pipelines/paper/Makefile (SCALE, OUT, HIDDEN,
#                   REPLICAS, EPOCHS, LR, K, INIT, MNIST, ...), given to every
#                   make call of every job; a relative OUT is taken relative to
#                   the current directory
#   other args      sbatch options for all three jobs (--partition=cpu,
#                   --account=proj, --qos=..., -p cpu)
#
# Environment:
#   PREP_OPTS, RUN_OPTS, ALL_OPTS   extra sbatch options for one of the jobs
#                                   (e.g. RUN_OPTS="--time=4:00:00 -c 8")
#   ARRAY_LIMIT     run at most this many array tasks at once (--array=...%N)
#   LOGS            where the jobs' logs go (default: $OUT/slurm)
#   BUILD=0         do not build the tools first (make build, on this node)
#   DRY_RUN=1       print the sbatch commands instead of running them
#
# Prints the three job ids (prep, array, aggregation) on stdout. Submitting
# again with the same variables resumes: finished artifacts are kept,
# interrupted training continues from its last snapshot.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
paper=$root/pipelines/paper
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES

case "${1:-}" in
-h | --help)
  sed -n '2,/^set -e/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
  exit 0
  ;;
esac

opts=() vars=()
for a in "$@"; do
  if [[ $a =~ ^[A-Za-z_][A-Za-z0-9_]*= ]]; then
    name=${a%%=*} value=${a#*=}
    if [ "$name" = OUT ] && [[ $value != /* ]]; then value=$PWD/$value; fi
    vars+=("$name=$value")
  else
    opts+=("$a")
  fi
done

query() { make -s --no-print-directory -C "$paper" "${vars[@]}" "print-$1"; }

if [ "${BUILD:-1}" != 0 ] && [ "${DRY_RUN:-0}" = 0 ]; then
  make -s -C "$root" build >&2
fi

read -r -a hidden <<<"$(query HIDDEN)"
read -r -a replicas <<<"$(query REPLICAS)"
out=$(query OUT)
[[ $out == /* ]] || out=$paper/$out
n=$((${#hidden[@]} * ${#replicas[@]}))
[ "$n" -gt 0 ] || { echo "submit.sh: the study has no runs (HIDDEN='${hidden[*]}', REPLICAS='${replicas[*]}')" >&2; exit 2; }
logs=${LOGS:-$out/slurm}
[[ $logs == /* ]] || logs=$PWD/$logs

submit() {
  if [ "${DRY_RUN:-0}" != 0 ]; then
    printf '%q ' sbatch "$@" >&2
    echo >&2
    echo "$((RANDOM + 1000))"
    return
  fi
  local id
  id=$(sbatch --parsable "$@")
  echo "${id%%;*}"
}

[ "${DRY_RUN:-0}" != 0 ] || mkdir -p "$logs"
# shellcheck disable=SC2086 # the *_OPTS variables are lists of options
prep=$(submit --chdir="$root" --job-name=rbm-prep --cpus-per-task=1 \
  --output="$logs/%x-%j.out" "${opts[@]}" ${PREP_OPTS-} \
  "$here/paper.sbatch" prep "${vars[@]}")
# shellcheck disable=SC2086
runs=$(submit --chdir="$root" --job-name=rbm-run \
  --array="0-$((n - 1))${ARRAY_LIMIT:+%$ARRAY_LIMIT}" \
  --dependency="afterok:$prep" --kill-on-invalid-dep=yes \
  --output="$logs/%x-%A_%a.out" "${opts[@]}" ${RUN_OPTS-} \
  "$here/paper.sbatch" run "${vars[@]}")
# shellcheck disable=SC2086
all=$(submit --chdir="$root" --job-name=rbm-all \
  --dependency="afterok:$runs" --kill-on-invalid-dep=yes \
  --output="$logs/%x-%j.out" "${opts[@]}" ${ALL_OPTS-} \
  "$here/paper.sbatch" all "${vars[@]}")

cat >&2 <<EOF
submit.sh: $n runs (M = ${hidden[*]}; replicas ${replicas[*]}) into $out
  prep job $prep, array job $runs (tasks 0-$((n - 1)): task i is M[i / ${#replicas[@]}], replica[i mod ${#replicas[@]}]), aggregation job $all
  logs in $logs; squeue -u \$USER shows them
EOF
echo "$prep $runs $all"
