import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

// Stryker runs the same tests hundreds of times with a different mutant switched on at run time, so the
// modules need importing once per worker, not once per run. Modules imported lazily are loaded first
// (test/support/mutation-setup.ts) so that their load-time code is static, as every other module's is.
export default mergeConfig(
  base,
  defineConfig({ test: { isolate: false, setupFiles: ['test/support/mutation-setup.ts'] } }),
);
