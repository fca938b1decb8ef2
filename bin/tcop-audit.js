#!/usr/bin/env node
// Runs the compiled CLI in dist/, which `npm ci` and `npm install` build through the `prepare` script
// (`npm run build` rebuilds it). The package as published ships dist/ ready-built.
import module from 'node:module';

const dist = new URL('../dist/', import.meta.url);
const args = process.argv.slice(2);
const options = args.includes('--') ? args.slice(0, args.indexOf('--')) : args;
// --version and --help need none of the checks: the small ES module entry answers them faster than
// the whole CLI script, even with its code cache.
const brief = options.some((a) => ['--version', '-v', '--help', '-h'].includes(a));

let cli;
try {
  if (brief) {
    module.enableCompileCache?.();
    cli = await import(new URL('tcop-audit.js', dist).href);
  } else {
    cli = (await import('./load-cli.js')).loadCli(dist);
  }
} catch (error) {
  const missing =
    (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('tcop-audit.js')) ||
    (error?.code === 'ENOENT' && String(error.path ?? error.message).includes('cli.cjs'));
  if (!missing) throw error;
  process.stderr.write('tcop-audit: the CLI is not built: run `npm run build` in its directory\n');
  process.exit(2);
}
await cli.run();
