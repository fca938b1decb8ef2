import path from 'node:path';
import process from 'node:process';
import { defineConfig, mergeConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { GROUPS } from './scripts/mutation-groups.mjs';
import base from './vitest.config.js';

/** A `testFiles` entry as a pattern over paths from the root; `*` stands for one path segment's part. */
const patternOf = (glob: string): RegExp =>
  new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);

/**
 * Test files in the order the group lists them. Stryker stops a mutant's run at its first failing test
 * (bail), and vitest would start with the slowest files: a mutant that a fast unit test kills would
 * wait for every App test covering it first.
 */
class GroupOrder extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const group = GROUPS[process.env.MUTATION_GROUP as keyof typeof GROUPS] as
      { testFiles: string[] } | undefined;
    const order = (group?.testFiles ?? []).map(patternOf);
    const rank = (spec: TestSpecification): number => {
      const file = path.relative(process.cwd(), spec.moduleId).split(path.sep).join('/');
      const at = order.findIndex((p) => p.test(file));
      return at === -1 ? order.length : at;
    };
    return [...files].sort((a, b) => rank(a) - rank(b));
  }
}

// Stryker runs the same tests hundreds of times with a different mutant switched on at run time, so the
// modules need importing once per worker, not once per run. Modules imported lazily are loaded first
// (test/support/mutation-setup.ts) so that their load-time code is static, as every other module's is.
export default mergeConfig(
  base,
  defineConfig({
    test: {
      isolate: false,
      setupFiles: ['test/support/mutation-setup.ts'],
      sequence: { sequencer: GroupOrder },
    },
  }),
);
