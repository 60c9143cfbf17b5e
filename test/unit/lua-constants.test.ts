/**
 * The bounds and markers the Redis scripts share with the TypeScript side are written once, in TypeScript
 * (lua-constants.ts): a script asks for one with `--- @const NAME` and gets the TypeScript value, so the memory
 * stores and the scripts cannot drift apart.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LUA_CONSTANTS, withLuaConstants } from '../../src/store/lua-constants.ts';
import { luaSource } from '../../src/store/redis-client.ts';
import { SPAM_AUTHORS_KEPT } from '../../src/store/comment-store.ts';
import { MAX_SITE_PHRASE_KEYS, PHRASE_PREFIX } from '../../src/spam/site-phrases.ts';

const LUA_DIR = fileURLToPath(new URL('../../src/store/lua/', import.meta.url));
const luaFiles = [...readdirSync(LUA_DIR).filter((f) => f.endsWith('.lua')), ...readdirSync(join(LUA_DIR, 'includes')).map((f) => `includes/${f}`)];

test('the scripts run with the TypeScript bounds: authors marked spam kept per site, site phrase keys, the phrase prefix', () => {
  assert.match(luaSource('comment-transition-1.lua'), new RegExp(`^local SPAM_AUTHORS_KEPT = ${SPAM_AUTHORS_KEPT}$`, 'm'));
  assert.match(luaSource('comment-transition-many-1.lua'), new RegExp(`^local SPAM_AUTHORS_KEPT = ${SPAM_AUTHORS_KEPT}$`, 'm'));
  const learn = luaSource('learn-6.lua');
  assert.match(learn, new RegExp(`^local MAX_SITE_PHRASE_KEYS = ${MAX_SITE_PHRASE_KEYS}$`, 'm'));
  assert.match(learn, new RegExp(`^local PHRASE_PREFIX = '${PHRASE_PREFIX}'$`, 'm'));
});

test('no script defines one of these names itself (a second copy could drift)', () => {
  for (const file of luaFiles) {
    const src = readFileSync(join(LUA_DIR, file), 'utf8');
    for (const name of Object.keys(LUA_CONSTANTS)) assert.doesNotMatch(src, new RegExp(`local ${name}\\s*=`), `${file} defines ${name}`);
  }
});

test('every `--- @const` a script asks for is defined; an unknown name or a value Lua cannot take as it is → an error naming it', () => {
  for (const file of luaFiles) assert.doesNotMatch(luaSource(file), /^--- @const /m, file);
  assert.throws(() => withLuaConstants('--- @const NO_SUCH_BOUND\n'), /NO_SUCH_BOUND is not defined/);
  assert.throws(() => withLuaConstants("--- @const QUOTED\n", { QUOTED: "it's" }), /QUOTED/);
  assert.throws(() => withLuaConstants('--- @const HALF\n', { HALF: 0.5 }), /HALF/);
  assert.equal(withLuaConstants('--- @const N\n--- @const S\nreturn N\n', { N: 3, S: 'p:' }), "local N = 3\nlocal S = 'p:'\nreturn N\n");
});
