import { afterEach } from 'vitest';
import type { FakeGitHub } from '../../src/devtools/fake-github.js';

/**
 * Fails the test that broke GitHub's REST contract: every request the App sent to the fake and
 * every answer the fake gave are checked against @octokit/openapi as they happen; this turns what
 * was seen into a failure of the test during which it happened.
 */
export function holdToContract(fake: () => FakeGitHub | undefined): void {
  afterEach(() => {
    fake()?.assertContract();
  });
}
