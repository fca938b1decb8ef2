import { defineCheck, type CheckFinding } from '../src/engine/check.js';
import { withinFileBudget } from '../src/engine/file-budget.js';
import { isFixturePath, isTextName, keyStoreKind } from './lib/secrets/paths.js';
import { needsScan, scanText, type SecretMatch } from './lib/secrets/scan.js';

/** A report with thousands of findings helps nobody; the first ones say what to do. */
const MAX_FINDINGS = 200;

type MessageId =
  'secretFound' | 'fixtureSecret' | 'keyFile' | 'fixtureKeyFile' | 'none' | 'notScanned' | 'tooMany';

export default defineCheck({
  meta: {
    id: 'no-committed-secrets',
    criterion: 'tcop-6',
    level: 'baseline',
    title: 'No secrets or private keys are committed',
    description:
      'Reads every text file for credentials: private keys (PEM, OpenSSH, PKCS #12 and PuTTY files), cloud keys (AWS, Google Cloud, Azure Storage), GitHub, Slack, npm and NHS API platform tokens, other API tokens, dotenv files with credential values, and passwords in URLs. It uses secretlint’s recommended rules with a few of its own, and never prints a secret: a finding shows where it is, the rule, and at most the first four characters. A secret in a test, fixture or example path is a warning, not a failure.',
    wants: ['**'],
    messages: {
      secretFound: '{{kind}} in {{path}} at line {{line}} ({{masked}}, rule {{rule}}).',
      fixtureSecret:
        '{{kind}} in test or example file {{path}} at line {{line}} ({{masked}}, rule {{rule}}). Fine if it is made up; if it was ever real, it is leaked.',
      keyFile: '{{path}} is a {{kind}} file: private keys do not belong in a repository.',
      fixtureKeyFile: '{{path}} is a {{kind}} file in a test or example path.',
      none: 'No committed secrets found in {{scanned}} text files.',
      notScanned: '{{count}} files were not scanned for secrets ({{reasons}}).',
      tooMany: 'Only the first {{shown}} of {{total}} findings are listed.',
    },
    remediation: {
      secretFound:
        'Treat the secret as leaked: revoke or rotate it first, then remove it from the code and its git history (git filter-repo or BFG), and load it at run time from the environment or a secret store. If it is a made-up value, make it obviously fake or add a `secretlint-disable-line` comment.',
      fixtureSecret:
        'Generate test keys and tokens when the tests run, or use an obviously fake value (e.g. ending in EXAMPLE). If this one was ever real, revoke it. To accept it, add an exemption for this path in .github/tcop.yml.',
      keyFile:
        'Revoke the key, remove {{path}} from the repository and its history, add its pattern to .gitignore, and keep keys in a secret store.',
      fixtureKeyFile:
        'Create test key stores when the tests run instead of committing them; if this one was ever used for anything real, revoke it.',
      notScanned:
        'Keep text files under the size limit (maxFileBytes in .github/tcop.yml) so that they can be scanned.',
    },
    references: [
      {
        title: 'NCSC: secure development and deployment guidance — protect your code repository',
        url: 'https://www.ncsc.gov.uk/collection/developers-collection/principles/protect-your-code-repository',
      },
      {
        title: 'Service Manual: making source code open and reusable — keeping secrets out',
        url: 'https://www.gov.uk/service-manual/technology/making-source-code-open-and-reusable',
      },
      {
        title: 'GitHub Docs: removing sensitive data from a repository',
        url: 'https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/removing-sensitive-data-from-a-repository',
      },
      {
        title: 'secretlint recommended rules',
        url: 'https://github.com/secretlint/secretlint/tree/master/packages/%40secretlint/secretlint-rule-preset-recommend',
      },
    ],
  },
  async run(snapshot) {
    const findings: CheckFinding<MessageId>[] = [];
    const notScanned = new Map<string, number>();
    let scanned = 0;

    for (const { path } of snapshot.files) {
      const content = snapshot.content(path);
      let matches: SecretMatch[] = [];
      if (content?.kind === 'text') {
        scanned++;
        if (needsScan(path, content.text)) {
          const scan = await withinFileBudget(path, (budget) => scanText(path, content.text, budget));
          if (!scan.ok) findings.push(scan.finding);
          else matches = scan.value;
        }
      } else if (content?.kind === 'skipped') {
        // A binary is no place for a secret, unless its name says text: then a NUL may be hiding one.
        const reason =
          content.reason !== 'binary' ? content.reason : isTextName(path) ? 'text-named-binary' : undefined;
        if (reason) notScanned.set(reason, (notScanned.get(reason) ?? 0) + 1);
      }
      const store = keyStoreKind(path);
      if (matches.length === 0 && !store) continue;
      const fixture = isFixturePath(path);
      for (const m of matches) findings.push(secretFinding(path, m, fixture));
      if (store && !matches.some((m) => m.rule.endsWith('private-key'))) {
        findings.push({
          status: fixture ? 'warn' : 'fail',
          messageId: fixture ? 'fixtureKeyFile' : 'keyFile',
          data: { path, kind: store },
          location: { path },
          evidence: { rule: 'private-key-file', kind: store, fixture },
        });
      }
    }

    const result: CheckFinding<MessageId>[] = findings.slice(0, MAX_FINDINGS);
    if (findings.length > MAX_FINDINGS)
      result.push({
        status: 'info',
        messageId: 'tooMany',
        data: { shown: MAX_FINDINGS, total: findings.length },
      });
    if (notScanned.size > 0) {
      const count = [...notScanned.values()].reduce((a, b) => a + b, 0);
      const reasons = [...notScanned].map(([reason, n]) => `${n} ${reason}`).join(', ');
      result.push({
        status: 'info',
        messageId: 'notScanned',
        data: { count, reasons },
        evidence: Object.fromEntries(notScanned),
      });
    }
    if (findings.length === 0)
      result.unshift({ status: 'pass', messageId: 'none', data: { scanned }, evidence: { scanned } });
    return result;
  },
});

function secretFinding(path: string, m: SecretMatch, fixture: boolean): CheckFinding<MessageId> {
  return {
    status: fixture ? 'warn' : 'fail',
    messageId: fixture ? 'fixtureSecret' : 'secretFound',
    data: { path, line: m.line, kind: m.kind, masked: m.masked, rule: m.rule },
    location: { path, startLine: m.line, startColumn: m.column },
    evidence: { rule: m.rule, kind: m.kind, masked: m.masked, fixture },
  };
}
