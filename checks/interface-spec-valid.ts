import { defineCheck, type CheckFinding } from '../src/engine/check.js';
import { describeSpec } from './interface-spec.js';
import { TCOP4_REFERENCES } from './lib/references.js';
import { structuredDocument } from './lib/specs/documents.js';
import { discoverInterfaceSpecs, SPEC_CANDIDATE_GLOBS } from './lib/specs/index.js';
import type { SpecProblem } from './lib/specs/types.js';

type MessageId =
  | 'valid'
  | 'invalid'
  | 'moreProblems'
  | 'problemWarning'
  | 'swagger2'
  | 'swagger2Superseded'
  | 'partNotValidated'
  | 'remoteRef'
  | 'noSpecs'
  | 'unread'
  | 'notValidated';

/** Annotations per spec: enough to fix the first round of errors without flooding a pull request. */
const MAX_PROBLEMS_PER_SPEC = 20;

/**
 * One problem per place and kind: a shared file (`common/headers.yaml`) that every response `$ref`s
 * breaks the schema once, however many operations use it; the first use names it, and the count the rest.
 */
function oncePerPlace(problems: readonly SpecProblem[]): SpecProblem[] {
  const groups = new Map<string, SpecProblem[]>();
  for (const p of problems) {
    const kind = p.message.replace(/^#\/\S*\s+/, '');
    const key = `${p.path}\0${p.line ?? ''}\0${p.column ?? ''}\0${kind}`;
    const group = groups.get(key);
    if (group) group.push(p);
    else groups.set(key, [p]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0] as SpecProblem;
    const others = group.length - 1;
    return others === 0
      ? first
      : {
          ...first,
          message: `${first.message} (and through ${others} other $ref${others === 1 ? '' : 's'} to the same place)`,
        };
  });
}

export default defineCheck({
  meta: {
    id: 'interface-spec-valid',
    criterion: 'tcop-4',
    level: 'standard',
    title: 'Interface specifications parse and validate',
    description:
      'A published specification is only useful if tools can read it. Each specification found is parsed and validated with a maintained parser: Swagger Parser and the official OpenAPI schemas, the official AsyncAPI JSON Schemas, graphql-js, protobufjs, Ajv for JSON Schema, an XML parser for WSDL and a structural check of FHIR conformance resources. Errors are reported at the file and line where they are, following relative $refs into other files. References over the network are never fetched. Swagger 2.0 is a warning: the Open Standards Board chose OpenAPI 3.',
    wants: SPEC_CANDIDATE_GLOBS,
    messages: {
      valid: '{{spec}} at {{path}} is valid.',
      invalid: '{{spec}} at {{specPath}}: {{problem}}',
      moreProblems: '{{count}} more problem(s) in {{path}} are not listed.',
      problemWarning: '{{spec}} at {{specPath}}: {{problem}}',
      swagger2:
        '{{path}} is Swagger 2.0; the Open Standards Board selected OpenAPI 3 for describing RESTful APIs.',
      swagger2Superseded:
        '{{path}} is a Swagger 2.0 document that says it is superseded, and {{replacement}} is its OpenAPI 3 replacement.',
      partNotValidated:
        '{{path}} is one of the parts a document is merged from: it refers to {{pointer}}, which none of the parts in {{dir}}/ defines, so it was not validated on its own.',
      remoteRef:
        '{{path}} refers to {{ref}}, outside the repository; it was not fetched, so that part of the spec was not checked.',
      noSpecs: 'No interface specifications to validate.',
      unread: '{{path}} looks like a specification but was not read ({{reason}}).',
      notValidated: '{{spec}} at {{specPath}} was {{problem}}.',
    },
    remediation: {
      notValidated:
        'Validate the document in CI with a tool that takes it whole (e.g. `npx @redocly/cli lint`); splitting schemas that every operation repeats into shared components also makes it smaller.',
      invalid:
        'Fix the specification at the line given; run the same validator locally (e.g. `npx @redocly/cli lint`, `npx @asyncapi/cli validate`, `buf lint`) before pushing.',
      moreProblems: 'Fix the listed problems first, then audit again.',
      problemWarning:
        'Make the specification complete in the repository: vendor imported files, or use a version of the format the validators know.',
      swagger2:
        'Convert the document to OpenAPI 3 (for example `npx swagger2openapi {{path}} -o openapi.yaml`, then review the result), or configure the generator to emit OpenAPI 3.',
      swagger2Superseded:
        'Delete {{path}} (git keeps its history), so that nobody builds on the superseded document; link to {{replacement}} wherever the old one was linked.',
      partNotValidated:
        'Commit the merged document the parts make (or validate it in CI, e.g. `npx @redocly/cli lint`), so that the published specification can be checked as a whole.',
      remoteRef:
        'Copy the referenced document into the repository and refer to it with a relative $ref, so the published specification is complete and reviewable on its own.',
      unread:
        'Keep specification files under the size limit (maxFileBytes in .github/tcop.yml) and in UTF-8 text.',
    },
    references: [
      TCOP4_REFERENCES.openapi3,
      { title: 'Swagger Parser', url: 'https://apitools.dev/swagger-parser/' },
      { title: 'AsyncAPI specification JSON Schemas', url: 'https://github.com/asyncapi/spec-json-schemas' },
      {
        title: 'Converting Swagger 2.0 to OpenAPI 3 (swagger2openapi)',
        url: 'https://github.com/Mermade/oas-kit/tree/main/packages/swagger2openapi',
      },
      TCOP4_REFERENCES.tcop4,
    ],
  },
  async run(snapshot) {
    const inventory = await discoverInterfaceSpecs(snapshot);
    const findings: CheckFinding<MessageId>[] = [];
    for (const file of inventory.unread) {
      findings.push({
        status: 'unknown',
        messageId: 'unread',
        data: { path: file.path, reason: file.reason },
        location: { path: file.path },
      });
    }
    if (inventory.specs.length === 0) {
      if (findings.length === 0) findings.push({ status: 'info', messageId: 'noSpecs' });
      return findings;
    }
    for (const spec of inventory.specs) {
      const name = describeSpec(spec);
      if (spec.partOf) {
        findings.push({
          status: 'unknown',
          messageId: 'partNotValidated',
          data: {
            path: spec.path,
            dir: spec.partOf.dir,
            pointer:
              spec.partOf.undefined.slice(0, 3).join(', ') + (spec.partOf.undefined.length > 3 ? ', …' : ''),
          },
          location: { path: spec.path },
          evidence: { path: spec.path, parts: spec.includes, undefined: spec.partOf.undefined },
        });
        continue;
      }
      const errors = oncePerPlace(spec.problems.filter((p) => p.severity === 'error'));
      for (const problem of spec.problems.filter((p) => p.severity === 'unchecked')) {
        findings.push({
          status: 'unknown',
          messageId: 'notValidated',
          data: { spec: name, specPath: spec.path, problem: problem.message },
          location: { path: problem.path, ...(problem.line ? { startLine: problem.line } : {}) },
          evidence: { spec: spec.path, format: spec.format, message: problem.message },
        });
      }
      const warnings = spec.problems.filter((p) => p.severity === 'warning');
      if (spec.valid) {
        findings.push({
          status: 'pass',
          messageId: 'valid',
          data: { spec: name, path: spec.path },
          location: { path: spec.path },
          evidence: { path: spec.path, format: spec.format, version: spec.version ?? null, valid: true },
        });
      }
      for (const problem of errors.slice(0, MAX_PROBLEMS_PER_SPEC)) {
        findings.push({
          status: 'fail',
          messageId: 'invalid',
          data: { spec: name, specPath: spec.path, problem: problem.message },
          location: {
            path: problem.path,
            ...(problem.line ? { startLine: problem.line } : {}),
            ...(problem.column ? { startColumn: problem.column } : {}),
          },
          evidence: { spec: spec.path, format: spec.format, message: problem.message },
        });
      }
      if (errors.length > MAX_PROBLEMS_PER_SPEC) {
        findings.push({
          status: 'fail',
          messageId: 'moreProblems',
          data: { count: errors.length - MAX_PROBLEMS_PER_SPEC, path: spec.path },
          location: { path: spec.path },
        });
      }
      // Missing files are already errors; remote references get their own message.
      for (const problem of warnings) {
        findings.push({
          status: 'warn',
          messageId: 'problemWarning',
          data: { spec: name, specPath: spec.path, problem: problem.message },
          location: { path: problem.path, ...(problem.line ? { startLine: problem.line } : {}) },
        });
      }
      for (const ref of spec.unresolvedRefs.filter((r) => r.reason === 'remote')) {
        findings.push({
          status: 'warn',
          messageId: 'remoteRef',
          data: { path: ref.path, ref: ref.ref },
          location: { path: ref.path, ...(ref.line ? { startLine: ref.line } : {}) },
          evidence: { spec: spec.path, ref: ref.ref, resolved: false },
        });
      }
      if (spec.format === 'swagger') {
        const replacement = spec.supersededBy;
        findings.push({
          status: 'warn',
          ...(replacement
            ? { messageId: 'swagger2Superseded' as const, data: { path: spec.path, replacement } }
            : { messageId: 'swagger2' as const, data: { path: spec.path } }),
          location: {
            path: spec.path,
            startLine: structuredDocument(snapshot, spec.path)?.locate(['swagger']).line ?? 1,
          },
          evidence: { path: spec.path, version: spec.version ?? '2.0', supersededBy: replacement ?? null },
        });
      }
    }
    return findings;
  },
});
