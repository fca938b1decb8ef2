// secretlint, its recommended preset and the mapping of its findings: loaded by scan.ts only for
// files its prefilter lets through.
import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { rules as recommendedRules } from '@secretlint/secretlint-rule-preset-recommend';
import { pemBody, type RawMatch } from './own-rules.js';
import { extname } from './paths.js';

/**
 * secretlint's profiler names a global performance mark after each file path and measures between
 * them in a promise nobody awaits: a path with a newline makes that measure throw, which crashes the
 * process, and every scan leaves 64 marks behind, so a long-running App grows without bound. The
 * profiler only feeds secretlint's own CLI timing output, which nothing here reads: it is switched off.
 */
secretLintProfiler.mark = (): void => {};

/** The path as secretlint sees it: control characters, which no rule needs, replaced. */
export function secretlintPath(path: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is replaced
  return path.replace(/[\u0000-\u001f\u007f]/g, '_');
}

type CoreConfig = Parameters<typeof lintSource>[0]['options']['config'];

/**
 * The maintained rule set: secretlint's recommended preset, each rule registered on its own so that
 * its options can be set. The AWS rule scans access key ids only when asked; its account-id scan is
 * turned on with it but its findings are dropped below (account ids are not secrets).
 */
const SECRETLINT_CONFIG: CoreConfig = {
  rules: recommendedRules.map((rule) => ({
    id: rule.meta.id,
    rule,
    options: rule.meta.id === '@secretlint/secretlint-rule-aws' ? { enableIDScanRule: true } : {},
  })),
};

/** secretlint rule id + message id → our short rule name and words for people. */
const SECRETLINT_NAMES: Record<string, { rule: string; kind: string } | null> = {
  'aws/AWSAccessKeyID': { rule: 'aws-access-key-id', kind: 'AWS access key id' },
  'aws/AWSSecretAccessKey': { rule: 'aws-secret-access-key', kind: 'AWS secret access key' },
  'aws/AWSAccountID': null,
  'gcp/PrivateKeyJSON': { rule: 'gcp-service-account-key', kind: 'Google Cloud service account key' },
  'gcp/PrivateKeyP12': { rule: 'gcp-service-account-key', kind: 'Google Cloud service account key' },
  'privatekey/PrivateKey': { rule: 'private-key', kind: 'private key' },
  'npm/PackageJSON_xOauthToken': { rule: 'github-oauth-url', kind: 'GitHub token in a URL' },
  'npm/Npmrc_authToken': { rule: 'npmrc-auth-token', kind: 'npm registry token' },
  'npm/NPM_ACCESS_TOKEN': { rule: 'npm-token', kind: 'npm access token' },
  'slack/SLACK_TOKEN': { rule: 'slack-token', kind: 'Slack token' },
  'slack/IncomingWebhook': { rule: 'slack-webhook', kind: 'Slack incoming webhook URL' },
  'basicauth/BasicAuth': { rule: 'url-credentials', kind: 'credentials in a URL' },
  'openai/OPENAI_TOKEN': { rule: 'openai-key', kind: 'OpenAI API key' },
  'anthropic/ANTHROPIC_API_KEY': { rule: 'anthropic-key', kind: 'Anthropic API key' },
  'linear/LINEAR_API_TOKEN': { rule: 'linear-key', kind: 'Linear API key' },
  'sendgrid/SENDGRID_KEY': { rule: 'sendgrid-key', kind: 'SendGrid API key' },
  'shopify/SHOPIFY_KEY': { rule: 'shopify-key', kind: 'Shopify access token' },
  'github/GITHUB_TOKEN': { rule: 'github-token', kind: 'GitHub token' },
  '1password/OPS_TOKEN': { rule: '1password-token', kind: '1Password service account token' },
  'database-connection-string/MongoDBConnection': {
    rule: 'database-url-credentials',
    kind: 'MongoDB connection string with a password',
  },
  'database-connection-string/MySQLConnection': {
    rule: 'database-url-credentials',
    kind: 'MySQL connection string with a password',
  },
  'database-connection-string/PostgreSQLConnection': {
    rule: 'database-url-credentials',
    kind: 'PostgreSQL connection string with a password',
  },
};

export async function secretlintMatches(path: string, text: string): Promise<RawMatch[]> {
  // The GCP rule reads `.p12` files from disk by path; a snapshot's files are never read that way.
  const ext = extname(path).toLowerCase() === '.p12' ? '.p12.txt' : extname(path) || '.txt';
  const result = await lintSource({
    source: { content: text, filePath: secretlintPath(path), ext, contentType: 'text' },
    options: { config: SECRETLINT_CONFIG, noPhysicFilePath: true },
  });
  const out: RawMatch[] = [];
  for (const message of result.messages) {
    const short = message.ruleId.replace('@secretlint/secretlint-rule-', '');
    const name = SECRETLINT_NAMES[`${short}/${message.messageId}`];
    if (name === null) continue;
    let [start, end] = message.range;
    if (URL_MESSAGES.has(message.messageId) && isLocalDevelopmentUrl(text.slice(start, end))) continue;
    const secret = secretOf(message, text, start, end);
    // The npm rule's range for a token in an x-oauth-basic URL runs on past the URL, over the next
    // one too: narrowed to the token, so that a second token in the file is not hidden by it.
    // The token was picked from the text at `start`, so it is always found there.
    if (message.messageId === 'PackageJSON_xOauthToken') {
      start = text.indexOf(secret, start);
      end = start + secret.length;
    }
    out.push({ rule: name?.rule ?? short, kind: name?.kind ?? short, start, end, secret });
  }
  return out;
}

const URL_MESSAGES = new Set(['BasicAuth', 'MongoDBConnection', 'MySQLConnection', 'PostgreSQLConnection']);

/**
 * Credentials for a database on the developer's own machine or in a compose network
 * (`postgres://postgres:postgres@localhost`, `@db:5432`) open nothing anyone else can reach: they
 * are configuration, not secrets. A host with no dot is a container or service name.
 */
export function isLocalDevelopmentUrl(url: string): boolean {
  const m = /:\/\/([^:\s/]+):([^@\s/]+)@(\[[^\]]+\]|[^:/?\s]+)/.exec(url);
  if (!m) return false;
  const [, user, password, host = ''] = m;
  if (user === password) return true;
  return /^(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1\]|host\.docker\.internal|[A-Za-z0-9_-]+)$/i.test(
    host,
  );
}

/**
 * The part of a match that is the credential, for masking and placeholder tests: a URL's password,
 * not its scheme; a key's base64 body, not its PEM label; the value of an assignment whose reported
 * range starts at the name (AWS secret keys, npmrc tokens).
 */
function secretOf(
  message: { ruleId: string; messageId: string },
  text: string,
  start: number,
  end: number,
): string {
  const matched = text.slice(start, end);
  const pick = (re: RegExp, from: string): string | undefined => re.exec(from)?.[1];
  switch (message.messageId) {
    case 'BasicAuth':
    case 'MongoDBConnection':
    case 'MySQLConnection':
    case 'PostgreSQLConnection':
      return pick(/:\/\/[^:\s/]+:([^@\s/]+)@/, matched) ?? matched;
    case 'AWSSecretAccessKey':
      return pick(/(?::|=>|=)\s*["']?([A-Za-z0-9/+=]{40})/, text.slice(start, start + 200)) ?? matched;
    case 'PackageJSON_xOauthToken':
      return pick(/:\/\/([^:\s]+):x-oauth-basic/, text.slice(start, start + 600)) ?? matched;
    case 'Npmrc_authToken':
      return pick(/_authToken=(\S+)/, text.slice(start, start + 300)) ?? matched;
    case 'PrivateKey':
      return pemBody(matched);
    case 'PrivateKeyJSON':
      return pick(/"private_key_id"\s*:\s*"([^"]+)"/, matched) ?? '';
    default:
      return matched;
  }
}
