#!/usr/bin/env node
// Runs the compiled CLI in dist/, which `npm ci` and `npm install` build through the `prepare` script
// (`npm run build` rebuilds it). The package as published ships dist/ ready-built.
import module from 'node:module';

// Node 22.1+ keeps V8's compiled code for the bundle on disk (the OS temp dir, or
// NODE_COMPILE_CACHE), so later runs skip most of the compile; on Node 20 there is none to turn on.
module.enableCompileCache?.();

let cli;
try {
  cli = await import('../dist/tcop-audit.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('tcop-audit.js')) throw error;
  process.stderr.write('tcop-audit: the CLI is not built: run `npm run build` in its directory\n');
  process.exit(2);
}
await cli.run();
