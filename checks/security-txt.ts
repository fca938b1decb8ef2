import { defineCheck, type CheckFinding } from '../src/engine/check.js';
import { parseSecurityTxt, type SecurityTxtDefectCode } from './lib/security-txt.js';

/** Where static sites keep files served from the site root. */
const SECURITY_TXT_GLOBS = [
  '.well-known/security.txt',
  '{public,static,docs,site,www,web,app/public,src/public}/.well-known/security.txt',
];

type MessageId = 'valid' | 'absent' | 'unreadable' | SecurityTxtDefectCode;

export default defineCheck({
  meta: {
    id: 'security-txt',
    criterion: 'tcop-6',
    level: 'exemplar',
    title: 'The website’s security.txt is valid (RFC 9116)',
    description:
      'A repository that serves a website may publish /.well-known/security.txt so that researchers find where to report a vulnerability. When the repository has one (at `.well-known/` or under a static site folder such as `public/.well-known/`), it is validated against RFC 9116: Contact and Expires are required, Expires must be in the future and should be less than a year away, and every field must be well formed. Each defect is reported with its line.',
    wants: SECURITY_TXT_GLOBS,
    messages: {
      valid: '{{path}} is a valid security.txt (expires {{expires}}).',
      absent: 'No .well-known/security.txt in the repository: nothing to validate.',
      unreadable: '{{path}} could not be read ({{reason}}).',
      malformedLine:
        '{{path}} line {{line}} is neither a field ("Name: value"), a comment nor blank: "{{value}}".',
      missingContact: '{{path}} has no Contact field (RFC 9116 §2.5.3 requires at least one).',
      missingExpires: '{{path}} has no Expires field (RFC 9116 §2.5.5 requires one).',
      duplicateField: '{{path}} line {{line}} repeats {{field}}, which may appear only once.',
      badUri: '{{path}} line {{line}}: {{field}} must be a URI (https:, mailto: or tel:), not "{{value}}".',
      insecureUri:
        '{{path}} line {{line}}: {{field}} is a web URI that does not begin with https:// ("{{value}}").',
      badExpires:
        '{{path}} line {{line}}: Expires "{{value}}" is not an RFC 3339 date and time (e.g. 2027-01-31T23:59:00Z).',
      expired: '{{path}} line {{line}}: expired on {{value}}.',
      expiresTooFar:
        '{{path}} line {{line}}: Expires {{value}} is more than a year away; RFC 9116 recommends less, so that stale contacts age out.',
      badLanguages:
        '{{path}} line {{line}}: Preferred-Languages must be comma-separated language tags, not "{{value}}".',
    },
    remediation: {
      unreadable: 'Keep {{path}} as UTF-8 text under the size limit.',
      malformedLine: 'Write each line as "Field: value", start comments with #, or remove the line.',
      missingContact:
        'Add a Contact line, e.g. "Contact: mailto:security@your-department.gov.uk" or a https:// reporting page.',
      missingExpires:
        'Add an Expires line less than a year ahead, e.g. "Expires: 2027-01-31T23:59:00Z", and renew it before then.',
      duplicateField: 'Keep one {{field}} line.',
      badUri: 'Give {{field}} a full URI: https://…, mailto:… or tel:….',
      insecureUri: 'Use an https:// address for {{field}}.',
      badExpires: 'Write Expires as an RFC 3339 date and time with a zone, e.g. 2027-01-31T23:59:00Z.',
      expired: 'Check the contacts are still right, then set Expires to a date less than a year ahead.',
      expiresTooFar: 'Set Expires less than a year ahead and renew it yearly.',
      badLanguages: 'List language tags separated by commas, e.g. "Preferred-Languages: en, cy".',
    },
    references: [
      {
        title: 'RFC 9116: A File Format to Aid in Security Vulnerability Disclosure',
        url: 'https://www.rfc-editor.org/rfc/rfc9116',
      },
      {
        title: 'The GDS Way: vulnerability disclosure and security.txt',
        url: 'https://gds-way.digital.cabinet-office.gov.uk/standards/vulnerability-disclosure.html',
      },
      {
        title: 'NCSC: vulnerability disclosure toolkit',
        url: 'https://www.ncsc.gov.uk/information/vulnerability-disclosure-toolkit',
      },
    ],
  },
  run(snapshot): CheckFinding<MessageId>[] {
    const paths = snapshot.glob(SECURITY_TXT_GLOBS);
    if (paths.length === 0) return [{ status: 'info', messageId: 'absent' }];
    return paths.flatMap((path): CheckFinding<MessageId>[] => {
      const content = snapshot.content(path);
      if (content?.kind !== 'text')
        return [
          {
            status: 'fail',
            messageId: 'unreadable',
            data: { path, reason: content?.reason ?? 'not loaded' },
            location: { path },
          },
        ];
      const parsed = parseSecurityTxt(content.text, snapshot.now);
      if (parsed.defects.length === 0)
        return [
          {
            status: 'pass',
            messageId: 'valid',
            data: { path, expires: parsed.expires?.toISOString() ?? '' },
            location: { path },
            evidence: { path, fields: parsed.fields.map((f) => f.name) },
          },
        ];
      return parsed.defects.map((d) => ({
        // A far expiry is a recommendation (SHOULD), the rest are requirements (MUST).
        status: d.code === 'expiresTooFar' ? 'warn' : 'fail',
        messageId: d.code,
        data: { path, line: d.line ?? 0, field: d.field ?? '', value: d.value ?? '' },
        location: { path, ...(d.line ? { startLine: d.line } : {}) },
      }));
    });
  },
});
