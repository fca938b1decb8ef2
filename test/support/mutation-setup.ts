// Loaded before the tests of a mutation run (vitest.mutation.config.ts). scan.ts imports secretlint.ts
// lazily, inside the first test that scans a candidate file; with modules imported once per worker,
// that test alone would be recorded as covering the module's load-time code (its rule table and
// config), and no later test would run that code again. Loading it here makes that code load-time
// code like every other module's, which Stryker treats as static (see ignoreStatic).
import '../../checks/lib/secrets/secretlint.js';
