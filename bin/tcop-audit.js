#!/usr/bin/env node
// The CLI runs from the TypeScript sources, so a clean clone works without a build step:
// tsx compiles each module on first use and caches the result.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../src/cli/main.ts');
await run();
