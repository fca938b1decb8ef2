import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './check-harness.js';

/** The CLI as users run it: bin/tcop-audit.js, which runs the bundle in dist/. */
export const BIN = path.join(ROOT, 'bin/tcop-audit.js');

/** Build time on two busy cores, for the hook that calls builtCli(). */
export const BUILD_TIMEOUT_MS = 300_000;

/**
 * Builds dist/ when a source is newer than it, so tests that run the CLI as a process run the code
 * under test; parallel test files share one build (scripts/build.mjs takes a lock).
 */
export function builtCli(): string {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), '--if-stale'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return BIN;
}
