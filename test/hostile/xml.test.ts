/**
 * XML from a repository: entities are never expanded, and a DOCTYPE the parser refuses is a finding
 * on that file, not an exception that turns the TCoP 4 checks unknown and the criterion green.
 */
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../checks/index.js';
import { parseXml as parseManifestXml } from '../../checks/lib/manifests/xml.js';
import { parseXml as parseSpecXml } from '../../checks/lib/specs/xml.js';
import { DEFAULT_CONFIG } from '../../src/engine/config.js';
import { CHECK_ERROR, levelReached, runChecks } from '../../src/engine/run.js';
import { memorySnapshot } from '../../src/snapshot/memory.js';

const CAPABILITY = (doctype: string): string =>
  [
    '<?xml version="1.0"?>',
    doctype,
    '<CapabilityStatement xmlns="http://hl7.org/fhir">',
    '  <status value="active"/>',
    '  <kind value="instance"/>',
    '  <fhirVersion value="4.0.1"/>',
    '  <format value="json"/>',
    '  <date value="2024-01-01"/>',
    '  <rest><mode value="server"/></rest>',
    '</CapabilityStatement>',
    '',
  ].join('\n');

const EXTERNAL = '<!DOCTYPE CapabilityStatement [ <!ENTITY a SYSTEM "file:///etc/passwd"> ]>';
const PARAMETER = '<!DOCTYPE CapabilityStatement [ <!ENTITY % p "x"> ]>';
const BOMB = `<!DOCTYPE CapabilityStatement [ <!ENTITY a "${'x'.repeat(100)}"> ${Array.from({ length: 8 }, (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`).join(' ')} ]>`;

describe('the shared XML parsers', () => {
  it.each([
    ['an external entity', EXTERNAL, 'External entities are not supported'],
    ['a parameter entity', PARAMETER, 'Invalid entity name %'],
  ])('%s is a parse error at the DOCTYPE line, for specs and manifests alike', (_name, doctype, message) => {
    const text = CAPABILITY(doctype);
    expect(parseSpecXml('cs.xml', text)).toEqual({
      error: { path: 'cs.xml', line: 2, severity: 'error', message },
    });
    expect(parseManifestXml(text)).toEqual({ error: { message, line: 2 } });
  });

  it('an entity bomb is not expanded', () => {
    const text = CAPABILITY(BOMB).replace('value="active"', 'value="&i;"');
    const parsed = parseManifestXml(text);
    expect(parsed).toMatchObject({ value: { CapabilityStatement: { status: { '@_value': '&i;' } } } });
    expect(JSON.stringify(parsed).length).toBeLessThan(text.length * 2);
  });
});

describe('a DOCTYPE the parser refuses', () => {
  it('is one failing finding on that file and no check error; TCoP 4 is not green', async () => {
    const snapshot = memorySnapshot({
      files: {
        'fhir/CapabilityStatement.xml': CAPABILITY(EXTERNAL),
        'README.md': 'A FHIR server for appointments in the NHS.\n',
      },
    });
    const { report } = await runChecks(snapshot.data, DEFAULT_CONFIG, CHECKS);
    expect(report.findings.filter((f) => f.messageId === CHECK_ERROR)).toEqual([]);
    const tcop4 = report.findings.filter(
      (f) => f.criterion === 'tcop-4' && f.status !== 'pass' && f.status !== 'info',
    );
    expect(tcop4.map((f) => [f.check, f.status, f.messageId, f.location])).toEqual([
      ['interface-spec-linked', 'fail', 'notLinked', { path: 'README.md' }],
      ['interface-spec-valid', 'fail', 'invalid', { path: 'fhir/CapabilityStatement.xml', startLine: 2 }],
    ]);
    expect(report.findings.find((f) => f.check === 'interface-spec-valid')?.message).toBe(
      'FHIR conformance resource CapabilityStatement at fhir/CapabilityStatement.xml: External entities are not supported',
    );
    expect(report.criteria.find((c) => c.id === 'tcop-4')).toMatchObject({
      status: 'fail',
      level: 'baseline',
    });
  });
});

describe('unknown checks never raise a level', () => {
  it('a criterion whose standard and exemplar checks are all unknown reaches baseline only', () => {
    expect(
      levelReached([
        { level: 'baseline', status: 'pass' },
        { level: 'standard', status: 'unknown' },
        { level: 'standard', status: 'unknown' },
        { level: 'exemplar', status: 'unknown' },
      ]),
    ).toBe('baseline');
  });

  it('TCoP 4 with every check unknown stays at baseline, which it has no checks for, not exemplar', async () => {
    const unknown = CHECKS.filter((c) => c.meta.criterion === 'tcop-4').map((c) => ({
      ...c,
      run: () => [{ status: 'unknown' as const, messageId: CHECK_ERROR, data: { error: 'unreadable' } }],
    }));
    const snapshot = memorySnapshot({ files: {} });
    const { report } = await runChecks(snapshot.data, DEFAULT_CONFIG, unknown);
    expect(report.criteria.find((c) => c.id === 'tcop-4')).toMatchObject({
      status: 'unknown',
      level: 'baseline',
    });
    expect(report.level).toBe('baseline');
  });
});
