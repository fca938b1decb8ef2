import type { Snapshot } from '../../../src/snapshot/snapshot.js';

/** The interface description languages the spec checks recognise. */
export type SpecFormat =
  'openapi' | 'swagger' | 'asyncapi' | 'graphql' | 'protobuf' | 'wsdl' | 'json-schema' | 'fhir' | 'fsh';

/** One thing wrong with a spec, located in the file where it is (which may be a `$ref`'d file). */
export interface SpecProblem {
  path: string;
  line?: number;
  column?: number;
  message: string;
  /** `error`: the spec is not valid; `warning`: valid but worth fixing; `unchecked`: the audit could not validate it. */
  severity: 'error' | 'warning' | 'unchecked';
}

/** A reference the audit did not follow: over the network (never fetched) or to a file not in the tree. */
export interface UnresolvedRef {
  path: string;
  line?: number;
  ref: string;
  reason: 'remote' | 'missing';
}

/** One interface specification found in the tree. */
export interface InterfaceSpec {
  path: string;
  format: SpecFormat;
  /** The specification language version (`3.1.0`, `2.6.0`, `proto3`, FHIR `4.0.1`…), when stated. */
  version?: string;
  /** The interface's own title or name, when stated. */
  title?: string;
  /** Operations, RPCs, channels or interactions the spec describes. */
  operations: number;
  valid: boolean;
  problems: SpecProblem[];
  unresolvedRefs: UnresolvedRef[];
  /** Other files this spec pulls in through `$ref` or `import`. */
  includes: string[];
  /** FHIR resource type, when format is `fhir`; what a FHIR Shorthand file defines, for `fsh`. */
  resourceType?: string;
  /**
   * One of the parts a document is merged from, when the parts in its directory do not define
   * everything it refers to (the rest comes from a document built elsewhere): not validated alone.
   */
  partOf?: { dir: string; undefined: string[] };
  /** A Swagger 2.0 document that says it was replaced: the OpenAPI 3 document that replaces it. */
  supersededBy?: string;
}

/** A structured text file, parsed once and shared by every detector (YAML or JSON). */
export interface CandidateFile {
  path: string;
  text: string;
}

/** What a detector may look at besides the file itself: the rest of the snapshot (for `$ref`s). */
export interface SpecContext {
  snapshot: Snapshot;
}

/**
 * One format: a cheap sniff over the raw text, then a full read that parses and validates.
 * Shaped like a Renovate manager: adding a format is adding one module to `detectors.ts`.
 */
export interface SpecDetector {
  format: SpecFormat | readonly SpecFormat[];
  /** Lower-case file extensions (without the dot) this format can live in. */
  extensions: readonly string[];
  /** True when the file is probably this format; must be fast (a regex over the text). */
  sniff(file: CandidateFile): boolean;
  /** Parses and validates; undefined when, on a closer look, it is not this format. */
  read(file: CandidateFile, context: SpecContext): Promise<InterfaceSpec | undefined>;
}
