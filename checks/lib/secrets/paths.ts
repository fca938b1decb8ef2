/**
 * Path conventions for secrets: where test fixtures and examples live, which file names are key
 * stores, and which are dotenv files. Pure string functions over repository paths.
 */

import { isInTestOrExampleDirectory } from '../paths.js';

/** Test files by name: foo.test.ts, foo.spec.js, foo_test.go, test_foo.py, FooTest.java. */
const TEST_FILE =
  /(?:^|\/)(?:[^/]+[._-](?:test|spec)\.[^/]+|test_[^/]+\.py|[^/]+Tests?\.(?:java|kt|cs|scala))$/;

/**
 * Directories of made-up key material, named for it: `example-certs/`, `dummy_keys/`, `test-tls/`
 * (whereas `example-service/` is a service like any other).
 */
const EXAMPLE_KEY_DIR =
  /(?:^|\/)(?:examples?|samples?|dummy|fake|demo|tests?)[-_](?:certs?|certificates?|keys?|keystores?|secrets?|credentials?|ssl|tls|pki)\//i;

/** True when a secret at this path is most likely test or example material. */
export function isFixturePath(path: string): boolean {
  return (
    isInTestOrExampleDirectory(path) ||
    EXAMPLE_KEY_DIR.test(path) ||
    TEST_FILE.test(path) ||
    DOTENV_TEST.test(basename(path))
  );
}

/**
 * Files that are private keys by their very name: PKCS #12 stores (binary, so their contents are
 * never read), PuTTY keys and OpenSSH's default identity files.
 */
const KEY_STORE_NAME = /^(?:.+\.(?:p12|pfx|ppk)|id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?)$/i;

export type KeyStoreKind = 'PKCS #12 key store' | 'PuTTY private key' | 'OpenSSH private key';

export function keyStoreKind(path: string): KeyStoreKind | undefined {
  const name = basename(path);
  if (!KEY_STORE_NAME.test(name)) return undefined;
  const lower = name.toLowerCase();
  if (lower.endsWith('.p12') || lower.endsWith('.pfx')) return 'PKCS #12 key store';
  if (lower.endsWith('.ppk')) return 'PuTTY private key';
  return 'OpenSSH private key';
}

/**
 * A dotenv file holds a deployment's real settings: `.env`, `.env.local`, `.env.production`.
 * Templates meant to be committed (`.env.example`, `.env.sample`…) are not dotenv files here.
 */
const DOTENV = /^\.env(?:\.[\w.-]+)?$/;
const DOTENV_TEMPLATE = /\.(?:example|sample|template|tpl|dist|defaults?|schema|skeleton)$/i;
const DOTENV_TEST = /^\.env\.(?:test|testing|ci)$/i;

export function isDotenvFile(path: string): boolean {
  const name = basename(path);
  return DOTENV.test(name) && !DOTENV_TEMPLATE.test(name);
}

export function basename(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? path : path.slice(slash + 1);
}

export function extname(path: string): string {
  const name = basename(path);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot);
}

/**
 * Names that promise text: source, configuration, dotenv and key files. A NUL byte makes git's test
 * (and so the snapshot) call such a file binary, which would hide a secret in it from the scan; the
 * check counts it as not scanned instead.
 */
const TEXT_EXTENSION =
  /\.(?:txt|md|json|jsonc|ya?ml|toml|ini|cfg|conf|config|properties|env|xml|html?|css|scss|csv|sql|sh|bash|zsh|ps1|psm1|bat|cmd|js|mjs|cjs|jsx|ts|mts|cts|tsx|py|rb|go|java|kt|kts|scala|cs|php|pl|rs|swift|c|h|cc|cpp|hpp|tf|tfvars|hcl|gradle|pem|key|crt|cer|npmrc|netrc|pgpass)$/i;

export function isTextName(path: string): boolean {
  const name = basename(path);
  return TEXT_EXTENSION.test(name) || /^\.(?:env|npmrc|netrc|pgpass|pypirc)(?:\.[\w.-]+)?$/.test(name);
}
