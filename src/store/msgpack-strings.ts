/**
 * An array of strings as one MessagePack value, the form Redis's Lua `cmsgpack.unpack` reads back as a table of
 * strings. A batched script takes each item's many arguments as one such value: ioredis frames, copies and writes
 * every argument of a command separately, which for a batch of moves cost more than the moves' own content.
 */

/** Encodes `values` (numbers as their decimal strings) into one buffer, with one allocation. */
export function packStrings(values: ReadonlyArray<string | number>): Buffer {
  const n = values.length;
  const strings: string[] = new Array<string>(n);
  const lengths: number[] = new Array<number>(n);
  let size = n < 16 ? 1 : n < 0x10000 ? 3 : 5;
  for (let i = 0; i < n; i++) {
    const s = String(values[i]);
    const len = Buffer.byteLength(s);
    strings[i] = s;
    lengths[i] = len;
    size += (len < 32 ? 1 : len < 0x100 ? 2 : len < 0x10000 ? 3 : 5) + len;
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
    at += buf.write(strings[i]!, at, 'utf8');
  }
  return buf;
}
