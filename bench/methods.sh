#!/usr/bin/env bash
# The training methods side by side on real MNIST (issue 17): train10k
# binarized at 128, M=500, batch 100, 100 chains, visible biases from the
# data's logits, EPOCHS epochs of
#   pcd       PCD-10, SGD (lr 0.05, momentum 0.5): today's method
#   centered  the same with the centered gradient (-centered, ν = 0.01)
#   adam      PCD-10 with Adam (lr 0.001)
#   pt        PCD-10 whose chains are updated by parallel tempering (5 β from 1 to 0.5)
# then, at the last epoch, the test log-likelihood of the t10k digits by
# AIS forward and reverse (rbm-freeenergy, base rate of the training set),
# the number of Marchenko–Pastur outliers and of modes past σ = 4
# (rbm-svd | rbm-mp), and the training speed. Two runs go side by side.
#   bench/methods.sh [epochs=100]
#   METHODS="pcd centered" AIS_CHAINS=100 AIS_BETAS=3000 bench/methods.sh 20
# (3000 β left forward and reverse AIS 20 nats apart on the PCD-10 model at
# 50 epochs, 10000 β 4 nats: the default is 10000.)
# Work files stay in $WORK (default /tmp/rbmkit-methods) so a long run can
# be inspected; the table goes to stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
EPOCHS=${1:-100}
METHODS=${METHODS:-pt pcd centered adam}
AIS_CHAINS=${AIS_CHAINS:-100}
AIS_BETAS=${AIS_BETAS:-10000}
MNIST=${MNIST:-$(cd ../shared/data/mnist && pwd)}
WORK=${WORK:-/tmp/rbmkit-methods}
mkdir -p "$WORK"
renice -n 10 -p $$ > /dev/null # a shared machine: the others first

make -s build
bin/rbm-data "$MNIST/train10k-images-idx3-ubyte.gz" > "$WORK/train.arrows"
bin/rbm-data "$MNIST/t10k-images-idx3-ubyte.gz" > "$WORK/test.arrows"

flags_of() {
  case $1 in
    pcd) echo "-method pcd -k 10 -lr 0.05 -momentum 0.5" ;;
    centered) echo "-method pcd -k 10 -lr 0.05 -momentum 0.5 -centered" ;;
    adam) echo "-method pcd -k 10 -optim adam -lr 0.001" ;;
    pt) echo "-method pt -k 10 -lr 0.05 -momentum 0.5 -temps 5 -beta-min 0.5" ;;
    *) echo "unknown method $1" >&2; return 1 ;;
  esac
}

one() { # train, then analyse the last epoch; writes $WORK/<method>.row
  local name=$1 d=$WORK/$1
  mkdir -p "$d"
  # shellcheck disable=SC2046
  bin/rbm-train -hidden 500 -epochs "$EPOCHS" -batch 100 -visible-bias logit -snapshots 0 -seed 17 \
    $(flags_of "$name") -o "$d/run.arrows" "$WORK/train.arrows" 2> "$d/train.log"
  local speed epoch
  speed=$(tr '\r' '\n' < "$d/train.log" | sed -n 's/.*(\([0-9.]*\) s\/epoch).*/\1/p' | tail -1)
  epoch=$(bin/rbm-cat -no-header -columns epoch "$d/run.arrows" | tail -1)
  bin/rbm-freeenergy -method ais -chains "$AIS_CHAINS" -temps "$AIS_BETAS" -base "$WORK/train.arrows" -snapshots last \
    -data "$WORK/test.arrows" -o "$d/logz.arrows" "$d/run.arrows" 2> "$d/ais.log"
  bin/rbm-svd -o "$d/spectrum.arrows" "$d/run.arrows" # epoch 0 and the last
  bin/rbm-mp -no-tables -o "$d/mpfit.arrows" "$d/spectrum.arrows"
  # The test LL rows: forward AIS is a stochastic lower bound on log Z
  # (so an upper bound on the LL), reverse AIS the other side.
  bin/rbm-cat -columns epoch,method,quantity,value,stderr "$d/logz.arrows" > "$d/logz.tsv"
  bin/rbm-cat -columns table,epoch,outliers,unstable,threshold,sigma_hi "$d/mpfit.arrows" | awk '$1 == "summary"' | tail -1 > "$d/mp.tsv"
  {
    printf "%s\t%s\t%s\t" "$name" "$epoch" "$speed"
    awk -F'\t' '$3 ~ /loglik|ll/ { printf "%s=%.2f±%.2f ", $2, $4, $5 }' "$d/logz.tsv"
    printf "\t"
    awk -F'\t' '{ printf "%s\t%s\t%s", $3, $4, $5 }' "$d/mp.tsv"
    printf "\n"
  } > "$WORK/$name.row"
}

# Two lanes: the first method alone in one (PT costs the most), the others
# one after another in the second.
set -- $METHODS
first=$1; shift
one "$first" &
lane=$!
for m in "$@"; do one "$m"; done
wait "$lane"

echo "MNIST train10k, M=500, batch 100, 100 chains, $EPOCHS epochs; AIS $AIS_CHAINS chains × $AIS_BETAS β on t10k"
printf "%-9s %6s %9s  %-40s %9s %11s %9s\n" method epoch "s/epoch" "test LL (AIS forward, reverse)" outliers "past σ=4" threshold
for m in $METHODS; do
  IFS=$'\t' read -r name epoch speed ll out past thr < "$WORK/$m.row"
  printf "%-9s %6s %9s  %-40s %9s %11s %9s\n" "$name" "$epoch" "$speed" "$ll" "$out" "$past" "$thr"
done
