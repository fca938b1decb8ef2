/**
 * Documentation and examples show token formats with values nobody could use: AWS's documented
 * `AKIAIOSFODNN7EXAMPLE`, `ghp_xxxxxxxx…`, `sk-ant-api03-…<your key>`. These are not secrets, and
 * reporting them would teach people to ignore the check.
 */

/** Words that mark a value as an example (AWS documents its example keys with EXAMPLE). */
const PLACEHOLDER_WORD =
  /example|sample|dummy|placeholder|changeme|change_me|replace|redacted|your[-_]?(?:token|key|secret|password|api)|insert|fake|xxxx|\*\*\*|<[^>]*>|\$\{[^}]*\}|\{\{[^}]*\}\}/i;

/** Runs like `abcdefgh` or `12345678` only appear in made-up values. */
function hasAscendingRun(value: string, length: number): boolean {
  let run = 1;
  for (let i = 1; i < value.length; i++) {
    run = value.charCodeAt(i) === value.charCodeAt(i - 1) + 1 ? run + 1 : 1;
    if (run >= length) return true;
  }
  return false;
}

function distinctCharacters(value: string): number {
  return new Set(value).size;
}

/**
 * Keys that vendors publish for their local emulators, the same on every machine: Azurite's and the
 * Azure Storage Emulator's account key for devstoreaccount1
 * (https://learn.microsoft.com/azure/storage/common/storage-use-azurite#well-known-storage-account-and-key)
 * and the Azure Cosmos DB emulator's key
 * (https://learn.microsoft.com/azure/cosmos-db/emulator#authentication). They open nothing.
 */
const PUBLISHED_DEVELOPMENT_KEYS: ReadonlySet<string> = new Set([
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
  'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==',
]);

/**
 * True when a matched token is a documentation placeholder rather than a credential: it names
 * itself an example, it is a published emulator key, or its random part has too little variety to have come from a generator
 * (fewer than 6 distinct characters, or an 8-character ascending run).
 */
export function isPlaceholderSecret(value: string, randomPart: string = value): boolean {
  if (PLACEHOLDER_WORD.test(value) || PUBLISHED_DEVELOPMENT_KEYS.has(value)) return true;
  if (randomPart.length >= 16 && distinctCharacters(randomPart) < 6) return true;
  // Six equal characters in a row: `ghp_PersonalAccessToken01245678900000000` (odds ~1e-8 if random).
  if (/(.)\1{5}/.test(randomPart)) return true;
  return hasAscendingRun(randomPart, 8);
}

const EXAMPLE_CONTEXT = /\be\.g\.|\b(?:for example|examples?|sample|dummy|fake|placeholder)\b/i;
const COMMENT_LINE = /^\s*(?:\/\/|#|\*|\/\*|<!--|--|;)/;
const DOC_FILE = /\.(?:md|markdown|rst|adoc|txt)$/i;

/**
 * True when the line a token sits on presents it as an example, in documentation or in a comment
 * ("e.g.) shpss_…", "for example: ghp_…"). In code, a name like EXAMPLE_TOKEN proves nothing.
 */
export function isExampleLine(path: string, line: string): boolean {
  return EXAMPLE_CONTEXT.test(line) && (DOC_FILE.test(path) || COMMENT_LINE.test(line));
}
