#!/usr/bin/env bash
# AIS speed, side by side on this machine: forward AIS of a 784×500
# Bernoulli RBM from the base rate of MNIST train10k, CHAINS chains ×
# BETAS β values of rbmkit's default schedule, by rbm-freeenergy -method ais
# -no-reverse (OpenBLAS build) against the same loop in PyTorch on the CPU
# (bench/ais_torch.py: float32 products and draws, float64 log weights, at 1
# and 2 intra-op threads, the faster counts). The model is rbm-train's on
# train10k (M=500, 5 epochs, lr 0.05, seed 1; or MODEL=checkpoint.arrows,
# its last snapshot). Rounds alternate the programs so that a machine shared
# with other work slows them alike; every figure is the best of REPEATS
# rounds. Prints seconds (wall, and CPU = user + system), each side's log Z
# ± standard error and the time ratio to PyTorch, then rbmkit's time per
# chain at SCALING chain counts (SCALING_BETAS β values) for the linearity
# of the chain count.
#   bench/ais.sh [betas=10000] [repeats=3]
#   CHAINS=100 SCALING="100 1000 10000" SCALING_BETAS=1000 PEER_THREADS=1,2 bench/ais.sh   (the defaults)
# (PEER_THREADS=1 when other work loads the machine: oversubscribed, the
# 2-thread peer's OpenMP threads spin and it ran 9× slower than 1 thread.)
set -euo pipefail
cd "$(dirname "$0")/.."
BETAS=${1:-10000}
REPEATS=${2:-3}
CHAINS=${CHAINS:-100}
SCALING=${SCALING-100 1000 10000}
SCALING_BETAS=${SCALING_BETAS:-1000}
PEER_THREADS=${PEER_THREADS:-1,2}
PY=${PYTHON:-/usr/bin/python3}
MNIST=${MNIST:-$(cd ../shared/data/mnist && pwd)}
images=$MNIST/train10k-images-idx3-ubyte.gz
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

make -s build
bin/rbm-data -o "$tmp/train.arrows" "$images"
model=${MODEL:-}
if [ -z "$model" ]; then
  model=$tmp/trained.arrows
  bin/rbm-train -hidden 500 -epochs 5 -lr 0.05 -snapshots 0 -top-sigma 0 -seed 1 -o "$model" "$tmp/train.arrows" 2>/dev/null
fi
bin/rbm-cat -format jsonl -full -columns W,a,b "$model" | tail -1 > "$tmp/model.json"

# rbmkit CHAINS BETAS: "wall cpu logZ stderr" of one forward run on the last snapshot.
rbmkit() {
  /usr/bin/time -f "%e %U %S" -o "$tmp/t" bin/rbm-freeenergy -method ais -no-reverse -chains "$1" -temps "$2" \
    -base "$tmp/train.arrows" -snapshots last -slice-points 0 -o "$tmp/fe.arrows" "$model" 2>/dev/null
  read -r wall user sys < "$tmp/t"
  bin/rbm-cat -no-header -columns method,quantity,value,stderr "$tmp/fe.arrows" |
    awk -v w="$wall" -v c="$(echo "$user + $sys" | bc -l)" '$1 == "ais" && $2 == "logZ" { print w, c, $3, $4; exit }'
}
# The peer, same counts: "name wall cpu logZ stderr" of its faster variant.
torch() {
  /usr/bin/time -f "%U %S" -o "$tmp/tp" "$PY" bench/ais_torch.py "$tmp/model.json" "$images" "$CHAINS" "$BETAS" 1 sigmoid "$PEER_THREADS" > "$tmp/peer"
  read -r user sys < "$tmp/tp"
  # The process ran both thread counts; its CPU time is split by their wall times.
  awk -v c="$(echo "$user + $sys" | bc -l)" '$1 != "best" { w[$1] = $2; tot += $2 } $1 == "best" { print $2, $3, c * w[$2] / tot, $4, $5 }' "$tmp/peer"
}
minby() { awk -v a="$1" -v b="$2" -v k="$3" 'BEGIN { split(a, x, " "); split(b, y, " "); print (a == "" || y[k] + 0 < x[k] + 0) ? b : a }'; }

ours= peer=
for _ in $(seq "$REPEATS"); do
  ours=$(minby "$ours" "$(rbmkit "$CHAINS" "$BETAS")" 1)
  peer=$(minby "$peer" "$(torch)" 2)
done
read -r ow oc oz os <<< "$ours"
read -r pname pw pc pz ps <<< "$peer"
echo
printf "%-40s %8s %8s %22s %10s\n" "forward AIS, 784×500, $CHAINS chains × $BETAS β" "wall s" "CPU s" "log Z ± stderr" "÷ pytorch"
printf "%-40s %8.2f %8.2f %12.4f ± %7.4f %10.2f\n" "rbm-freeenergy (OpenBLAS)" "$ow" "$oc" "$oz" "$os" "$(echo "$ow / $pw" | bc -l)"
printf "%-40s %8.2f %8.2f %12.4f ± %7.4f %10.2f\n" "$pname" "$pw" "$pc" "$pz" "$ps" 1
awk -v a="$oz" -v sa="$os" -v b="$pz" -v sb="$ps" 'BEGIN { d = a - b; s = sqrt(sa * sa + sb * sb); printf "difference of the estimates %.4f = %.2f combined standard errors\n", d, d / s }'

if [ -n "$SCALING" ]; then
  echo
  printf "%-40s %8s %8s %14s\n" "rbmkit chain scaling, $SCALING_BETAS β" "wall s" "CPU s" "CPU ms/chain"
  for c in $SCALING; do
    best=
    for _ in $(seq "$REPEATS"); do best=$(minby "$best" "$(rbmkit "$c" "$SCALING_BETAS")" 1); done
    read -r w cpu _ _ <<< "$best"
    printf "%-40s %8.2f %8.2f %14.3f\n" "$c chains" "$w" "$cpu" "$(echo "1000 * $cpu / $c" | bc -l)"
  done
fi
