/**
 * Reading and changing a stored comment record field by field, for tests that look past the store's interface
 * (what exactly is kept, or a record made older than it is). The record's layout is comment-record-codec.ts.
 */
import { luaSource, type RedisClient } from '../../src/store/redis-client.ts';
import { readRecord } from '../../src/store/redis-comment-store.ts';
import { F, formerLayoutFields, toFields, type CommentField, type RecordFields } from '../../src/store/comment-record-codec.ts';

/** The record's fields ('' for none), or {} when there is no record. */
export async function storedFields(redis: RedisClient, key: string): Promise<RecordFields> {
  const rec = await readRecord(redis, key);
  return rec ? toFields(rec) : {};
}

/** Sets fields (position, value pairs in ARGV) of the record at KEYS[1] in one step, with the scripts' own code. */
const PATCH = `${luaSource('includes/record.lua')}
local rec = readRecord(KEYS[1])
if not rec then return 0 end
for i = 1, #ARGV, 2 do rec[tonumber(ARGV[i])] = ARGV[i + 1] end
writeRecord(KEYS[1], rec)
return 1`;

/** Overwrites some fields of an existing record, atomically (a worker may be moving it meanwhile). */
export async function patchStoredFields(redis: RedisClient, key: string, patch: RecordFields): Promise<void> {
  const args: string[] = [];
  for (const [name, value] of Object.entries(patch)) args.push(String(F[name as CommentField] + 1), value);
  if ((await redis.eval(PATCH, 1, key, ...args)) !== 1) throw new Error(`no comment record at ${key}`);
}

/**
 * Rewrites the record at `key` in the former layout, a hash with one field per record field, as the previous
 * version of the service wrote it: what an upgraded deployment finds in Redis.
 */
export async function toFormerLayout(redis: RedisClient, key: string): Promise<void> {
  const rec = await readRecord(redis, key);
  if (!rec || !toFields(rec).id) throw new Error(`no comment record at ${key}`);
  await redis.multi().del(key).hset(key, ...Object.entries(formerLayoutFields(rec)).flat()).exec();
}

/**
 * Rewrites the record at `key` as the build before the text's hash was kept in the record stored it (the same string
 * layout, without that field): what Redis holds during an upgrade from that build. The hash is the last field and the
 * scripts' writeRecord drops trailing empty fields, so clearing it packs the record as that build did.
 */
export async function withoutTextHash(redis: RedisClient, key: string): Promise<void> {
  await patchStoredFields(redis, key, { textHash: '' });
}
