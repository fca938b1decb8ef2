import { isRecord, structuredDocument, unparsedSpec } from './documents.js';
import { attribute, children, lineOfElement, parseXml, type XmlElement } from './xml.js';
import type { InterfaceSpec, SpecDetector, SpecProblem } from './types.js';

/**
 * Elements each FHIR conformance resource must have (cardinality 1..1 or 1..*), from the R4
 * resource definitions, e.g. https://hl7.org/fhir/R4/capabilitystatement.html. This is a
 * structural check; the HL7 FHIR Validator remains the reference for profiles and invariants.
 */
export const FHIR_REQUIRED_ELEMENTS: Readonly<Record<string, readonly string[]>> = {
  CapabilityStatement: ['status', 'date', 'kind', 'fhirVersion', 'format'],
  // DSTU2's name for CapabilityStatement: https://hl7.org/fhir/DSTU2/conformance.html
  Conformance: ['date', 'kind', 'fhirVersion', 'acceptUnknown', 'format'],
  StructureDefinition: ['url', 'name', 'status', 'kind', 'abstract', 'type'],
  OperationDefinition: ['name', 'status', 'kind', 'code', 'system', 'type', 'instance'],
  ImplementationGuide: ['url', 'name', 'status', 'packageId', 'fhirVersion'],
  SearchParameter: ['url', 'name', 'status', 'description', 'code', 'base', 'type'],
  MessageDefinition: ['status', 'date', 'event[x]'],
  ValueSet: ['status'],
  CodeSystem: ['status', 'content'],
  ConceptMap: ['status'],
  NamingSystem: ['name', 'status', 'kind', 'date', 'uniqueId'],
};

/** DSTU2 (FHIR 1.0.x) StructureDefinition has no `type` yet: https://hl7.org/fhir/DSTU2/structuredefinition.html */
const DSTU2_REQUIRED: Readonly<Record<string, readonly string[]>> = {
  StructureDefinition: ['url', 'name', 'status', 'kind', 'abstract'],
};

/** http://hl7.org/fhir/R4/valueset-publication-status.html */
const PUBLICATION_STATUS = new Set(['draft', 'active', 'retired', 'unknown']);
/** Published FHIR versions (http://hl7.org/fhir/directory.html), by release name. */
export const FHIR_RELEASES: Readonly<Record<string, string>> = {
  '1.0.2': 'DSTU2',
  '3.0.0': 'STU3',
  '3.0.1': 'STU3',
  '3.0.2': 'STU3',
  '4.0.0': 'R4',
  '4.0.1': 'R4',
  '4.3.0': 'R4B',
  '5.0.0': 'R5',
};

const TYPES = Object.keys(FHIR_REQUIRED_ELEMENTS).join('|');
const JSON_SNIFF = new RegExp(`"resourceType"\\s*:\\s*"(${TYPES})"`);
const YAML_SNIFF = new RegExp(`^resourceType\\s*:\\s*["']?(${TYPES})\\b`, 'm');
const XML_SNIFF = new RegExp(`<(${TYPES})\\b[^>]*xmlns\\s*=\\s*["']http://hl7\\.org/fhir["']`);

/** FHIR conformance resources in JSON, YAML (FHIR Shorthand tooling writes it) or XML. */
export const fhirDetector: SpecDetector = {
  format: 'fhir',
  extensions: ['json', 'yaml', 'yml', 'xml'],
  sniff: ({ path, text }) =>
    path.toLowerCase().endsWith('.xml')
      ? XML_SNIFF.test(text)
      : JSON_SNIFF.test(text) || YAML_SNIFF.test(text),
  async read(file, { snapshot }) {
    return file.path.toLowerCase().endsWith('.xml')
      ? readXml(file.path, file.text)
      : readStructured(file.path, snapshot);
  },
};

/** The facts the check reports, read the same way from JSON and XML. */
interface FhirFacts {
  resourceType: string;
  present: (element: string) => boolean;
  value: (element: string) => string | undefined;
  line: (element?: string) => number;
  operations: number;
}

function readStructured(
  path: string,
  snapshot: Parameters<SpecDetector['read']>[1]['snapshot'],
): InterfaceSpec | undefined {
  const doc = structuredDocument(snapshot, path);
  if (!doc) return undefined;
  const resource = doc.value;
  if (doc.errors.length > 0 || !isRecord(resource)) {
    const resourceType = JSON_SNIFF.exec(snapshot.text(path) ?? '')?.[1];
    return unparsedSpec({ path, format: 'fhir', ...(resourceType ? { resourceType } : {}) }, doc.errors);
  }
  const resourceType = resource.resourceType;
  if (typeof resourceType !== 'string' || !FHIR_REQUIRED_ELEMENTS[resourceType]) return undefined;
  const present = (element: string): boolean =>
    element.endsWith('[x]')
      ? Object.keys(resource).some((k) => k.startsWith(element.slice(0, -3)))
      : resource[element] !== undefined && resource[element] !== null;
  return judge(path, {
    resourceType,
    present,
    value: (element) => (typeof resource[element] === 'string' ? (resource[element] as string) : undefined),
    line: (element) => doc.locate([element ?? 'resourceType']).line,
    operations: countJsonOperations(resourceType, resource),
  });
}

function readXml(path: string, text: string): InterfaceSpec | undefined {
  const parsed = parseXml(path, text);
  if (parsed.error) {
    const resourceType = XML_SNIFF.exec(text)?.[1];
    return {
      path,
      format: 'fhir',
      ...(resourceType ? { resourceType } : {}),
      operations: 0,
      valid: false,
      problems: [parsed.error],
      unresolvedRefs: [],
      includes: [],
    };
  }
  const resourceType = Object.keys(FHIR_REQUIRED_ELEMENTS).find((t) => children(parsed.root, t).length > 0);
  if (!resourceType) return undefined;
  const resource = children(parsed.root, resourceType)[0] as XmlElement;
  const present = (element: string): boolean =>
    element.endsWith('[x]')
      ? Object.keys(resource).some((k) => k.startsWith(element.slice(0, -3)))
      : children(resource, element).length > 0;
  return judge(path, {
    resourceType,
    present,
    // FHIR XML puts primitive values in a `value` attribute: <status value="active"/>.
    value: (element) => attribute(children(resource, element)[0], 'value'),
    line: (element) => lineOfElement(text, element ?? resourceType),
    operations: countXmlOperations(resourceType, resource),
  });
}

function judge(path: string, facts: FhirFacts): InterfaceSpec {
  const problems: SpecProblem[] = [];
  const dstu2 = facts.value('fhirVersion')?.startsWith('1.0') === true;
  const required =
    (dstu2 ? DSTU2_REQUIRED[facts.resourceType] : undefined) ?? FHIR_REQUIRED_ELEMENTS[facts.resourceType];
  for (const element of required ?? []) {
    if (!facts.present(element)) {
      problems.push({
        path,
        line: facts.line(),
        severity: 'error',
        message: `${facts.resourceType}.${element} is required`,
      });
    }
  }
  const status = facts.value('status');
  if (status !== undefined && !PUBLICATION_STATUS.has(status)) {
    problems.push({
      path,
      line: facts.line('status'),
      severity: 'error',
      message: `${facts.resourceType}.status "${status}" is not one of ${[...PUBLICATION_STATUS].join(', ')}`,
    });
  }
  const fhirVersion = facts.value('fhirVersion');
  if (fhirVersion !== undefined && !FHIR_RELEASES[fhirVersion] && !/^\d+\.\d+\.\d+-/.test(fhirVersion)) {
    problems.push({
      path,
      line: facts.line('fhirVersion'),
      severity: 'warning',
      message: `fhirVersion "${fhirVersion}" is not a published FHIR version`,
    });
  }
  const title = facts.value('title') ?? facts.value('name');
  const version = fhirVersion ?? facts.value('version');
  return {
    path,
    format: 'fhir',
    resourceType: facts.resourceType,
    ...(version ? { version } : {}),
    ...(title ? { title } : {}),
    operations: facts.operations,
    valid: !problems.some((p) => p.severity === 'error'),
    problems,
    unresolvedRefs: [],
    includes: [],
  };
}

const list = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value) ? value.filter(isRecord) : [];

/** A CapabilityStatement's interactions and operations; an OperationDefinition is one operation. */
function countJsonOperations(resourceType: string, resource: Record<string, unknown>): number {
  if (resourceType === 'OperationDefinition') return 1;
  if (resourceType !== 'CapabilityStatement' && resourceType !== 'Conformance') return 0;
  let count = 0;
  for (const rest of list(resource.rest)) {
    count += list(rest.interaction).length + list(rest.operation).length;
    for (const r of list(rest.resource)) count += list(r.interaction).length + list(r.operation).length;
  }
  return count;
}

function countXmlOperations(resourceType: string, resource: XmlElement): number {
  if (resourceType === 'OperationDefinition') return 1;
  if (resourceType !== 'CapabilityStatement' && resourceType !== 'Conformance') return 0;
  let count = 0;
  for (const rest of children(resource, 'rest')) {
    count += children(rest, 'interaction').length + children(rest, 'operation').length;
    for (const r of children(rest, 'resource'))
      count += children(r, 'interaction').length + children(r, 'operation').length;
  }
  return count;
}
