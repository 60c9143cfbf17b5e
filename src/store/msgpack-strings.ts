/**
 * An array of strings as one MessagePack value, the form Redis's Lua `cmsgpack.unpack` reads back as a table of
 * strings. The comment record is stored in this form, and a script takes many small values as one such argument:
 * ioredis frames, copies and writes every argument of a command separately, which for a submission or a batch of
 * moves cost more than their own content.
 */

let lengths = new Int32Array(32);

/** A MessagePack str header's size for a string of `len` bytes. */
const strHeadSize = (len: number): number => (len < 32 ? 1 : len < 0x100 ? 2 : len < 0x10000 ? 3 : 5);

/**
 * Encodes `values` into one buffer, with one allocation: strings as UTF-8, numbers as their decimal strings,
 * buffers as they are. With `trimTrailingEmpty`, trailing '' values are left out (the record's stored form; its
 * reader pads them back).
 */
export function packStrings(values: ReadonlyArray<string | number | Buffer>, trimTrailingEmpty = false): Buffer {
  let n = values.length;
  if (trimTrailingEmpty) while (n > 1 && values[n - 1] === '') n--;
  if (lengths.length < n) lengths = new Int32Array(n);
  const strings: Array<string | Buffer> = new Array<string | Buffer>(n);
  let size = n < 16 ? 1 : n < 0x10000 ? 3 : 5;
  for (let i = 0; i < n; i++) {
    const v = values[i] ?? '';
    const s = typeof v === 'number' ? String(v) : v;
    const len = typeof s === 'string' ? Buffer.byteLength(s, 'utf8') : s.length;
    strings[i] = s;
    lengths[i] = len;
    size += strHeadSize(len) + len;
  }
  const buf = Buffer.allocUnsafe(size);
  let at = 0;
  if (n < 16) buf[at++] = 0x90 | n;
  else if (n < 0x10000) {
    buf[at++] = 0xdc;
    at = buf.writeUInt16BE(n, at);
  } else {
    buf[at++] = 0xdd;
    at = buf.writeUInt32BE(n, at);
  }
  for (let i = 0; i < n; i++) {
    const len = lengths[i]!;
    if (len < 32) buf[at++] = 0xa0 | len;
    else if (len < 0x100) {
      buf[at++] = 0xd9;
      buf[at++] = len;
    } else if (len < 0x10000) {
      buf[at++] = 0xda;
      at = buf.writeUInt16BE(len, at);
    } else {
      buf[at++] = 0xdb;
      at = buf.writeUInt32BE(len, at);
    }
    if (len === 0) continue;
    const s = strings[i]!;
    at += typeof s === 'string' ? buf.write(s, at, len, 'utf8') : s.copy(buf, at);
  }
  return buf;
}
