/**
 * The fast layer in one process: every test/unit file, none of which needs Redis or process isolation.
 * One process instead of one per file saves about a second of start-up (express, the model) per file.
 * `npm test` and `npm run test:fast` run it as two processes instead (test/unit-layer-1-of-2.ts and -2-of-2.ts),
 * one per core. Runs from source (`node --import tsx --test test/unit-layer.ts`) or compiled
 * (dist/test/unit-layer.js, see test/support/build-tests.mjs); `node --import tsx --test test/unit/x.test.ts`
 * still runs one file.
 */
import { importUnitFiles } from './support/unit-files.ts';

await importUnitFiles();
