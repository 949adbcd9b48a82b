// An independent reader of rbmkit streams, in JavaScript with the apache-arrow
// package: it checks that what the Go tools write is readable Arrow with the
// kind, shapes and values that format/doc.go specifies.
//
//   node read.mjs dataset DATASET.arrows IMAGES.idx.gz LABELS.idx.gz LIMIT
//     checks every row against the IDX source, binarized at pixel >= 128
//   node read.mjs checkpoint CHECKPOINT.arrows EXPECTED.jsonl
//     checks shapes (W: N lists of M float32, no extension type), and every
//     W, a, b value against rbm-cat -f jsonl -full output of the same stream
import { readFileSync } from 'node:fs';
import { idx } from './idx.mjs';
import { tableFromIPC, compressionRegistry, CompressionType } from 'apache-arrow';
import { decompress } from 'fzstd';

// apache-arrow reads compressed bodies only through a registered codec.
compressionRegistry.set(CompressionType.ZSTD, { decode: (data) => decompress(data) });

function fail(msg) { console.error(`node reader: ${msg}`); process.exit(1); }
function check(cond, msg) { if (!cond) fail(msg); }

function readTable(path) {
  const table = tableFromIPC(readFileSync(path));
  const meta = table.schema.metadata;
  return { table, meta };
}

function checkDataset(path, imagesPath, labelsPath, limit) {
  const { table, meta } = readTable(path);
  check(meta.get('rbm.format') === '1', `${path}: rbm.format = ${meta.get('rbm.format')}, want 1`);
  check(meta.get('rbm.kind') === 'dataset', `${path}: kind ${meta.get('rbm.kind')}, want dataset`);
  const images = idx(imagesPath), labels = idx(labelsPath);
  const n = Math.min(limit, images.dims[0]);
  const pixels = images.dims[1] * images.dims[2];
  check(Number(meta.get('rbm.visible')) === pixels, `rbm.visible ${meta.get('rbm.visible')}, want ${pixels}`);
  check(meta.get('rbm.image_shape') === `${images.dims[1]},${images.dims[2]}`, `rbm.image_shape ${meta.get('rbm.image_shape')}`);
  check(table.numRows === n, `${table.numRows} rows, want ${n}`);
  const v = table.getChild('v'), label = table.getChild('label');
  check(v.type.listSize === pixels, `v is a list of ${v.type.listSize}, want ${pixels}`);
  for (let r = 0; r < n; r++) {
    const row = v.get(r);
    for (let i = 0; i < pixels; i++) {
      const want = images.data[r * pixels + i] >= 128;
      if (row.get(i) !== want) fail(`row ${r} pixel ${i}: ${row.get(i)}, want ${want}`);
    }
    if (label.get(r) !== labels.data[r]) fail(`row ${r} label ${label.get(r)}, want ${labels.data[r]}`);
  }
  console.log(`node reader: dataset ok: ${n} rows of ${pixels} pixels match the IDX source`);
}

function checkCheckpoint(path, expectedPath) {
  const { table, meta } = readTable(path);
  check(meta.get('rbm.kind') === 'checkpoint', `${path}: kind ${meta.get('rbm.kind')}, want checkpoint`);
  const N = Number(meta.get('rbm.visible')), M = Number(meta.get('rbm.hidden'));
  check(meta.get('rbm.format') === '2', `${path}: rbm.format = ${meta.get('rbm.format')}, want 2`);
  const field = table.schema.fields.find(f => f.name === 'W');
  check(field.metadata.size === 0, `W carries field metadata ${[...field.metadata.keys()]}: no extension type, polars cannot read them`);
  check(field.type.listSize === N && field.type.children[0].type.listSize === M,
    `W is ${field.type}, want ${N} lists of ${M} float32`);
  const expected = readFileSync(expectedPath, 'utf8').trim().split('\n').map(l => JSON.parse(l));
  check(table.numRows === expected.length, `${table.numRows} snapshots, want ${expected.length}`);
  for (let r = 0; r < table.numRows; r++) {
    const row = table.get(r), want = expected[r];
    check(Number(row.epoch) === want.epoch, `snapshot ${r}: epoch ${row.epoch}, want ${want.epoch}`);
    // W row i holds visible unit i's M couplings: W[i][j] is rbm-cat's W[i·M+j].
    const W = row.W;
    check(W.length === N, `snapshot ${r}: W has ${W.length} rows, want ${N}`);
    for (let i = 0; i < N; i++) {
      const wi = W.get(i);
      check(wi.length === M, `snapshot ${r}: W row ${i} has ${wi.length} values, want ${M}`);
      for (let j = 0; j < M; j++) {
        if (Math.fround(want.W[i * M + j]) !== wi.get(j)) fail(`snapshot ${r}: W[${i}][${j}] = ${wi.get(j)}, want ${want.W[i * M + j]}`);
      }
    }
    for (const [name, len] of [['a', N], ['b', M]]) {
      const got = row[name];
      check(got.length === len, `snapshot ${r}: ${name} has ${got.length} values, want ${len}`);
      for (let i = 0; i < len; i++) {
        if (Math.fround(want[name][i]) !== got.get(i)) fail(`snapshot ${r}: ${name}[${i}] = ${got.get(i)}, want ${want[name][i]}`);
      }
    }
  }
  console.log(`node reader: checkpoint ok: ${table.numRows} snapshots of a ${N}x${M} model`);
}

const [cmd, ...args] = process.argv.slice(2);
if (cmd === 'dataset') checkDataset(args[0], args[1], args[2], Number(args[3]));
else if (cmd === 'checkpoint') checkCheckpoint(args[0], args[1]);
else fail('usage: node read.mjs dataset|checkpoint ...');
