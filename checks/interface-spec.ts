import { defineCheck, type CheckFinding } from '../src/engine/check.js';
import { TCOP4_REFERENCES } from './lib/references.js';
import { API_SIGNAL_GLOBS, interfaceInference } from './lib/service-interface.js';
import {
  discoverInterfaceSpecs,
  FORMAT_NAMES,
  SPEC_CANDIDATE_GLOBS,
  type InterfaceSpec,
} from './lib/specs/index.js';

type MessageId =
  | 'found'
  | 'missing'
  | 'noInterface'
  | 'webFrontEnd'
  | 'clientSpec'
  | 'testFixtures'
  | 'unread'
  | 'incomplete';

/** `OpenAPI 3.1.0`, `FHIR conformance resource CapabilityStatement 4.0.1`. */
export function describeSpec(spec: InterfaceSpec): string {
  if (spec.format === 'fsh')
    return [`${FORMAT_NAMES.fsh} (${spec.resourceType ?? 'conformance resources'})`, spec.version]
      .filter((s) => s !== undefined)
      .join(' ');
  return [FORMAT_NAMES[spec.format], spec.resourceType, spec.format === 'swagger' ? undefined : spec.version]
    .filter((s) => s !== undefined)
    .join(' ');
}

/** The machine-readable facts of a spec, as the report carries them. */
export function specEvidence(spec: InterfaceSpec): Record<string, unknown> {
  return {
    path: spec.path,
    format: spec.format,
    version: spec.version ?? null,
    title: spec.title ?? null,
    operations: spec.operations,
    valid: spec.valid,
    ...(spec.resourceType ? { resourceType: spec.resourceType } : {}),
    ...(spec.includes.length > 0 ? { includes: spec.includes } : {}),
  };
}

export default defineCheck({
  meta: {
    id: 'interface-spec',
    criterion: 'tcop-4',
    level: 'standard',
    title: 'The interfaces the repository serves are described by a published specification',
    description:
      'Finds interface specifications by what they contain, whatever they are called: OpenAPI 3.x and Swagger 2.0, AsyncAPI, GraphQL SDL, Protocol Buffers, WSDL, JSON Schema, FHIR conformance resources (JSON, YAML or XML) and FHIR Shorthand. Specs of other services (code generator inputs, vendored copies) and test fixtures are reported for what they are. When dependencies, REST controllers, a Dockerfile EXPOSE or an API gateway say the repository serves an interface and no specification describes it, the check fails; a web front end that renders pages on the server is not an API. The techUK Interoperability Charter asks suppliers to publish the technical specifications of their interfaces, and NHS service standard 17 asks services to be interoperable.',
    wants: [...SPEC_CANDIDATE_GLOBS, ...API_SIGNAL_GLOBS],
    messages: {
      found: '{{spec}} specification at {{path}}: {{operations}} operation(s).',
      missing:
        'The repository serves an interface ({{signal}} in {{path}}) but no specification of it was found.',
      noInterface: 'No interface specification, and nothing in the repository says it serves an interface.',
      webFrontEnd:
        '{{name}} in {{path}} serves web pages rendered on the server ({{pages}}), not an API: no specification is expected of it.',
      clientSpec:
        '{{spec}} at {{path}} describes another service ({{why}}): a client spec, not an interface this repository serves.',
      testFixtures:
        '{{count}} specification(s) in test, fixture and mock directories (e.g. {{example}}) are test data, not published specs.',
      unread: '{{path}} looks like a specification but was not read ({{reason}}).',
      incomplete: 'The file list is incomplete ({{reason}}), so a specification may have been missed.',
    },
    remediation: {
      missing:
        'Commit a specification of the interface: OpenAPI 3 for an HTTP API (the Open Standards Board profile), AsyncAPI for events, GraphQL SDL, .proto files for gRPC, or FHIR CapabilityStatement and profiles for a FHIR server. If a library generates it at runtime, export it in CI and commit it (see the runtime-generated-spec check).',
      unread:
        'Keep specification files under the size limit (maxFileBytes in .github/tcop.yml) and in UTF-8 text, or split a large spec with relative $refs.',
      incomplete:
        'Audit a local clone, or narrow the audit with `ignore` in .github/tcop.yml, so the whole tree can be listed.',
    },
    references: [
      TCOP4_REFERENCES.techUkCharter,
      TCOP4_REFERENCES.nhsStandard17,
      TCOP4_REFERENCES.openapi3,
      TCOP4_REFERENCES.tcop4,
    ],
  },
  async run(snapshot) {
    const inventory = await discoverInterfaceSpecs(snapshot);
    const findings: CheckFinding<MessageId>[] = inventory.specs.map((spec) => ({
      status: 'pass',
      messageId: 'found',
      data: { spec: describeSpec(spec), path: spec.path, operations: spec.operations },
      location: { path: spec.path },
      evidence: specEvidence(spec),
    }));
    for (const { spec, generator } of inventory.clientSpecs) {
      findings.push({
        status: 'info',
        messageId: 'clientSpec',
        data: {
          spec: describeSpec(spec),
          path: spec.path,
          why: generator
            ? `the input of ${generator.generator ?? 'a code generator'} in ${generator.config}`
            : 'a vendored copy',
        },
        location: { path: spec.path },
        evidence: {
          ...specEvidence(spec),
          role: 'client',
          ...(generator
            ? { generator: generator.generator ?? null, config: generator.config, line: generator.line }
            : {}),
        },
      });
    }
    const fixtures = inventory.testFixtures;
    if (fixtures.length > 0)
      findings.push({
        status: 'info',
        messageId: 'testFixtures',
        data: { count: fixtures.length, example: (fixtures[0] as InterfaceSpec).path },
        evidence: { paths: fixtures.slice(0, 50).map((s) => s.path) },
      });
    for (const file of inventory.unread) {
      findings.push({
        status: 'unknown',
        messageId: 'unread',
        data: { path: file.path, reason: file.reason },
        location: { path: file.path },
      });
    }
    if (inventory.specs.length > 0) return findings;

    const { signals, webFrontEnds, setAside } = interfaceInference(snapshot);
    const first = signals[0];
    if (first) {
      // A spec-named file too large to read may be the published spec: its `unread` finding says
      // so, and a failure for a missing spec would be a guess.
      if (inventory.unread.length === 0)
        findings.push({
          status: 'fail',
          messageId: 'missing',
          data: { signal: first.name, path: first.path },
          location: { path: first.path, startLine: first.line },
          evidence: { apiSignals: signals, setAside },
        });
      return findings;
    }
    for (const frontEnd of webFrontEnds)
      findings.push({
        status: 'info',
        messageId: 'webFrontEnd',
        data: { name: frontEnd.name, path: frontEnd.path, pages: frontEnd.pages },
        location: { path: frontEnd.path, startLine: frontEnd.line },
        evidence: { webFrontEnd: frontEnd },
      });
    if (webFrontEnds.length > 0) return findings;
    if (!snapshot.complete) {
      findings.push({
        status: 'unknown',
        messageId: 'incomplete',
        data: { reason: snapshot.incompleteReason ?? 'truncated' },
      });
    } else if (inventory.unread.length === 0) {
      findings.push({
        status: 'info',
        messageId: 'noInterface',
        evidence: { apiSignals: [], setAside, candidatesSniffed: inventory.candidates },
      });
    }
    return findings;
  },
});
