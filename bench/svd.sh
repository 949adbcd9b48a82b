#!/usr/bin/env bash
# SVD speed, side by side in one run on this machine, against
# numpy.linalg.svd (bench/svd_numpy.py, the same OpenBLAS), on 784×500 and
# 784×2000 Gaussian weights, values only and with the thin vectors:
#  1. the spectral package's Decompose (spectral.BenchmarkDecompose), with
#     the OpenBLAS build (LAPACK dgesdd) and the pure-Go build (gonum);
#  2. the rbm-svd command on a trajectory of SNAPSHOTS snapshots (its time
#     per snapshot: reading, converting, decomposing, writing; with
#     vectors also with mode tracking, its default),
#     and its peak memory on 10 and on 100 snapshots of 784×500, which must
#     not grow with the trajectory's length.
# Every time is the best of REPEATS rounds, Go and numpy taking turns.
#   bench/svd.sh [repeats=3] [snapshots=10]
set -euo pipefail
cd "$(dirname "$0")/.."
REPEATS=${1:-3}
SNAPSHOTS=${2:-10}
PY=${PYTHON:-/usr/bin/python3}
MNIST=${MNIST:-$(cd ../shared/data/mnist && pwd)}
LIBS=$(pkg-config --libs openblas 2>/dev/null || echo -lopenblas)
SHAPES="784x500 784x2000"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
make -s build build-purego

minof() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }'; }
declare -A best
keep() { best[$1]=$(minof "${best[$1]:-}" "$2"); }
gobench() { # openblas|purego: seconds per Decompose, one line per shape and job
  local run=(env CGO_ENABLED=0 go test)
  [ "$1" = openblas ] && run=(env CGO_LDFLAGS="$LIBS" go test -tags openblas)
  "${run[@]}" -run - -bench '^BenchmarkDecompose$' -benchtime 3x -count 1 ./spectral \
    | awk '/^BenchmarkDecompose\// { split($1, p, "/"); sub(/-[0-9]+$/, "", p[3]); for (i = 2; i < NF; i++) if ($(i+1) == "ns/op") print p[2], p[3], $i / 1e9 }'
}

# 1. The kernel.
for _ in $(seq "$REPEATS"); do
  while read -r shape job s; do keep "openblas $shape $job" "$s"; done < <(gobench openblas)
  while read -r shape job s; do keep "purego $shape $job" "$s"; done < <(gobench purego)
  while read -r shape job s; do keep "numpy $shape $job" "$s"; done < <("$PY" bench/svd_numpy.py 1 3 $SHAPES)
done

# 2. The command, on trajectories written by rbm-train (10 examples, one
# step per epoch, a snapshot every epoch, no resume state).
bin/rbm-data -limit 10 "$MNIST/train10k-images-idx3-ubyte.gz" > "$tmp/data.arrows"
trajectory() { # hidden snapshots file
  bin/rbm-train -hidden "$1" -epochs "$(( $2 - 1 ))" -every 1 -snapshots 0 -top-sigma 0 -no-state -batch 10 -seed 1 \
    "$tmp/data.arrows" 2>/dev/null > "$3"
}
timed() { # seconds and peak RSS (kB) of a command
  /usr/bin/time -f "%e %M" -o "$tmp/time" "$@" > /dev/null && cat "$tmp/time"
}
for shape in $SHAPES; do
  trajectory "${shape#784x}" "$SNAPSHOTS" "$tmp/$shape.arrows"
done
for _ in $(seq "$REPEATS"); do
  for shape in $SHAPES; do
    read -r s _ <<< "$(timed bin/rbm-svd -no-track "$tmp/$shape.arrows")"
    keep "rbm-svd $shape values" "$(echo "$s / $SNAPSHOTS" | bc -l)"
    read -r s _ <<< "$(timed bin/rbm-svd -vectors -no-track "$tmp/$shape.arrows")"
    keep "rbm-svd $shape vectors" "$(echo "$s / $SNAPSHOTS" | bc -l)"
    read -r s _ <<< "$(timed bin/rbm-svd -vectors "$tmp/$shape.arrows")"
    keep "tracked $shape vectors" "$(echo "$s / $SNAPSHOTS" | bc -l)"
  done
done

echo "OpenBLAS core $("$PY" -c 'import ctypes; l = ctypes.CDLL("libopenblas.so.0"); l.openblas_get_corename.restype = ctypes.c_char_p; print(l.openblas_get_corename().decode())'), $(nproc) cores, best of $REPEATS"
printf "%-48s %12s %9s\n" "SVD of W (float32 → float64)" "s" "÷ numpy"
for shape in $SHAPES; do
  for job in values vectors; do
    np=${best[numpy $shape $job]}
    who=("spectral.Decompose, OpenBLAS:openblas" "spectral.Decompose, pure Go:purego" "rbm-svd per snapshot:rbm-svd")
    [ $job = vectors ] && who+=("rbm-svd per snapshot, tracked:tracked")
    for w in "${who[@]}" "numpy.linalg.svd:numpy"; do
      s=${best[${w##*:} $shape $job]}
      printf "%-48s %12.4f %9.2f\n" "$shape $job, ${w%%:*}" "$s" "$(echo "$s / $np" | bc -l)"
    done
  done
done

# 3. Memory: the same command on 10 and 100 snapshots of 784×500.
trajectory 500 100 "$tmp/long.arrows"
trajectory 500 10 "$tmp/short.arrows"
read -r _ short <<< "$(timed bin/rbm-svd -vectors "$tmp/short.arrows")"
read -r _ long <<< "$(timed bin/rbm-svd -vectors "$tmp/long.arrows")"
echo
echo "rbm-svd -vectors peak RSS, 784×500: $(( short / 1024 )) MB for 10 snapshots, $(( long / 1024 )) MB for 100 ($(( $(stat -c %s "$tmp/long.arrows") / 1048576 )) MB of checkpoints)"
