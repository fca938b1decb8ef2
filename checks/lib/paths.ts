/**
 * Path conventions shared by checks: which directories hold tests, fixtures and examples rather
 * than the software itself. Pure string functions over repository paths.
 */

/**
 * Directories that by convention hold tests, test data, fixtures, mocks, examples, samples or demos
 * (any depth, any case; whole directory names only, so `latest/` or `example-service/` do not count).
 */
const TEST_OR_EXAMPLE_DIR =
  /(?:^|\/)(?:tests?|__tests__|spec|specs|fixtures?|__fixtures__|testdata|test[-_]data|testing|mocks?|__mocks__|examples?|samples?|demo)\//i;

/** True when the path lies under a test, fixture or example directory. */
export function isInTestOrExampleDirectory(path: string): boolean {
  return TEST_OR_EXAMPLE_DIR.test(path);
}
