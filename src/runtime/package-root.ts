/**
 * The package root: the nearest directory above a module with a package.json. Paths to files that ship with
 * the package (the default model, the browser sources) are resolved from it, so they are the same whether the
 * module runs as TypeScript from src/ or compiled from dist/src/.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function packageRootOf(moduleUrl: string): string {
  let dir = dirname(fileURLToPath(moduleUrl));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${fileURLToPath(moduleUrl)}`);
    dir = up;
  }
  return dir;
}

/** This package's root directory. */
export const PACKAGE_ROOT: string = packageRootOf(import.meta.url);
