/**
 * A parser for security.txt (RFC 9116): fields, comments, an optional OpenPGP cleartext signature,
 * and every defect with its line. https://www.rfc-editor.org/rfc/rfc9116
 */

export interface SecurityTxtField {
  name: string;
  value: string;
  line: number;
}

export type SecurityTxtDefectCode =
  | 'malformedLine'
  | 'missingContact'
  | 'missingExpires'
  | 'duplicateField'
  | 'badUri'
  | 'insecureUri'
  | 'badExpires'
  | 'expired'
  | 'expiresTooFar'
  | 'badLanguages';

export interface SecurityTxtDefect {
  code: SecurityTxtDefectCode;
  line?: number;
  field?: string;
  value?: string;
}

/** Fields RFC 9116 §2.5 defines; others are allowed and ignored (§2.4). */
const URI_FIELDS = new Set([
  'contact',
  'encryption',
  'acknowledgments',
  'canonical',
  'hiring',
  'policy',
  'csaf',
]);
/** §2.5.5, §2.5.8: these appear at most once. */
const SINGLE_FIELDS = new Set(['expires', 'preferred-languages']);
/** §2.5.5: an Internet date/time (RFC 3339 §5.6). */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;
/** §2.5.8: comma-separated language tags (RFC 5646), loosely. */
const LANGUAGE_TAG = /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/;
/** field-name ":" OWS value (RFC 9116 §4, ABNF). */
const FIELD_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.*?)[ \t]*$/;
const YEAR_MS = 366 * 24 * 60 * 60 * 1000;

export interface ParsedSecurityTxt {
  fields: SecurityTxtField[];
  defects: SecurityTxtDefect[];
  expires?: Date;
}

export function parseSecurityTxt(text: string, now: Date): ParsedSecurityTxt {
  const fields: SecurityTxtField[] = [];
  const defects: SecurityTxtDefect[] = [];
  // A UTF-8 byte order mark (Windows editors) is not part of the first field's name.
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let inSignature = false;
  let inSignedHeader = false;
  lines.forEach((raw, i) => {
    const line = i + 1;
    // §3: a cleartext-signed file (RFC 4880 §7): skip the armor header and the signature block.
    if (raw === '-----BEGIN PGP SIGNED MESSAGE-----') {
      inSignedHeader = true;
      return;
    }
    if (inSignedHeader) {
      if (raw.trim() === '') inSignedHeader = false;
      return;
    }
    if (raw === '-----BEGIN PGP SIGNATURE-----') inSignature = true;
    if (inSignature) {
      if (raw === '-----END PGP SIGNATURE-----') inSignature = false;
      return;
    }
    const content = raw.startsWith('- ') ? raw.slice(2) : raw; // dash-escaped (RFC 4880 §7.1)
    if (content.trim() === '' || content.startsWith('#')) return;
    const m = FIELD_LINE.exec(content);
    if (!m) {
      defects.push({ code: 'malformedLine', line, value: content.slice(0, 60) });
      return;
    }
    fields.push({ name: (m[1] ?? '').toLowerCase(), value: m[2] ?? '', line });
  });

  const byName = (name: string) => fields.filter((f) => f.name === name);
  if (byName('contact').length === 0) defects.push({ code: 'missingContact' });
  for (const name of SINGLE_FIELDS)
    for (const extra of byName(name).slice(1))
      defects.push({ code: 'duplicateField', line: extra.line, field: name });

  for (const f of fields) {
    if (URI_FIELDS.has(f.name)) {
      const uri = uriDefect(f.value);
      if (uri) defects.push({ code: uri, line: f.line, field: f.name, value: f.value });
    }
    if (f.name === 'preferred-languages' && !f.value.split(',').every((t) => LANGUAGE_TAG.test(t.trim())))
      defects.push({ code: 'badLanguages', line: f.line, field: f.name, value: f.value });
  }

  const expiresField = byName('expires')[0];
  let expires: Date | undefined;
  if (!expiresField) defects.push({ code: 'missingExpires' });
  else if (!RFC3339.test(expiresField.value) || Number.isNaN(Date.parse(expiresField.value)))
    defects.push({ code: 'badExpires', line: expiresField.line, value: expiresField.value });
  else {
    expires = new Date(expiresField.value);
    if (expires.getTime() <= now.getTime())
      defects.push({ code: 'expired', line: expiresField.line, value: expiresField.value });
    // §2.5.5: "it is RECOMMENDED that the value of this field be less than a year into the future".
    else if (expires.getTime() - now.getTime() > YEAR_MS)
      defects.push({ code: 'expiresTooFar', line: expiresField.line, value: expiresField.value });
  }
  return { fields, defects, ...(expires ? { expires } : {}) };
}

/** §2.5.3 and others: a URI; a web URI "MUST begin with https://". */
function uriDefect(value: string): 'badUri' | 'insecureUri' | undefined {
  if (/^http:\/\//i.test(value)) return 'insecureUri';
  if (/^https:\/\/[^\s/?#]+\.[^\s]*$/i.test(value)) return undefined;
  if (/^mailto:[^\s@]+@[^\s@]+\.[^\s@]+$/i.test(value)) return undefined;
  if (/^tel:\+?[0-9().\- ]+$/i.test(value)) return undefined;
  if (/^dns:|^openpgp4fpr:[0-9A-Fa-f]+$/i.test(value)) return undefined;
  return 'badUri';
}
