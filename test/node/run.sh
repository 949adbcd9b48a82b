#!/usr/bin/env bash
# Streams written by the built tools, read by independent Arrow
# implementations: JavaScript apache-arrow (read.mjs: dataset, checkpoint)
# and polars (polars.mjs: every kind the tools write, stacks included).
# Needs BIN (the built tools) and RBMKIT_MNIST (the MNIST directory).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
BIN=${BIN:?set BIN to the directory of the built tools}
MNIST=${RBMKIT_MNIST:?set RBMKIT_MNIST to the MNIST directory}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for tool in rbm-data rbm-train rbm-svd rbm-mp rbm-freeenergy rbm-sample rbm-stack rbm-cat; do
  if [ ! -x "$BIN/$tool" ]; then
    echo "node reader: FAIL: $BIN/$tool is missing" >&2
    exit 1
  fi
done
cd "$tmp"

images=$MNIST/t10k-images-idx3-ubyte.gz
labels=$MNIST/t10k-labels-idx1-ubyte.gz
"$BIN/rbm-data" -labels "$labels" -limit 300 -compress zstd "$images" > data.arrows
node "$here/read.mjs" dataset data.arrows "$images" "$labels" 300

"$BIN/rbm-train" -hidden 16 -epochs 2 -batch 50 -seed 3 -method pcd -chains 20 < data.arrows > run.arrows 2> /dev/null
"$BIN/rbm-cat" -format jsonl -full -columns epoch,W,a,b run.arrows > run.jsonl
node "$here/read.mjs" checkpoint run.arrows run.jsonl

# Every kind, small: a PCD run with resume state (M = 16) and a CD run
# without it (M = 8, lz4), their spectra, fits, free energies, samples,
# traces and diffusion, and stacks of runs as the paper's pipeline makes.
"$BIN/rbm-train" -hidden 8 -epochs 2 -batch 50 -seed 4 -replica 1 -no-state -compress lz4 < data.arrows > run8.arrows 2> /dev/null
"$BIN/rbm-svd" -vectors -hessian -data data.arrows run.arrows > spectrum.arrows
"$BIN/rbm-svd" run.arrows > spectrum16.arrows
"$BIN/rbm-svd" run8.arrows > spectrum8.arrows
"$BIN/rbm-mp" spectrum.arrows > mpfit.arrows
"$BIN/rbm-freeenergy" -method mf,tap -modes 2 -slice-points 5 -data data.arrows run.arrows > fe.arrows 2> /dev/null
"$BIN/rbm-freeenergy" -method auto -snapshots last -slice-points 0 -data data.arrows run.arrows > logz.arrows 2> /dev/null
"$BIN/rbm-freeenergy" -method ais -chains 16 -betas 200 -snapshots last -slice-points 0 run8.arrows > logz-ais.arrows 2> /dev/null
"$BIN/rbm-sample" -chains 20 -burn-in 10 -sweeps 20 -thin 10 -save-hidden -trace trace.arrows run.arrows > samples.arrows 2> /dev/null
"$BIN/rbm-sample" -method pt -chains 4 -temps 3 -burn-in 5 -sweeps 10 -thin 5 -all-betas -trace trace-pt.arrows run8.arrows > samples-pt.arrows 2> /dev/null
"$BIN/rbm-svd" -data samples.arrows -modes 4 -bins 8 run.arrows > spectrum-samples.arrows
"$BIN/rbm-sample" -method diffusion -modes 3 -trajectories 50 -records 10 -chains 20 -sweeps 20 run.arrows > diffusion.arrows 2> /dev/null
# Log Z along training (its checkpoint columns, the trajectory method),
# parallel trajectory tempering (samples and the mixing stream) and BAR.
"$BIN/rbm-train" -hidden 8 -epochs 2 -batch 50 -seed 5 -logz -logz-chains 16 -test-data data.arrows < data.arrows > run-logz.arrows 2> /dev/null
"$BIN/rbm-freeenergy" -method trajectory -data data.arrows run-logz.arrows > logz-traj.arrows 2> /dev/null
"$BIN/rbm-sample" -method ptt -chains 8 -burn-in 2 -sweeps 6 -thin 2 -save-hidden -mixing mixing.arrows run-logz.arrows > samples-ptt.arrows 2> /dev/null
"$BIN/rbm-freeenergy" -method bar -chains 8 -burn-in 2 -rounds 10 -bootstrap 5 run8.arrows > logz-bar.arrows 2> /dev/null
# The study's samples stage: a mixing stream with the rung rows of some
# columns only, stacked; reverse AIS started from the PTT samples.
"$BIN/rbm-sample" -method ptt -chains 8 -burn-in 2 -sweeps 6 -thin 2 -mixing mixing-few.arrows -walker-columns 2 run-logz.arrows > /dev/null 2> /dev/null
"$BIN/rbm-stack" mixing.arrows mixing-few.arrows > stack-mixing.arrows
"$BIN/rbm-freeenergy" -method ais -chains 8 -temps 50 -reverse-start samples-ptt.arrows run-logz.arrows > logz-rais-ptt.arrows 2> /dev/null
"$BIN/rbm-stack" run.arrows run.arrows > stack-checkpoint.arrows
"$BIN/rbm-stack" -columns epoch,step,recon_error,pseudo_loglik,top_sigma run.arrows run8.arrows > stack-monitors.arrows
"$BIN/rbm-stack" spectrum16.arrows spectrum8.arrows > stack-spectrum.arrows
"$BIN/rbm-mp" -no-tables stack-spectrum.arrows > stack-mpfit.arrows
"$BIN/rbm-stack" logz.arrows logz-ais.arrows > stack-logz.arrows
"$BIN/rbm-stack" -drop h samples.arrows samples-pt.arrows > stack-samples.arrows
"$BIN/rbm-stack" trace.arrows trace-pt.arrows > stack-trace.arrows

polars() { # kind stream [check args...]
  local kind=$1 stream=$2
  shift 2
  "$BIN/rbm-cat" -format jsonl -full "$stream" > "$stream.jsonl"
  "$BIN/rbm-cat" -meta "$stream" > "$stream.meta"
  node "$here/polars.mjs" "$kind" "$stream" "$stream.jsonl" "$stream.meta" "$@"
}
polars dataset data.arrows idx "$images" "$labels"
polars checkpoint run.arrows
polars checkpoint run8.arrows
polars spectrum spectrum.arrows svd run.arrows
polars spectrum spectrum8.arrows
polars spectrum spectrum-samples.arrows
polars mpfit mpfit.arrows
polars freeenergy fe.arrows
polars freeenergy logz.arrows
polars freeenergy logz-ais.arrows
polars samples samples.arrows energy run.arrows
polars samples samples-pt.arrows
polars trace trace.arrows
polars trace trace-pt.arrows
polars diffusion diffusion.arrows
polars checkpoint run-logz.arrows
polars freeenergy logz-traj.arrows
polars samples samples-ptt.arrows energy run-logz.arrows
polars mixing mixing.arrows
polars freeenergy logz-bar.arrows
polars mixing mixing-few.arrows
polars freeenergy logz-rais-ptt.arrows
polars checkpoint stack-checkpoint.arrows
polars checkpoint stack-monitors.arrows
polars spectrum stack-spectrum.arrows
polars mpfit stack-mpfit.arrows
polars freeenergy stack-logz.arrows
polars samples stack-samples.arrows
polars trace stack-trace.arrows
polars mixing stack-mixing.arrows
