// Loads dist/cli.cjs, the CLI as one script (scripts/build.mjs), with V8's code cache for it, so a
// start spends little time parsing and compiling the bundle.
import { existsSync, readFileSync } from 'node:fs';
import module, { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

/** A code cache is only good for the V8 that made it, so its name says which. */
export const cacheName = (v8 = process.versions.v8) => `cli-v8-${v8}.cache`;

/**
 * Compiles dist/cli.cjs, with the code cache when `cachedData` is given (one V8 rejects is ignored
 * and the script compiles as usual), runs its module body, and returns the script and the CLI's exports.
 * @param {URL} dist the dist/ directory, ending in '/'
 * @param {Buffer} [cachedData]
 */
export function compileCli(dist, cachedData) {
  const filename = fileURLToPath(new URL('cli.cjs', dist));
  // The build escapes every non-ASCII character, so latin1 reads the script exactly, without decoding.
  const source = readFileSync(filename, 'latin1');
  const script = new vm.Script(module.wrap(source), {
    filename,
    cachedData,
    // import() in the bundle (a user's config module, say) goes to Node's own loader.
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const cjs = { exports: {} };
  script.runInThisContext()(cjs.exports, createRequire(filename), cjs, filename, path.dirname(filename));
  return { script, exports: cjs.exports };
}

/**
 * The CLI's exports: compiled with the build's code cache when it was made by this V8 (the usual case:
 * `npm ci` builds on the Node that runs it). Otherwise, for a package built elsewhere, Node 22.1+
 * caches compiled code itself (module.enableCompileCache, in the OS temp dir or NODE_COMPILE_CACHE);
 * on an older Node the script simply compiles. A Node without
 * vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER (where a vm script could not import()) requires it.
 * @param {URL} dist the dist/ directory, ending in '/'
 */
export function loadCli(dist) {
  const cache = new URL(cacheName(), dist);
  if (vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER !== undefined && existsSync(cache))
    return compileCli(dist, readFileSync(cache)).exports;
  module.enableCompileCache?.();
  return createRequire(import.meta.url)(fileURLToPath(new URL('cli.cjs', dist)));
}
