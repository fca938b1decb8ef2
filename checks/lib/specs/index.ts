import type { Snapshot } from '../../../src/snapshot/snapshot.js';
import { memoise } from '../../../src/snapshot/snapshot.js';
import { isThirdPartyPath } from '../manifests.js';
import { asyncapiDetector } from './asyncapi.js';
import { fhirDetector } from './fhir.js';
import { graphqlDetector } from './graphql.js';
import { jsonSchemaDetector } from './json-schema.js';
import { openapiDetector } from './openapi.js';
import { protobufDetector } from './protobuf.js';
import type { InterfaceSpec, SpecDetector } from './types.js';
import { wsdlDetector } from './wsdl.js';

export type { InterfaceSpec, SpecFormat, SpecProblem, UnresolvedRef } from './types.js';

/** In order: the first detector that claims a file wins (an OpenAPI document may also carry `$schema`). */
export const SPEC_DETECTORS: readonly SpecDetector[] = [
  openapiDetector,
  asyncapiDetector,
  fhirDetector,
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
  '**/*.{graphql,graphqls,gql,proto,wsdl,xml}',
];

const EXTENSIONS = new Set(SPEC_DETECTORS.flatMap((d) => d.extensions));
const LOCKFILE_NAME = new RegExp(`(^|/)(${LOCKFILES})\\.(json|ya?ml)$`);
/** Names that promise a spec: if such a file could not be read, discovery says so. */
const SPEC_NAME = /(openapi|swagger|asyncapi)[^/]*$|\.(proto|graphqls?|gql|wsdl)$/i;

export interface SpecInventory {
  specs: InterfaceSpec[];
  /** Candidate files sniffed. */
  candidates: number;
  /** Files named like specs whose contents the snapshot does not hold (too large, binary). */
  unread: { path: string; reason: string }[];
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
  // A JSON Schema that an API document includes is part of that API, not an interface of its own.
  const included = new Set(specs.filter((s) => s.format !== 'json-schema').flatMap((s) => s.includes));
  return {
    specs: specs.filter((s) => s.format !== 'json-schema' || !included.has(s.path)),
    candidates,
    unread,
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
};
