// Loaded before the tests of a mutation run (vitest.mutation.config.ts). scan.ts imports secretlint.ts
// lazily, inside the first test that scans a candidate file; with modules imported once per worker,
// that test alone would be recorded as covering the module's load-time code (its rule table and
// config), and no later test would run that code again. Loading it here makes that code load-time
// code like every other module's, which Stryker treats as static (see ignoreStatic).
import '../../checks/lib/secrets/secretlint.js';

// Likewise, in the licence group's runs, the licence corpus and the table of licence names, each built
// on first use and kept for the process: built here, their building is load-time code, which no mutant
// run could change once the first test had built them. corpus-build.test.ts builds a corpus afresh
// inside its test, so the build's mutants are still tested, by that test.
import process from 'node:process';
import { licenceCorpus } from '../../checks/lib/licence/corpus.js';
import { idForName } from '../../checks/lib/licence/declared.js';

if (process.env.MUTATION_GROUP === 'licence') {
  licenceCorpus();
  idForName('MIT');
}
