/**
 * Random texts for the tests that hold a fast scan to its definition: each text is up to `maxPieces - 1` pieces drawn
 * from `pieces`, so that the edges the pieces are chosen for meet in every order. Seeded (mulberry32): the same texts
 * on every run.
 */
import { mulberry32 } from '../../src/spam/splits.ts';

export function randomTexts(seed: number, pieces: readonly string[], count: number, maxPieces: number): string[] {
  const rnd = mulberry32(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let s = '';
    const n = Math.floor(rnd() * maxPieces);
    for (let j = 0; j < n; j++) s += pieces[Math.floor(rnd() * pieces.length)];
    out.push(s);
  }
  return out;
}
