import { defineCheck, type CheckFinding } from '../src/engine/check.js';
import { MANIFEST_GLOBS } from './lib/manifests.js';
import { detectOpenStandards, OPEN_STANDARDS_CATALOGUE } from './lib/open-standards.js';
import { TCOP4_REFERENCES } from './lib/references.js';
import { discoverInterfaceSpecs, SPEC_CANDIDATE_GLOBS } from './lib/specs/index.js';

type MessageId = 'found' | 'none';

export default defineCheck({
  meta: {
    id: 'open-standards',
    criterion: 'tcop-4',
    level: 'exemplar',
    title: 'Open data, messaging and security standards in use are on record',
    description: `Reports the open standards the repository uses, each with the body that maintains it and where it shows: HL7 FHIR and UK Core, HL7 v2, SNOMED CT, dm+d, ICD-10, LOINC, DICOM, openEHR, IHE profiles, the NHS number, OAuth 2.0 / OpenID Connect, JSON Web Keys (RFC 7517), JSON:API, CloudEvents, OpenTelemetry, UPRN and USRN, CSV on the Web, SPARQL and the Open Contracting Data Standard. They are found from dependencies, tell-tale files and markers such as code system URIs, using a catalogue in checks/data/open-standards.json (${OPEN_STANDARDS_CATALOGUE.retrieved}). The techUK Interoperability Charter asks suppliers to use internationally recognised standards rather than reinvent them. This is evidence: finding none is not a failure.`,
    wants: [...SPEC_CANDIDATE_GLOBS, ...MANIFEST_GLOBS],
    messages: {
      found: '{{name}} ({{body}}) is in use{{scope}}: {{where}}.',
      none: 'No open standard from the catalogue was recognised.',
    },
    remediation: {},
    references: [
      TCOP4_REFERENCES.techUkCharter,
      TCOP4_REFERENCES.tcop4,
      TCOP4_REFERENCES.nhsStandard17,
      {
        title: 'NHS England: standards and interoperability',
        url: 'https://digital.nhs.uk/developer/guides-and-documentation/introduction-to-healthcare-technology/standards-and-interoperability',
      },
    ],
  },
  async run(snapshot) {
    const detected = detectOpenStandards(snapshot).map((d) => ({ ...d, uses: [...d.uses] }));
    // FHIR conformance resources found by the spec discovery are FHIR in use, whatever their markers.
    const fhirSpecs = (await discoverInterfaceSpecs(snapshot)).specs.filter(
      (s) => s.format === 'fhir' || s.format === 'fsh',
    );
    if (fhirSpecs.length > 0) {
      const fhir = detected.find((d) => d.standard.id === 'hl7-fhir');
      const uses = fhirSpecs.map((s) => ({
        via: 'file' as const,
        path: s.path,
        match: s.resourceType ?? 'FHIR resource',
      }));
      if (fhir) fhir.uses.push(...uses.filter((u) => !fhir.uses.some((x) => x.path === u.path)));
      else {
        const standard = OPEN_STANDARDS_CATALOGUE.standards.find((s) => s.id === 'hl7-fhir');
        if (standard) detected.unshift({ standard, uses, more: 0 });
      }
    }
    if (detected.length === 0)
      return [
        { status: 'info', messageId: 'none', evidence: { catalogue: OPEN_STANDARDS_CATALOGUE.retrieved } },
      ];
    return detected.map(({ standard, uses, more }): CheckFinding<MessageId> => {
      const first = uses[0];
      const where = uses
        .slice(0, 3)
        .map((u) => `${u.path}${u.line ? `:${u.line}` : ''} (${u.match}${u.testOnly ? ', tests only' : ''})`);
      const testOnly = uses.length > 0 && uses.every((u) => u.testOnly);
      return {
        status: 'pass',
        messageId: 'found',
        data: {
          name: standard.name,
          body: standard.body,
          scope: testOnly ? ' by the tests only' : '',
          where: where.join(', ') + (uses.length + more > 3 ? ` and ${uses.length + more - 3} more` : ''),
        },
        ...(first
          ? { location: { path: first.path, ...(first.line ? { startLine: first.line } : {}) } }
          : {}),
        evidence: {
          id: standard.id,
          name: standard.name,
          body: standard.body,
          url: standard.url,
          category: standard.category,
          uses,
          more,
          testOnly,
        },
      };
    });
  },
});
