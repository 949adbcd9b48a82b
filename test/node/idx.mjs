// IDX files (MNIST's format, gzip or plain): the dimensions and the bytes.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

export function idx(path) {
  let buf = readFileSync(path);
  if (buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const ndim = buf[3];
  const dims = [];
  for (let d = 0; d < ndim; d++) dims.push(view.getUint32(4 + 4 * d));
  return { dims, data: buf.subarray(4 + 4 * ndim) };
}
