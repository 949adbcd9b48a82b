#!/usr/bin/env bash
# rbm-train's CPU cost of an epoch with and without -logz, in CPU time,
# which a machine shared with other work inflates far less than the wall
# time bench/logz.sh reports: user + system seconds at GOMAXPROCS=1 (no
# worker pool, so no spinning) of 2 epochs minus 1 epoch, so that the
# fixed costs (reading the data, the estimator's anchor AIS, the last
# snapshot's monitors) cancel; MNIST train10k, M = 500, PCD-10, batch 100,
# lr 0.01, 128 chains, pure-Go build; ROUNDS rounds interleaved, each
# round's figures on one line.
#   bench/logz-epoch-cpu.sh [rounds=3]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
MNIST=${MNIST:-$(cd ../shared/data/mnist && pwd)}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
CGO_ENABLED=0 go build -o "$tmp/" ./cmd/rbm-train ./cmd/rbm-data
"$tmp/rbm-data" -o "$tmp/d.arrows" "$MNIST/train10k-images-idx3-ubyte.gz"
cpu() { # user + system seconds of rbm-train for $1 epochs, then its flags
  local e=$1; shift
  GOMAXPROCS=1 /usr/bin/time -f "%U %S" -o "$tmp/t" "$tmp/rbm-train" -hidden 500 -method pcd -k 10 -lr 0.01 \
    -epochs "$e" -snapshots 0 -no-state "$@" -o "$tmp/run.arrows" "$tmp/d.arrows" >/dev/null 2>&1
  awk '{ print $1 + $2 }' "$tmp/t"
}
printf '%-6s %12s %12s %8s %s\n' round "plain CPU s" "-logz CPU s" ratio load
for i in $(seq "$ROUNDS"); do
  p1=$(cpu 1); l1=$(cpu 1 -logz -logz-chains 128)
  p2=$(cpu 2); l2=$(cpu 2 -logz -logz-chains 128)
  awk -v i="$i" -v p1="$p1" -v p2="$p2" -v l1="$l1" -v l2="$l2" -v load="$(cut -d' ' -f1 /proc/loadavg)" \
    'BEGIN { p = p2 - p1; l = l2 - l1; printf "%-6s %12.2f %12.2f %8.3f %s\n", i, p, l, l / p, load }'
done
