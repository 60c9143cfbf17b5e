/**
 * Bounds and markers that the TypeScript side defines and the Lua scripts use too, written once: a script line
 * `--- @const NAME` becomes `local NAME = <value>` when luaSource reads it. They are constants of the build, so a
 * script's source (and the SHA it runs under) is the same in every process of a deployment; values that vary from
 * call to call still travel as ARGV.
 */
import { MAX_SITE_PHRASE_KEYS, PHRASE_PREFIX } from '../spam/site-phrases.ts';
import { SPAM_AUTHORS_KEPT } from './comment-store.ts';

/** Every name a script may ask for with `--- @const NAME`. */
export const LUA_CONSTANTS: Readonly<Record<string, number | string>> = { SPAM_AUTHORS_KEPT, MAX_SITE_PHRASE_KEYS, PHRASE_PREFIX };

/** A constant as a Lua literal: a whole number, or a string of plain characters (nothing to escape). */
function luaLiteral(name: string, value: number | string): string {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value === 'string' && /^[\w:.-]*$/.test(value)) return `'${value}'`;
  throw new Error(`Lua constant ${name}: ${JSON.stringify(value)} is neither a whole number nor a plain string`);
}

/** `src` with each `--- @const NAME` line replaced by the constant's definition; an unknown name is an error. */
export function withLuaConstants(src: string, constants: Readonly<Record<string, number | string>> = LUA_CONSTANTS): string {
  return src.replace(/^--- @const ([A-Z][A-Z0-9_]*)$/gm, (_m, name: string) => {
    if (!Object.hasOwn(constants, name)) throw new Error(`Lua constant ${name} is not defined (src/store/lua-constants.ts)`);
    return `local ${name} = ${luaLiteral(name, constants[name]!)}`;
  });
}
