/**
 * Secret formats that secretlint's recommended preset does not cover. Each rule cites where its
 * format is documented; everything else comes from the maintained preset (see scan.ts).
 */

/** One match of a rule in a text: offsets into the text and the secret's own characters. */
export interface RawMatch {
  rule: string;
  kind: string;
  start: number;
  end: number;
  /** The credential itself, for masking and placeholder tests; never shown whole. */
  secret: string;
}

export interface OwnRule {
  rule: string;
  kind: string;
  /** Regex source the text must match before the rule can: part of the combined prefilter. */
  prefilter: string;
  find(text: string): RawMatch[];
}

/** Every match of `re` that `pick` keeps, as the rule's matches. */
function all(
  rule: Pick<OwnRule, 'rule' | 'kind'>,
  re: RegExp,
  text: string,
  pick: (m: RegExpExecArray) => { secret: string; start: number } | undefined,
): RawMatch[] {
  const out: RawMatch[] = [];
  for (const m of text.matchAll(re)) {
    const hit = pick(m as RegExpExecArray);
    if (hit)
      out.push({
        rule: rule.rule,
        kind: rule.kind,
        start: hit.start,
        end: hit.start + hit.secret.length,
        secret: hit.secret,
      });
  }
  return out;
}

/**
 * NHS England API platform keys are 32 alphanumeric characters sent in an `apikey` header
 * (https://digital.nhs.uk/developer/guides-and-documentation/security-and-authorisation/application-restricted-restful-apis-api-key-authentication).
 * The format has no prefix, so the rule needs the context: a name saying NHS, or a file that calls
 * api.service.nhs.uk.
 */
const NHS_KEY =
  /(?<name>\b[A-Za-z_]{0,40}NHS[A-Za-z_]{0,40}API[_-]?KEY|\bapi[_-]?key|\bx-api-key)["']?\s*[:=]\s*["']?(?<key>[A-Za-z0-9]{32})(?![A-Za-z0-9])/gi;
const NHS_HOST = /api\.service\.nhs\.uk/i;

export const nhsApiKey: OwnRule = {
  rule: 'nhs-api-key',
  kind: 'NHS API platform key',
  prefilter: '[Nn][Hh][Ss]',
  find(text) {
    const hostMentioned = NHS_HOST.test(text);
    return all(this, NHS_KEY, text, (m) => {
      const name = m.groups?.name ?? '';
      const key = m.groups?.key ?? '';
      if (!hostMentioned && !/nhs/i.test(name)) return undefined;
      return { secret: key, start: m.index + m[0].length - key.length };
    });
  },
};

/**
 * Azure Storage account keys are 64 bytes in base64 (88 characters) and appear in connection strings
 * as `AccountKey=` (https://learn.microsoft.com/azure/storage/common/storage-configure-connection-string).
 */
const AZURE_ACCOUNT_KEY = /AccountKey=(?<key>[A-Za-z0-9+/]{86}==)/g;

export const azureStorageKey: OwnRule = {
  rule: 'azure-storage-account-key',
  kind: 'Azure Storage account key',
  prefilter: 'AccountKey=',
  find(text) {
    return all(this, AZURE_ACCOUNT_KEY, text, (m) => {
      const key = m.groups?.key ?? '';
      return { secret: key, start: m.index + 'AccountKey='.length };
    });
  },
};

/**
 * PEM private key blocks (RFC 7468) the preset's private-key rule misses: it wants 100 base64
 * characters starting "MI", so small keys (Ed25519 PKCS #8 is 64 characters; EC P-256 SEC1 starts
 * "MH") and PKCS #8 encrypted keys (RFC 5958 §3, label ENCRYPTED PRIVATE KEY) pass it. PuTTY key
 * files have a format of their own. A passphrase protects an encrypted key, but it is often weak or
 * stored beside the key, so those do not belong in a repository either.
 */
const PEM_PRIVATE_KEY =
  /-----BEGIN (?<label>(?:RSA |DSA |EC |OPENSSH |ENCRYPTED )?PRIVATE KEY)-----(?<body>[A-Za-z0-9+/=\s\\]{40,10000}?)-----END \k<label>-----/g;
/** OpenPGP armor (RFC 4880 §6.2): optional header lines, a blank line, base64, a CRC line. */
const PGP_PRIVATE_KEY =
  /-----BEGIN PGP PRIVATE KEY BLOCK-----\r?\n(?:[A-Za-z-]+: [^\r\n]*\r?\n)*\r?\n(?<body>(?:[A-Za-z0-9+/]{20,}={0,2}\r?\n){2,})(?:=[A-Za-z0-9+/]{4}\r?\n)?-----END PGP PRIVATE KEY BLOCK-----/g;
const PUTTY =
  /PuTTY-User-Key-File-[23]: [\w-]+\r?\nEncryption: [\w-]+\r?\nComment: [^\r\n]*\r?\nPublic-Lines: \d+\r?\n(?:[A-Za-z0-9+/=]+\r?\n)+Private-Lines: \d+/g;

/** The base64 body of a PEM block, without label lines, whitespace or JSON-escaped newlines. */
export function pemBody(block: string): string {
  return block.replace(/-----(?:BEGIN|END) [^-]+-----/g, '').replace(/\s|\\n/g, '');
}

export const pemPrivateKey: OwnRule = {
  rule: 'private-key',
  kind: 'private key',
  prefilter: 'PRIVATE KEY|PuTTY-User-Key-File',
  find(text) {
    const out: RawMatch[] = [];
    for (const m of text.matchAll(PEM_PRIVATE_KEY)) {
      const body = pemBody(m[0]);
      // DER starts with an ASN.1 SEQUENCE (base64 "M"), OpenSSH keys with "openssh-key-v1\0";
      // bodies of "..." or "XXXX" are documentation.
      if (!/^(?:M|b3BlbnNzaC1rZXktdjE)[A-Za-z0-9+/]+=*$/.test(body)) continue;
      const encrypted = m.groups?.label?.startsWith('ENCRYPTED') ?? false;
      out.push({
        rule: encrypted ? 'encrypted-private-key' : 'private-key',
        kind: encrypted ? 'encrypted private key' : 'private key',
        start: m.index,
        end: m.index + m[0].length,
        secret: body,
      });
    }
    for (const m of text.matchAll(PGP_PRIVATE_KEY)) {
      const body = (m.groups?.body ?? '').replace(/\s/g, '');
      out.push({
        rule: 'private-key',
        kind: 'PGP private key',
        start: m.index,
        end: m.index + m[0].length,
        secret: body,
      });
    }
    for (const m of text.matchAll(PUTTY)) {
      const body = m[0].split(/\r?\n/).slice(4).join('');
      out.push({
        rule: 'private-key',
        kind: 'PuTTY private key',
        start: m.index,
        end: m.index + m[0].length,
        secret: body,
      });
    }
    return out;
  },
};

/**
 * AWS secret access keys: 40 base64 characters assigned to a name saying so. The preset's rule
 * demands a word boundary after the key, so it misses the keys (about one in twenty) that end in
 * `+`, `/` or `=`; this rule has the same shape without that flaw.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/security-creds.html
 */
const AWS_SECRET =
  /["']?(?:AWS|aws|Aws)?_?(?:SECRET|secret|Secret)_?(?:ACCESS|access|Access)_?(?:KEY|key|Key)["']?\s*(?::|=>|=)\s*["']?(?<key>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/g;

export const awsSecretAccessKey: OwnRule = {
  rule: 'aws-secret-access-key',
  kind: 'AWS secret access key',
  prefilter: '(?:SECRET|[Ss]ecret)_?(?:ACCESS|[Aa]ccess)',
  find(text) {
    return all(this, AWS_SECRET, text, (m) => {
      const key = m.groups?.key ?? '';
      return { secret: key, start: m.index + m[0].length - key.length };
    });
  },
};

export const OWN_RULES: readonly OwnRule[] = [awsSecretAccessKey, nhsApiKey, azureStorageKey, pemPrivateKey];

/**
 * A dotenv file assigns values to names. A value under a name that says it is a credential is a
 * committed secret; other settings (PORT=3000) are not. Values that refer to other variables or are
 * empty are fine. Syntax per https://github.com/motdotla/dotenv#what-rules-does-the-parsing-engine-follow.
 */
const DOTENV_LINE = /^[ \t]*(?:export[ \t]+)?(?<name>[A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=[ \t]*(?<value>.*)$/gm;
const SECRET_NAME =
  /SECRET|TOKEN|PASSW(?:OR)?D|PWD|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL|AUTH|DSN|CONNECTION_?STRING|DATABASE_URL|_KEY$/i;
/**
 * Names of settings that locate or identify rather than authenticate (AUTH_HOST, SECURITY_AUTHUSER,
 * TOKEN_URL, OAUTH_ISSUER): their values are addresses and user names, not secrets.
 */
const NOT_SECRET_NAME =
  /(?:HOST|HOSTNAME|DOMAIN|ISSUER|AUDIENCE|USER|USERNAME|ROLE|PATH|PORT|REGION|SCOPES?|TYPE|MODE|ENABLED|HEADER|PROVIDER|TIMEOUT|EXPIRY|TTL)$/i;
/**
 * A URL with no user information and no long random part in its path or query: an address, not a
 * credential (url-credentials finds the others; a webhook URL carries its token in the path).
 */
const PLAIN_URL = /^[a-z][a-z0-9+.-]*:\/\/[^\s/@:]+(?::\d+)?(?:[/?#]\S*)?$/i;
const addressOnly = (value: string): boolean =>
  PLAIN_URL.test(value) &&
  !(value.match(/[A-Za-z0-9_-]{16,}/g) ?? []).some((run) => /\d/.test(run) && /[A-Za-z]/.test(run));
/** Development defaults that protect nothing. */
const TRIVIAL_VALUE =
  /^(?:true|false|null|none|0|1|password|secret|changeme|postgres|root|admin|test|dev|local|localhost)$/i;

export function findDotenvSecrets(text: string): RawMatch[] {
  const out: RawMatch[] = [];
  for (const m of text.matchAll(DOTENV_LINE)) {
    const name = m.groups?.name ?? '';
    // `#` at the start of the value or after one blank starts a comment (`KEY= # set in CI` is empty);
    // trim() takes the rest. `[ \t]+#` would rescan a run of blanks from each of its characters:
    // quadratic in a value padded with 1 MB of spaces.
    const rawValue = (m.groups?.value ?? '').replace(/(?:^|[ \t])#.*$/, '').trim();
    const value = rawValue.replace(/^(['"`])(.*)\1$/, '$2');
    if (!SECRET_NAME.test(name) || value.length < 6 || TRIVIAL_VALUE.test(value)) continue;
    if (NOT_SECRET_NAME.test(name) || addressOnly(value)) continue;
    if (/^\$\{?[A-Za-z_]/.test(value)) continue; // refers to another variable
    const start = (m.index ?? 0) + m[0].indexOf(rawValue);
    out.push({
      rule: 'dotenv-value',
      kind: `value of ${name} in a dotenv file`,
      start,
      end: start + rawValue.length,
      secret: value,
    });
  }
  return out;
}
