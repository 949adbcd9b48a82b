#!/usr/bin/env bash
# Which streams the fast softplus kernel (rbm.SumHidden, used by
# gibbs.Sampler.FreeEnergies) moves, and by how much: the same small runs
# by the tools of a base revision and of the work tree, compared column by
# column (rbm-cat -format jsonl -full) as the largest absolute and relative
# difference of every float column that differs, and whether the other
# columns are identical. A model of MNIST train10k (M = 64, 3 epochs PCD-10,
# -logz), then rbm-sample gibbs (samples with energy and free energy),
# rbm-sample ptt over its snapshots, rbm-freeenergy bar, and ais,trajectory
# at the last snapshot.
#   bench/softplus-bytes.sh BASE   (fa08ce3: the last revision before the kernel)
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${1:?usage: bench/softplus-bytes.sh BASE-revision}
PY=${PYTHON:-/usr/bin/python3}
MNIST=${MNIST:-$(cd ../shared/data/mnist && pwd)}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
tools="./cmd/rbm-train ./cmd/rbm-sample ./cmd/rbm-cat ./cmd/rbm-data ./cmd/rbm-freeenergy"
mkdir -p "$tmp/src" "$tmp/old" "$tmp/new"
git archive "$BASE" | tar -x -C "$tmp/src"
(cd "$tmp/src" && CGO_ENABLED=0 go build -o "$tmp/old/" $tools)
CGO_ENABLED=0 go build -o "$tmp/new/" $tools
"$tmp/new/rbm-data" -o "$tmp/d.arrows" "$MNIST/train10k-images-idx3-ubyte.gz"
for v in old new; do
  b=$tmp/$v
  "$b/rbm-train" -hidden 64 -epochs 3 -method pcd -k 10 -lr 0.01 -visible-bias logit -log-snapshots 4 -seed 3 \
    -logz -logz-chains 64 -o "$b/run.arrows" "$tmp/d.arrows" 2>/dev/null
  "$b/rbm-sample" -method gibbs -snapshots last -chains 200 -burn-in 50 -sweeps 50 -thin 10 -o "$b/gibbs.arrows" "$b/run.arrows" 2>/dev/null
  "$b/rbm-sample" -method ptt -chains 50 -burn-in 20 -sweeps 100 -thin 10 -o "$b/ptt.arrows" "$b/run.arrows" 2>/dev/null
  "$b/rbm-freeenergy" -method bar -chains 50 -burn-in 20 -rounds 200 -bootstrap 20 -o "$b/fe.arrows" "$b/run.arrows" 2>/dev/null
  "$b/rbm-freeenergy" -method ais,trajectory -chains 20 -temps 1000 -snapshots last -o "$b/ais.arrows" "$b/run.arrows" 2>/dev/null
done
for f in run gibbs ptt fe ais; do
  "$tmp/new/rbm-cat" -format jsonl -full "$tmp/old/$f.arrows" > "$tmp/old/$f.jsonl"
  "$tmp/new/rbm-cat" -format jsonl -full "$tmp/new/$f.arrows" > "$tmp/new/$f.jsonl"
  "$PY" - "$f" "$tmp/old/$f.jsonl" "$tmp/new/$f.jsonl" <<'PYEOF'
import json, math, sys
name, a, b = sys.argv[1:]
A = [json.loads(l) for l in open(a)]
B = [json.loads(l) for l in open(b)]
if len(A) != len(B):
    print(f"{name}: {len(A)} rows before, {len(B)} after"); sys.exit()
diff = {}
def walk(key, x, y):
    if isinstance(x, list) and isinstance(y, list) and len(x) == len(y):
        for p, q in zip(x, y): walk(key, p, q)
        return
    if x == y: return
    d = diff.setdefault(key, [0, 0.0, 0.0])
    d[0] += 1
    if isinstance(x, (int, float)) and isinstance(y, (int, float)) and math.isfinite(x) and math.isfinite(y):
        d[1] = max(d[1], abs(x - y)); d[2] = max(d[2], abs(x - y) / max(abs(x), abs(y), 1e-300))
    else:
        d[1] = d[2] = float("nan")
for r, s in zip(A, B):
    for k in set(r) | set(s):
        if k in ("provenance", "created"): continue
        tag = f"{k}[{r['method']}]" if "method" in r else k
        walk(tag, r.get(k), s.get(k))
if not diff:
    print(f"{name}: identical ({len(A)} rows)")
for k, (n, ab, rel) in sorted(diff.items()):
    print(f"{name}: {k}: {n} values differ, max |Δ| {ab:.3g}, max relative {rel:.3g}")
PYEOF
done
for f in run gibbs ptt fe ais; do cmp -s "$tmp/old/$f.arrows" "$tmp/new/$f.arrows" && echo "$f.arrows: byte-identical"; done || true
