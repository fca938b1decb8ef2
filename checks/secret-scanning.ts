import { defineCheck } from '../src/engine/check.js';
import { unknownData } from './lib/api-facts.js';

export default defineCheck({
  meta: {
    id: 'secret-scanning',
    criterion: 'tcop-6',
    level: 'exemplar',
    title: 'GitHub secret scanning and push protection are enabled',
    description:
      'Secret scanning alerts when a credential reaches the repository, in any commit of its history, and push protection blocks the push before it does; GitHub also tells many providers so that they revoke leaked tokens. This complements no-committed-secrets, which reads only the current tree. Only the GitHub API can tell; when it cannot be read the result is unknown, not a failure.',
    wants: [],
    needs: ['secretScanning'],
    messages: {
      enabled: 'Secret scanning is enabled (push protection: {{pushProtection}}).',
      noPushProtection:
        'Secret scanning is enabled but push protection is not, so secrets are found only after they are pushed.',
      disabled: 'Secret scanning is not enabled.',
      unknown: 'Whether secret scanning is enabled is unknown: {{reason}}.',
    },
    remediation: {
      noPushProtection: 'Turn on push protection in Settings → Code security → Secret protection.',
      disabled:
        'Turn on secret scanning and push protection in Settings → Code security (free for public repositories; private ones need GitHub Secret Protection).',
      unknown:
        'Audit from the GitHub App with permission to read security settings, or check Settings → Code security by hand.',
    },
    references: [
      {
        title: 'GitHub Docs: about secret scanning',
        url: 'https://docs.github.com/en/code-security/secret-scanning/introduction/about-secret-scanning',
      },
      {
        title: 'GitHub Docs: about push protection',
        url: 'https://docs.github.com/en/code-security/secret-scanning/introduction/about-push-protection',
      },
    ],
  },
  run(snapshot) {
    const fact = snapshot.fact('secretScanning');
    if (fact.state === 'unavailable')
      return [{ status: 'unknown', messageId: 'unknown', data: unknownData(fact) }];
    const evidence = { ...fact.value };
    if (!fact.value.enabled) return [{ status: 'fail', messageId: 'disabled', evidence }];
    // null: the API did not say (e.g. no push protection status for this plan); only false is a gap.
    if (fact.value.pushProtection === false)
      return [{ status: 'warn', messageId: 'noPushProtection', evidence }];
    return [
      {
        status: 'pass',
        messageId: 'enabled',
        data: { pushProtection: fact.value.pushProtection ? 'on' : 'not reported' },
        evidence,
      },
    ];
  },
});
