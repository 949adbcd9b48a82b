#!/usr/bin/env bash
# The per-update cost of trajectory AIS's chains in CPU time, which a
# machine shared with other work inflates far less than wall time: the Go
# estimator at GOMAXPROCS=1 (user + system seconds of trajectory's
# BenchmarkUpdate at N updates, default 110 (410 is steadier), minus at
# 10, so the set-up cancels; pure-Go build, M = 500, 128 chains), also
# handed the trainer's transpose of W as in rbm-train (the -shared
# benchmark), beside bench/logz_torch.py at one thread (its process_time
# per update), ROUNDS rounds interleaved, each round's figures on one
# line; with BASE=<revision> the Go estimator of that revision runs too,
# in the same rounds. VARIANT picks the benchmark's variant for the "go"
# and "base" columns (e.g. -stride100-sweeps2, -stride100-sweeps2-steps50:
# along lines of 100 updates use N=410, four lines), SWEEPS the sweeps of
# PyTorch's update (its "torch ms" is one step: SWEEPS sweeps and two free
# energies, whatever the variant's steps per update).
#   bench/logz-cpu.sh [rounds=5]
#   BASE=HEAD~3 bench/logz-cpu.sh 5
#   N=410 BASE=HEAD~3 bench/logz-cpu.sh 5
#   N=410 VARIANT=-stride100-sweeps2-steps50 SWEEPS=2 bench/logz-cpu.sh 3
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-5}
N=${N:-110}
PY=${PYTHON:-/usr/bin/python3}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
CGO_ENABLED=0 go test -c -o "$tmp/new.test" ./trajectory
if [ -n "${BASE:-}" ]; then
  mkdir "$tmp/src"; git archive "$BASE" | tar -x -C "$tmp/src"
  (cd "$tmp/src" && CGO_ENABLED=0 go test -c -o "$tmp/old.test" ./trajectory)
fi
cpu() { # user + system seconds
  /usr/bin/time -f "%U %S" -o "$tmp/t" "$@" >/dev/null 2>&1
  awk '{ print $1 + $2 }' "$tmp/t"
}
perupdate() { # ms of CPU per update of test binary $1 (benchmark variant $2)
  local a b
  a=$(GOMAXPROCS=1 cpu "$1" -test.run - -test.bench "Update/M500-chains128${2:-}\$" -test.benchtime 10x)
  b=$(GOMAXPROCS=1 cpu "$1" -test.run - -test.bench "Update/M500-chains128${2:-}\$" -test.benchtime "${N}x")
  awk -v a="$a" -v b="$b" -v n="$N" 'BEGIN { printf "%.2f", (b - a) / (n - 10) * 1000 }'
}
printf '%-6s %10s %10s %10s %10s %8s %8s %8s %s\n' round "go ms" "shared ms" "base ms" "torch ms" "go/pt" "shrd/pt" "base/pt" load
for i in $(seq "$ROUNDS"); do
  old=-
  [ -n "${BASE:-}" ] && old=$(perupdate "$tmp/old.test" "${VARIANT:-}")
  new=$(perupdate "$tmp/new.test" "${VARIANT:-}")
  shr=$(perupdate "$tmp/new.test" -shared)
  py=$(OMP_NUM_THREADS=1 "$PY" bench/logz_torch.py 30 1 128 "${SWEEPS:-1}" | awk '$1 == 1 { printf "%.2f", 1000 / $3 }')
  printf '%-6s %10s %10s %10s %10s %8s %8s %8s %s\n' "$i" "$new" "$shr" "$old" "$py" \
    "$(awk -v a="$new" -v b="$py" 'BEGIN { printf "%.3f", a / b }')" \
    "$(awk -v a="$shr" -v b="$py" 'BEGIN { printf "%.3f", a / b }')" \
    "$(awk -v a="$old" -v b="$py" 'BEGIN { if (a == "-") print "-"; else printf "%.3f", a / b }')" \
    "$(cut -d' ' -f1 /proc/loadavg)"
done
