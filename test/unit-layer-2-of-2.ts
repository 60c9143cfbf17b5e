/** The second half of the fast layer (test/unit-layer.ts): test/unit files 2, 4, 6… in name order. */
import { importUnitFiles } from './support/unit-files.ts';

await importUnitFiles({ index: 1, count: 2 });
