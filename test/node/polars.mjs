// An independent reader of rbmkit streams in polars (nodejs-polars, the
// Rust polars core): every kind the tools write must load with polars' own
// IPC stream reader, no glue, with the columns, shapes and values that
// rbm-cat (the Go reader) prints, and with the meaning format/doc.go gives
// them, checked from the values polars returns.
//
//   node polars.mjs KIND STREAM EXPECTED.jsonl META.txt [CHECK ARGS...]
//
// EXPECTED.jsonl is rbm-cat -f jsonl -full of STREAM, META.txt its
// rbm-cat -meta. Every value of every column is compared with it. CHECK
// adds a check that does not go through rbmkit's reader:
//   idx IMAGES LABELS      dataset: v and label equal the IDX source
//                          binarized at 128
//   svd CHECKPOINT         spectrum with vectors: W v = σ u for every mode,
//                          with W of the checkpoint read by polars
//   energy CHECKPOINT      samples with h: energy = −a·v − b·h − vᵀWh and
//                          free_energy = −a·v − Σ log(1 + e^(b + vᵀW)),
//                          bernoulli units
import { readFileSync } from 'node:fs';
import pl from 'nodejs-polars';
import { idx } from './idx.mjs';

function fail(msg) { console.error(`polars reader: ${msg}`); process.exit(1); }
function check(cond, msg) { if (!cond) fail(msg); }

// read loads a stream with polars' IPC stream reader; a panic in polars
// (an extension type, an unsupported type) fails the test.
function read(path) {
  try {
    return pl.readIPCStream(readFileSync(path));
  } catch (e) {
    fail(`${path}: polars cannot read it: ${String(e).split('\n')[0]}`);
  }
}

// meta parses rbm-cat -meta: the metadata keys and the column names.
function meta(path) {
  const keys = {}, columns = [];
  let inColumns = false, key = null;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line === 'columns') { inColumns = true; continue; }
    if (line === '') continue;
    if (inColumns) { columns.push(line.trim().split('\t')[0]); continue; }
    if (line.startsWith('\t')) { keys[key] += '\n' + line.trim(); continue; }
    const [k, ...v] = line.split('\t');
    key = k;
    keys[k] = v.join('\t');
  }
  return { keys, columns };
}

// The fixed-size list columns and their shapes, by kind (format/doc.go).
function fixedShapes(kind, N, M) {
  const f32 = 'Float32', f64 = 'Float64', bool = 'Bool';
  return {
    dataset: { v: [bool, N] },
    checkpoint: { W: [f32, N, M], a: [f32, N], b: [f32, M] },
    spectrum: { u: [f64, N], v: [f64, M] },
    samples: { v: [bool, N], h: [bool, M] },
  }[kind] ?? {};
}

// shapeOf reads a polars dtype: the element type and the dimensions of
// nested fixed-size lists (Array in polars), or null for other types.
function shapeOf(dtype) {
  const dims = [];
  while (dtype.variant === 'FixedSizeList') {
    dims.push(dtype.inner[1]);
    dtype = dtype.inner[0];
  }
  return dims.length ? [dtype.variant, ...dims] : null;
}

function flat(x) { return Array.isArray(x) || ArrayBuffer.isView(x) ? Array.from(x).flatMap(flat) : [x]; }

// same compares a polars value with rbm-cat's JSON for one cell: JSON has
// NaN and ±Inf as strings, booleans in lists as 1/0, a list of bytes as its
// length, nested lists flattened row-major.
function same(got, want, isBytes) {
  if (want === null || got === null) return want === got;
  if (isBytes) return got.length === want;
  if (typeof got === 'object') {
    const g = flat(got);
    return Array.isArray(want) && g.length === want.length && g.every((x, i) => same(x, want[i], false));
  }
  if (typeof got === 'boolean') return (got ? 1 : 0) === want || got === want;
  if (typeof got === 'bigint') return got === BigInt(want);
  if (typeof want === 'string' && typeof got === 'number') return String(got) === { NaN: 'NaN', '+Inf': 'Infinity', '-Inf': '-Infinity' }[want];
  return got === want;
}

const [kind, path, expectedPath, metaPath, extra, ...extraArgs] = process.argv.slice(2);
if (!metaPath) fail('usage: node polars.mjs KIND STREAM EXPECTED.jsonl META.txt [idx|svd|energy ARGS...]');
const m = meta(metaPath);
check(m.keys['rbm.kind'] === kind, `${path}: rbm.kind ${m.keys['rbm.kind']}, want ${kind}`);
const N = Number(m.keys['rbm.visible']), M = Number(m.keys['rbm.hidden'] ?? 0);
const stacked = 'rbm.runs' in m.keys;
const df = read(path);
const expected = readFileSync(expectedPath, 'utf8').split('\n').filter(l => l !== '').map(l => JSON.parse(l));
check(df.height === expected.length, `${path}: polars reads ${df.height} rows, rbm-cat ${expected.length}`);
check(JSON.stringify(df.columns) === JSON.stringify(m.columns), `${path}: polars columns ${df.columns}, rbm-cat ${m.columns}`);
if (stacked) check(JSON.stringify(df.columns.slice(0, 4)) === '["run","hidden","replica","seed"]', `${path}: a stack's columns start ${df.columns.slice(0, 4)}`);

const shapes = fixedShapes(kind, N, M);
let values = 0;
const columns = {};
for (const name of df.columns) {
  const s = df.getColumn(name);
  const shape = shapeOf(s.dtype);
  if (shape || shapes[name]) {
    check(JSON.stringify(shape) === JSON.stringify(shapes[name]),
      `${path}: column ${name} is ${s.dtype} in polars, shape ${JSON.stringify(shape)}, want ${JSON.stringify(shapes[name])}`);
  }
  const isBytes = s.dtype.variant === 'List' && s.dtype.inner[0].variant === 'UInt8';
  const got = s.toArray();
  columns[name] = got;
  for (let r = 0; r < got.length; r++) {
    if (!same(got[r], expected[r][name], isBytes)) {
      fail(`${path}: row ${r} column ${name}: polars ${JSON.stringify(flat(got[r] ?? null).slice(0, 8), (k, v) => typeof v === 'bigint' ? String(v) : v)}…, rbm-cat ${JSON.stringify(expected[r][name]).slice(0, 80)}`);
    }
    values += got[r] !== null && typeof got[r] === 'object' ? flat(got[r]).length : 1;
  }
}
let also = '';

// snapshots reads a checkpoint's W (N rows of M), a and b with polars.
function snapshots(checkpoint) {
  const ck = read(checkpoint);
  const W = ck.getColumn('W').toArray(), a = ck.getColumn('a').toArray(), b = ck.getColumn('b').toArray();
  check(W.length > 0 && W[0].length === N && W[0][0].length === M, `${checkpoint}: W is not ${N}×${M}`);
  return { W, a, b };
}

if (extra === 'idx') {
  const images = idx(extraArgs[0]), labels = idx(extraArgs[1]);
  const pixels = images.dims[1] * images.dims[2];
  check(pixels === N, `${extraArgs[0]}: ${pixels} pixels, the stream ${N} visible units`);
  for (let r = 0; r < df.height; r++) {
    const v = columns.v[r];
    for (let i = 0; i < N; i++) {
      if (v[i] !== (images.data[r * pixels + i] >= 128)) fail(`${path}: row ${r} pixel ${i}: polars ${v[i]}, the IDX source ${images.data[r * pixels + i]}`);
    }
    check(columns.label[r] === labels.data[r], `${path}: row ${r}: label ${columns.label[r]}, the IDX source ${labels.data[r]}`);
  }
  also = `; v and label equal ${extraArgs[0]}`;
} else if (extra === 'svd') {
  const { W } = snapshots(extraArgs[0]);
  let worst = 0;
  for (let r = 0; r < df.height; r++) {
    const w = W[columns.snapshot[r]], u = columns.u[r], v = columns.v[r], sigma = columns.sigma[r];
    for (let i = 0; i < N; i++) {
      let wv = 0;
      for (let j = 0; j < M; j++) wv += w[i][j] * v[j];
      worst = Math.max(worst, Math.abs(wv - sigma * u[i]) / columns.sigma[0]);
    }
  }
  check(worst < 1e-5, `${path}: |W v − σ u| reaches ${worst} of σ₁ with polars' W of ${extraArgs[0]}`);
  also = `; W v = σ u for every mode within ${worst.toExponential(1)}·σ₁, W (N rows of M) read by polars`;
} else if (extra === 'energy') {
  check(m.keys['rbm.units'] === 'bernoulli', `energy check for bernoulli units, not ${m.keys['rbm.units']}`);
  const { W, a, b } = snapshots(extraArgs[0]);
  let worst = 0;
  for (let r = 0; r < df.height; r++) {
    const k = columns.snapshot[r], v = columns.v[r], h = columns.h[r];
    let av = 0, bh = 0, vWh = 0, F = 0;
    const field = Array.from(b[k]);
    for (let i = 0; i < N; i++) {
      if (!v[i]) continue;
      av += a[k][i];
      for (let j = 0; j < M; j++) field[j] += W[k][i][j];
    }
    for (let j = 0; j < M; j++) {
      if (h[j]) { bh += b[k][j]; vWh += field[j] - b[k][j]; }
      F -= Math.log1p(Math.exp(field[j]));
    }
    const E = -av - bh - vWh;
    F -= av;
    worst = Math.max(worst, Math.abs(E - columns.energy[r]) / (1 + Math.abs(E)), Math.abs(F - columns.free_energy[r]) / (1 + Math.abs(F)));
  }
  check(worst < 1e-5, `${path}: energy or free_energy differs from W, a, b by ${worst} (relative)`);
  also = `; energy and free_energy from polars' W, a, b within ${worst.toExponential(1)} (relative)`;
} else if (extra) {
  fail(`unknown check ${extra}`);
}
console.log(`polars reader: ${stacked ? 'stacked ' : ''}${kind} ok: ${df.height} rows × ${df.width} columns, ${values} values equal rbm-cat's${also}`);
