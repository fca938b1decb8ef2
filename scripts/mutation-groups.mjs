// The module groups of `npm run mutation -- <group>`; stryker.config.mjs builds one run from one of them.

/**
 * Each group: the files Stryker mutates and the test files that are meant to catch the mutants, fast
 * ones first: a mutant's tests run in this order (vitest.mutation.config.ts) and stop at the first failure.
 */
export const GROUPS = {
  engine: {
    mutate: ['src/engine/**/*.ts'],
    testFiles: ['test/engine/*.test.ts'],
  },
  licence: {
    mutate: ['checks/lib/licence/**/*.ts', '!checks/lib/licence/**/*.test.ts', '!checks/lib/licence/*.d.ts'],
    // Unit tests first, then the checks; last, the tests that identify every SPDX text (seconds each),
    // the prepared index's (one encoding of the whole corpus per run) and one fresh build of the corpus.
    testFiles: [
      'checks/lib/licence/notice.test.ts',
      'checks/lib/licence/declared.test.ts',
      'checks/lib/licence/expression.test.ts',
      'checks/lib/licence/html.test.ts',
      'checks/lib/licence/spdx-tag.test.ts',
      'checks/lib/licence/normalise.test.ts',
      'checks/lib/licence/modified.test.ts',
      'checks/lib/licence/detect.test.ts',
      'checks/lib/licence/documentation-only.test.ts',
      'checks/lib/licence/identify-results.test.ts',
      'checks/lib/licence/licence-edges.test.ts',
      'checks/lib/licence/identify.test.ts',
      'checks/licence-osi-approved.test.ts',
      'checks/licence-file.test.ts',
      'checks/licence-manifest.test.ts',
      'checks/licence-evidence.test.ts',
      'checks/lib/licence/identify-spdx-list.test.ts',
      'checks/lib/licence/corpus-encoding.test.ts',
      'checks/lib/licence/corpus-build.test.ts',
      'checks/lib/licence/*.test.ts',
    ],
  },
  specs: {
    mutate: ['checks/lib/specs/**/*.ts', '!checks/lib/specs/**/*.test.ts'],
    // Unit tests first, the fastest first (a mutant stops at its first failing test), then the checks.
    testFiles: [
      'checks/lib/specs/pointer.test.ts',
      'checks/lib/specs/sniff.test.ts',
      'checks/lib/specs/json-positions.test.ts',
      'checks/lib/specs/ref-budget.test.ts',
      'checks/lib/specs/documents.test.ts',
      'checks/lib/specs/refs.test.ts',
      'checks/lib/specs/specs-edges.test.ts',
      'checks/lib/specs/openapi-read.test.ts',
      'checks/lib/specs/specs.test.ts',
      'checks/lib/specs/*.test.ts',
      'checks/interface-spec.test.ts',
      'checks/interface-spec-valid.test.ts',
      'checks/interface-spec-linked.test.ts',
      'test/hostile/specs.test.ts',
    ],
  },
  secrets: {
    mutate: ['checks/lib/secrets/**/*.ts', '!checks/lib/secrets/**/*.test.ts'],
    testFiles: ['checks/lib/secrets/*.test.ts', 'checks/no-committed-secrets.test.ts'],
  },
  updates: {
    mutate: [
      'checks/dependency-updates.ts',
      'checks/lockfiles.ts',
      'checks/lib/runtimes.ts',
      'checks/lib/eol.ts',
    ],
    testFiles: [
      'checks/dependency-updates.test.ts',
      'checks/lockfiles.test.ts',
      'checks/supported-runtime.test.ts',
      'checks/dependency-updates-edges.test.ts',
      'checks/dependency-updates-config.test.ts',
      'checks/supported-runtime-edges.test.ts',
      'checks/supported-runtime-declarations.test.ts',
    ],
  },
  app: {
    mutate: ['src/app/check-runs.ts', 'src/app/handlers.ts', 'src/app/job.ts'],
    // The App tests that drive these files through webhooks. Left out: scale.test.ts and the SIGTERM
    // and SIGKILL tests (the audit runs in child processes, which Stryker's coverage cannot see), and
    // install-and-hosts.test.ts and github-faults-app.test.ts (seconds of back-off per run), and
    // test/hostile/webhooks.test.ts (the body-size guard's, whose byte bound the instrumented server overruns).
    testFiles: [
      'test/app/job.test.ts',
      'test/app/handlers.test.ts',
      'test/app/bulk-enqueue.test.ts',
      'test/app/check-runs.test.ts',
      'test/app/check-runs-edges.test.ts',
      'test/app/check-runs-render.test.ts',
      'test/app/app.test.ts',
      'test/app/pull-requests.test.ts',
      'test/app/webhook-examples.test.ts',
      'test/app/github-behaviour.test.ts',
      'test/hostile/queue.test.ts',
      'test/hostile/pull-request-config.test.ts',
      'test/hostile/markdown-injection.test.ts',
      'test/hostile/replayed-visibility.test.ts',
    ],
  },
  'store-web': {
    mutate: ['src/web/badges.ts', 'src/web/app.ts', 'src/store/levels.ts', 'src/store/kysely-store.ts:55-57'],
    testFiles: [
      'test/web/guards.test.ts',
      'test/web/badges.test.ts',
      'test/store/levels.test.ts',
      'test/web/dashboard.test.ts',
      'test/store/contract.test.ts',
      'test/app/store-web.test.ts',
    ],
  },
};
