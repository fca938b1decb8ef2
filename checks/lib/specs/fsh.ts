import type { Snapshot } from '../../../src/snapshot/snapshot.js';
import { groups } from '../groups.js';
import { dirOf, isRecord, structuredDocument } from './documents.js';
import type { InterfaceSpec, SpecDetector, SpecProblem } from './types.js';

/**
 * FHIR Shorthand (FSH), the language FHIR implementation guides are written in and SUSHI compiles
 * to conformance resources: https://hl7.org/fhir/uv/shorthand/reference.html. An entity starts
 * with a declaration line (`Profile: UKCorePatient`) followed by keyword lines (`Parent:`,
 * `InstanceOf:`) and `*` rules.
 */
const DECLARATION =
  /^(?<kind>Profile|Extension|Logical|Resource|Instance|ValueSet|CodeSystem|Invariant|RuleSet|Mapping|Alias)[ \t]*:[ \t]*(?<name>\S+)/;
const KEYWORD =
  /^(?<keyword>Parent|InstanceOf|Id|Title|Description|Usage|Source|Target|Severity|Expression|XPath|Characteristics)[ \t]*:[ \t]*(?<value>.*)$/;
const SNIFF = /^(?:Profile|Extension|Logical|Resource|Instance|ValueSet|CodeSystem)[ \t]*:[ \t]*\S/m;

/** What SUSHI makes of each kind of entity. */
const STRUCTURE = new Set(['Profile', 'Extension', 'Logical', 'Resource']);
/** Resource types an `Instance` can be that are conformance resources, not example data. */
const CONFORMANCE_INSTANCES = new Set([
  'CapabilityStatement',
  'OperationDefinition',
  'SearchParameter',
  'MessageDefinition',
  'ImplementationGuide',
  'NamingSystem',
  'ConceptMap',
  'StructureDefinition',
  'ValueSet',
  'CodeSystem',
  'GraphDefinition',
  'CompartmentDefinition',
]);

interface Entity {
  kind: string;
  name: string;
  line: number;
  keywords: Map<string, { value: string; line: number }>;
  rules: string[];
}

function entities(text: string): Entity[] {
  const out: Entity[] = [];
  let current: Entity | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const declaration = DECLARATION.exec(raw);
    if (declaration) {
      const { kind, name } = groups(declaration, 'kind', 'name');
      current = {
        kind,
        name,
        line: index + 1,
        keywords: new Map(),
        rules: [],
      };
      out.push(current);
      return;
    }
    if (!current) return;
    const keyword = KEYWORD.exec(raw);
    if (keyword) {
      const { keyword: name, value } = groups(keyword, 'keyword', 'value');
      current.keywords.set(name, { value: value.trim(), line: index + 1 });
    } else if (/^\s*\*/.test(raw)) current.rules.push(raw);
  });
  return out;
}

/** The resource type SUSHI writes for an entity, or undefined when it is not a conformance resource. */
function conformanceType(entity: Entity): string | undefined {
  if (STRUCTURE.has(entity.kind)) return 'StructureDefinition';
  if (entity.kind === 'ValueSet' || entity.kind === 'CodeSystem') return entity.kind;
  if (entity.kind !== 'Instance') return undefined;
  const of = entity.keywords.get('InstanceOf')?.value;
  return of !== undefined && CONFORMANCE_INSTANCES.has(of) ? of : undefined;
}

/** A CapabilityStatement instance's interactions and operations; an OperationDefinition is one. */
function operationsOf(entity: Entity, type: string): number {
  if (type === 'OperationDefinition') return 1;
  if (type !== 'CapabilityStatement') return 0;
  return entity.rules.filter((r) =>
    /\.(?:interaction|operation)\[[^\]]*\]\.(?:code|name|definition)\s*=/.test(r),
  ).length;
}

/** The FHIR version of the implementation guide a FSH file belongs to, from the nearest sushi-config.yaml. */
function fhirVersionFor(snapshot: Snapshot, path: string): string | undefined {
  for (let dir = dirOf(path); ; dir = dirOf(dir)) {
    for (const name of ['sushi-config.yaml', 'sushi-config.yml']) {
      const config = structuredDocument(snapshot, dir === '' ? name : `${dir}/${name}`)?.value;
      if (isRecord(config)) {
        const version = Array.isArray(config.fhirVersion) ? config.fhirVersion[0] : config.fhirVersion;
        if (version !== undefined && version !== null) return String(version);
      }
    }
    if (dir === '') return undefined;
  }
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export const fshDetector: SpecDetector = {
  format: 'fsh',
  extensions: ['fsh'],
  sniff: ({ text }) => SNIFF.test(text),
  read(file, { snapshot }) {
    const all = entities(file.text);
    const conformance = all.flatMap((e) => {
      const type = conformanceType(e);
      return type ? [{ entity: e, type }] : [];
    });
    if (conformance.length === 0) return Promise.resolve(undefined);
    // SUSHI refuses these: a profile without a parent, an instance without a type.
    const problems: SpecProblem[] = [];
    for (const e of all) {
      if (e.kind === 'Profile' && !e.keywords.has('Parent'))
        problems.push({
          path: file.path,
          line: e.line,
          severity: 'error',
          message: `Profile ${e.name} has no Parent`,
        });
      if (e.kind === 'Instance' && !e.keywords.has('InstanceOf'))
        problems.push({
          path: file.path,
          line: e.line,
          severity: 'error',
          message: `Instance ${e.name} has no InstanceOf`,
        });
    }
    const counts = new Map<string, number>();
    for (const { type } of conformance) counts.set(type, (counts.get(type) ?? 0) + 1);
    const summary = [...counts]
      .map(([type, n]) =>
        type === 'StructureDefinition' ? plural(n, 'profile') : n === 1 ? type : `${n} ${type}s`,
      )
      .join(', ');
    const version = fhirVersionFor(snapshot, file.path);
    const first = conformance[0]?.entity;
    const spec: InterfaceSpec = {
      path: file.path,
      format: 'fsh',
      resourceType: summary,
      ...(version ? { version } : {}),
      ...(first ? { title: first.keywords.get('Title')?.value.replace(/^"|"$/g, '') ?? first.name } : {}),
      operations: conformance.reduce((n, { entity, type }) => n + operationsOf(entity, type), 0),
      valid: problems.length === 0,
      problems,
      unresolvedRefs: [],
      includes: [],
    };
    return Promise.resolve(spec);
  },
};
