import type { Snapshot } from '../../../src/snapshot/snapshot.js';
import { memoise } from '../../../src/snapshot/snapshot.js';
import { isThirdPartyPath } from '../manifests.js';
import { asyncapiDetector } from './asyncapi.js';
import { fhirDetector } from './fhir.js';
import { fshDetector } from './fsh.js';
import { graphqlDetector } from './graphql.js';
import { jsonSchemaDetector } from './json-schema.js';
import { openapiDetector } from './openapi.js';
import { protobufDetector } from './protobuf.js';
import {
  generatorInputs,
  GENERATOR_CONFIG_GLOBS,
  isFhirExamplePath,
  isTestFixturePath,
  isVendoredPath,
  type GeneratorInput,
} from './roles.js';
import type { InterfaceSpec, SpecDetector } from './types.js';
import { wsdlDetector } from './wsdl.js';

export type { InterfaceSpec, SpecFormat, SpecProblem, UnresolvedRef } from './types.js';
export type { GeneratorInput, SpecRole } from './roles.js';

/** In order: the first detector that claims a file wins (an OpenAPI document may also carry `$schema`). */
export const SPEC_DETECTORS: readonly SpecDetector[] = [
  openapiDetector,
  asyncapiDetector,
  fhirDetector,
  fshDetector,
  jsonSchemaDetector,
  graphqlDetector,
  protobufDetector,
  wsdlDetector,
];

/** Lockfiles are JSON/YAML but never specs, and large: not worth reading. */
const LOCKFILES = 'package-lock|npm-shrinkwrap|pnpm-lock';

/**
 * Files whose contents spec discovery reads: every YAML/JSON/XML file and every SDL, proto and
 * WSDL file, because specs are found by what they say, not what they are called.
 */
export const SPEC_CANDIDATE_GLOBS: readonly string[] = [
  `**/!(${LOCKFILES}).{json,yaml,yml}`,
  '**/*.{graphql,graphqls,gql,proto,wsdl,xml,fsh}',
  ...GENERATOR_CONFIG_GLOBS,
];

const EXTENSIONS = new Set(SPEC_DETECTORS.flatMap((d) => d.extensions));
const LOCKFILE_NAME = new RegExp(`(^|/)(${LOCKFILES})\\.(json|ya?ml)$`);
/** Names that promise a spec: if such a file could not be read, discovery says so. */
const SPEC_NAME = /(openapi|swagger|asyncapi)[^/]*$|\.(proto|graphqls?|gql|wsdl|fsh)$/i;

/** A spec that describes another service: a code generator's input, or a vendored copy. */
export interface ClientSpec {
  spec: InterfaceSpec;
  /** The generator that reads it, when one does. */
  generator?: GeneratorInput;
}

export interface SpecInventory {
  /** The interfaces the repository publishes: every spec that is not one of the kinds below. */
  specs: InterfaceSpec[];
  /** Specs of other services the repository uses (generator inputs, vendored copies). */
  clientSpecs: ClientSpec[];
  /** Specs in test, fixture and mock directories. */
  testFixtures: InterfaceSpec[];
  /** Candidate files sniffed. */
  candidates: number;
  /** Files named like specs whose contents the snapshot does not hold (too large, binary). */
  unread: { path: string; reason: string }[];
}

/**
 * Words a superseded document uses of itself, and a Swagger 2.0 file that says them and names an
 * OpenAPI 3 document of the repository has been replaced by it.
 */
const SUPERSEDED =
  /\b(superseded|deprecated|replaced|obsolete|no longer (?:maintained|updated|used|supported)|out of date|outdated)\b/i;

function supersededBy(
  snapshot: Snapshot,
  spec: InterfaceSpec,
  served: readonly InterfaceSpec[],
): string | undefined {
  if (spec.format !== 'swagger') return undefined;
  const text = snapshot.text(spec.path)?.slice(0, 65_536) ?? '';
  if (!SUPERSEDED.test(text)) return undefined;
  const replacement = served.find((other) => {
    if (other.format !== 'openapi') return false;
    const base = other.path.slice(other.path.lastIndexOf('/') + 1);
    return text.includes(other.path) || text.includes(base);
  });
  return replacement?.path;
}

function extensionOf(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot === -1 || dot < path.lastIndexOf('/') ? '' : path.slice(dot + 1).toLowerCase();
}

/**
 * Every interface specification in the snapshot, parsed and validated once and shared by the
 * interface-spec checks. A cheap sniff (a regex over the text) comes before any parse, so a tree
 * of 50,000 files costs one pass of regex tests.
 */
export const discoverInterfaceSpecs = memoise(async (snapshot: Snapshot): Promise<SpecInventory> => {
  const specs: InterfaceSpec[] = [];
  const unread: SpecInventory['unread'] = [];
  let candidates = 0;
  for (const { path } of snapshot.files) {
    const ext = extensionOf(path);
    if (!EXTENSIONS.has(ext) || LOCKFILE_NAME.test(path) || isThirdPartyPath(path)) continue;
    const content = snapshot.content(path);
    if (content?.kind !== 'text') {
      if (content?.kind === 'skipped' && SPEC_NAME.test(path)) unread.push({ path, reason: content.reason });
      continue;
    }
    candidates++;
    const file = { path, text: content.text };
    for (const detector of SPEC_DETECTORS) {
      if (!detector.extensions.includes(ext) || !detector.sniff(file)) continue;
      const spec = await detector.read(file, { snapshot });
      if (spec) {
        specs.push(spec);
        break;
      }
    }
  }
  // A file another spec includes is part of that spec (a `$ref`'d schema, a path item, a part
  // merged in), reported with the including document, not as an interface of its own.
  const includedBy = new Map<string, InterfaceSpec>();
  for (const spec of specs)
    for (const file of spec.includes) if (!includedBy.has(file)) includedBy.set(file, spec);
  const whole = specs.filter((s) => {
    const includer = includedBy.get(s.path);
    if (includer === undefined || s.includes.includes(includer.path)) return true;
    // An API document's validation covers what it includes; a schema's covers only itself, so
    // an included schema's own problems become the including schema's.
    if (includer.format === 'json-schema') {
      const known = new Set(includer.problems.map((p) => `${p.path}:${p.line ?? ''}:${p.message}`));
      includer.problems.push(
        ...s.problems.filter((p) => !known.has(`${p.path}:${p.line ?? ''}:${p.message}`)),
      );
      includer.valid &&= s.valid;
    }
    return false;
  });
  const inputs = generatorInputs(snapshot);
  const served: InterfaceSpec[] = [];
  const clientSpecs: ClientSpec[] = [];
  const testFixtures: InterfaceSpec[] = [];
  for (const spec of whole) {
    const input = inputs.get(spec.path);
    if (isTestFixturePath(spec.path) || (spec.format === 'fhir' && isFhirExamplePath(spec.path)))
      testFixtures.push(spec);
    else if (input?.makes === 'client') clientSpecs.push({ spec, generator: input });
    else if (isVendoredPath(spec.path)) clientSpecs.push({ spec });
    else served.push(spec);
  }
  for (const spec of served) {
    const replacement = supersededBy(snapshot, spec, served);
    if (replacement) spec.supersededBy = replacement;
  }
  return {
    specs: served,
    clientSpecs,
    testFixtures,
    candidates,
    unread: unread.filter((u) => !isTestFixturePath(u.path)),
  };
});

/** Display names of the formats. */
export const FORMAT_NAMES: Readonly<Record<InterfaceSpec['format'], string>> = {
  openapi: 'OpenAPI',
  swagger: 'Swagger 2.0',
  asyncapi: 'AsyncAPI',
  graphql: 'GraphQL SDL',
  protobuf: 'Protocol Buffers',
  wsdl: 'WSDL',
  'json-schema': 'JSON Schema',
  fhir: 'FHIR conformance resource',
  fsh: 'FHIR Shorthand',
};
