#!/usr/bin/env bash
# Every benchmark of bench/, one after the other (each prints its own table
# of rbmkit beside its Python peer, measured side by side in one run).
#   bench/run.sh            all of them but study.sh and fullstudy.sh (the SCALE=full
#                           stage profile and the full study: hours) and
#                           softplus-bytes.sh (streams against a base revision)
#   bench/run.sh train svd  only these (bench/train.sh, bench/svd.sh)
set -euo pipefail
cd "$(dirname "$0")"
if [ $# -eq 0 ]; then
  set -- $(ls *.sh | grep -v -e '^run\.sh$' -e '^study\.sh$' -e '^fullstudy\.sh$' -e '^softplus-bytes\.sh$' | sed 's/\.sh$//')
fi
for b in "$@"; do
  [ -x "$b.sh" ] || { echo "bench/run.sh: no benchmark bench/$b.sh" >&2; exit 2; }
  echo "== bench/$b.sh =="
  "./$b.sh"
  echo
done
