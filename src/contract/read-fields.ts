/**
 * The one reader every JSON or form body goes through before its schema: the body must be an object
 * (anything else reads as empty), every string in it must be well-formed Unicode, null means absent,
 * aliases fill in for missing names. Then the schema checks the fields, and every failing field is
 * reported at once as a 400 validation_failed with `fields`.
 */
import type { z } from 'zod';
import { ValidationError } from '../errors.ts';
import { isWellFormed } from './text-fields.ts';

export type RawBody = Record<string, unknown>;

/** The body as an object of fields; arrays, strings, numbers and null have no fields. */
export function asFields(body: unknown): RawBody {
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as RawBody) : {};
}

function own(raw: RawBody, key: string): unknown {
  return Object.hasOwn(raw, key) ? raw[key] : undefined;
}

/**
 * The top-level fields whose name or value holds a lone UTF-16 surrogate anywhere inside it (the
 * validators of e-mail addresses, URLs and IPs throw on those). Walks without recursion.
 */
export function illFormedFields(raw: RawBody): string[] {
  const bad: string[] = [];
  for (const key of Object.keys(raw)) {
    const pending: unknown[] = [raw[key]];
    let ok = isWellFormed(key);
    while (ok && pending.length > 0) {
      const v = pending.pop();
      if (typeof v === 'string') ok = isWellFormed(v);
      else if (v !== null && typeof v === 'object') {
        for (const [k, inner] of Object.entries(v)) {
          if (!isWellFormed(k)) ok = false;
          pending.push(inner);
        }
      }
    }
    if (!ok) bad.push(key);
  }
  return bad;
}

export function validationError(fields: Record<string, string>): ValidationError {
  return new ValidationError(fields);
}

/** Throws a 400 validation_failed naming each field that is not well-formed Unicode. */
export function assertWellFormed(raw: RawBody): void {
  const bad = illFormedFields(raw);
  // fromEntries defines own properties, so a field called __proto__ stays a field.
  if (bad.length > 0) throw validationError(Object.fromEntries(bad.map((k) => [k, `${k} must be well-formed Unicode text`])));
}

/** The schema's fields picked from the body, `aliases` (alias → field) standing in for missing ones. */
export function pickFields(raw: RawBody, keys: readonly string[], aliases: Readonly<Record<string, string>> = {}): RawBody {
  const picked: RawBody = {};
  for (const key of keys) {
    let value = own(raw, key);
    for (const [alias, target] of Object.entries(aliases)) {
      if (value !== undefined && value !== null) break;
      if (target === key) value = own(raw, alias);
    }
    if (value !== undefined && value !== null) picked[key] = value;
  }
  return picked;
}

/** The first message for each failing top-level field. */
export function fieldMessages(error: z.ZodError): Record<string, string> {
  const entries = new Map<string, string>();
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'body');
    if (!entries.has(field)) entries.set(field, issue.message);
  }
  return Object.fromEntries(entries);
}

/**
 * Reads `body` with `schema`: well-formedness first, then the schema on the picked fields.
 * Throws a 400 validation_failed naming every failing field.
 */
export function readFields<S extends z.ZodObject>(body: unknown, schema: S, aliases?: Readonly<Record<string, string>>): z.output<S> {
  const raw = asFields(body);
  assertWellFormed(raw);
  const result = schema.safeParse(pickFields(raw, Object.keys(schema.shape), aliases));
  if (!result.success) throw validationError(fieldMessages(result.error));
  return result.data;
}

/** True when arrays and objects nest more than `max` levels deep in `value`. Walks without recursion. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [v, depth] = pending.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > max) return true;
    for (const inner of Object.values(v)) pending.push([inner, depth + 1]);
  }
  return false;
}
