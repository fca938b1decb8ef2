import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

// Stryker runs the same tests hundreds of times with a different mutant switched on at run time, so the
// modules need importing once per worker, not once per run.
export default mergeConfig(base, defineConfig({ test: { isolate: false } }));
