/**
 * Path conventions shared by checks: which directories hold tests, fixtures and examples rather
 * than the software itself. Pure string functions over repository paths.
 */

/**
 * Directories that by convention hold tests, test data, fixtures, mocks, examples, samples or demos
 * (any depth, any case; whole directory names only, so `latest/` or `example-service/` do not count),
 * named test suites (`test-suite/`, `integration-tests/`, `tests_cypress/`, `e2e/`), and `sandbox/`,
 * a demonstration app run against the library.
 */
const TEST_OR_EXAMPLE_DIR =
  /(?:^|\/)(?:tests?|__tests__|spec|specs|fixtures?|__fixtures__|testdata|test[-_]data|testing|mocks?|__mocks__|examples?|samples?|demo|test[-_]?suites?|[a-z0-9]+[-_]tests?|tests?[-_][a-z0-9_-]+|sandbox|e2e)\//i;

/**
 * Below a JVM source root the directories are package names (`uk.gov.example.register`), not a
 * project's layout: `src/main/java/uk/gov/example/` is production code.
 */
const JVM_SOURCE_ROOT = /(?:^|\/)src\/main\/(?:java|kotlin|scala|groovy)\//;

/** True when the path lies under a test, fixture or example directory. */
export function isInTestOrExampleDirectory(path: string): boolean {
  const root = JVM_SOURCE_ROOT.exec(path);
  return TEST_OR_EXAMPLE_DIR.test(root ? path.slice(0, root.index + root[0].length) : path);
}
