/** The first half of the fast layer (test/unit-layer.ts): test/unit files 1, 3, 5… in name order. */
import { importUnitFiles } from './support/unit-files.ts';

await importUnitFiles({ index: 0, count: 2 });
