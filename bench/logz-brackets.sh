#!/usr/bin/env bash
# Does log Z along training (rbm-train -logz) agree with long annealed
# importance sampling? For each hidden size M in SIZES: train on MNIST
# train10k with the study's settings (CD-1, lr 0.01, batch 100, logit
# visible biases, init std 0.01) for EPOCHS epochs with -logz and the test
# set's log-likelihood, then at three snapshots (first epoch, middle, last)
# run forward and reverse AIS with a long schedule (TEMPS β, Salakhutdinov
# and Murray used 14,500; CHAINS chains each way, the training set as the
# base rate) and print, per snapshot, the trajectory estimate with its
# standard error, forward and reverse AIS with theirs, and whether the
# trajectory estimate lies within 2 of its standard errors of the interval
# [forward, reverse] (AIS underestimates log Z in expectation, reverse AIS
# overestimates it). Too slow for the test suite;
# the defaults take about 4 minutes on 2 idle cores (OpenBLAS build).
# LOGZ_CHAINS is rbm-train's -logz-chains; SWEEPS lists values of its
# -logz-sweeps and STRIDES of its -logz-stride (default 100, the study's
# LOGZ_STRIDE; 1 is the trajectory update by update), one trajectory run
# per pair on the same model (the trajectory chains do not touch
# training), all against the AIS of the first.
#   bench/logz-brackets.sh
#   SIZES="256 500" EPOCHS=20 TEMPS=14500 CHAINS=100 LOGZ_CHAINS=128 SWEEPS=1 bench/logz-brackets.sh
#   SIZES=500 SWEEPS="1 3 10" STRIDES=1 bench/logz-brackets.sh
#   SIZES=500 EPOCHS=10 STRIDES="1 100" bench/logz-brackets.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-256 500}
EPOCHS=${EPOCHS:-20}
TEMPS=${TEMPS:-14500}
CHAINS=${CHAINS:-100}
LOGZ_CHAINS=${LOGZ_CHAINS:-128}
SWEEPS=${SWEEPS:-1}
STRIDES=${STRIDES:-100}
SEED=${SEED:-2025}
MNIST=${MNIST:-$(cd ../shared/data/mnist && pwd)}
BIN=${BIN:-}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
if [ -z "$BIN" ]; then make -s build BIN="$tmp/bin" >/dev/null; BIN=$tmp/bin; fi
"$BIN/rbm-data" -o "$tmp/train.arrows" "$MNIST/train10k-images-idx3-ubyte.gz"
"$BIN/rbm-data" -o "$tmp/test.arrows" "$MNIST/t10k-images-idx3-ubyte.gz"
mid=$(( (EPOCHS + 1) / 2 ))
printf 'M\tsweeps/stride\tepoch\ttrajectory\tse\tAIS\tse\trAIS\tse\twithin 2 SE of [AIS, rAIS]\n'
for M in $SIZES; do
  runs=
  for S in $SWEEPS; do for T in $STRIDES; do runs="$runs $S/$T"; done; done
  for K in $runs; do # the runs at once: they differ only in their trajectory chains
    "$BIN/rbm-train" -hidden "$M" -epochs "$EPOCHS" -every 1 -lr 0.01 -k 1 -batch 100 -method cd \
      -visible-bias logit -init-std 0.01 -seed "$SEED" -logz -logz-chains "$LOGZ_CHAINS" -logz-sweeps "${K%/*}" \
      -logz-stride "${K#*/}" -test-data "$tmp/test.arrows" -o "$tmp/run$M-${K/\//-}.arrows" "$tmp/train.arrows" 2>/dev/null &
  done
  wait
  methods=trajectory,ais
  for K in $runs; do
    "$BIN/rbm-freeenergy" -method "$methods" -ref-snapshots "1,$mid,$EPOCHS" -snapshots "1,$mid,$EPOCHS" \
      -chains "$CHAINS" -temps "$TEMPS" -base "$tmp/train.arrows" -data "$tmp/test.arrows" -slice-points 0 \
      -o "$tmp/fe$M-${K/\//-}.arrows" "$tmp/run$M-${K/\//-}.arrows" 2>/dev/null
    "$BIN/rbm-cat" -no-header -columns epoch,method,quantity,value,stderr "$tmp/fe$M-${K/\//-}.arrows" |
      awk -F'\t' -v K="$K" '$3 == "logZ" { print K "\t" $0 }' >>"$tmp/logz$M.tsv"
    methods=trajectory
  done
  awk -F'\t' -v M="$M" '$3 == "trajectory" { v[$1, $2] = $5; s[$1, $2] = $6; e[$1, $2] = 1; next }
      { v["", $2, $3] = $5; s["", $2, $3] = $6 }
      END { for (k in e) { split(k, p, SUBSEP); K = p[1]; ep = p[2]
        lo = v["", ep, "ais"]; hi = v["", ep, "rais"]; if (lo > hi) { t = lo; lo = hi; hi = t }
        tz = v[K, ep]; ts = s[K, ep]
        ok = (tz + 2 * ts >= lo && tz - 2 * ts <= hi) ? "yes" : "no"
        printf "%s\t%s\t%s\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%s\n", M, K, ep, tz, ts, v["", ep, "ais"], s["", ep, "ais"], v["", ep, "rais"], s["", ep, "rais"], ok } }' \
    "$tmp/logz$M.tsv" | sort -t$'\t' -k2,2V -k3,3n
done
