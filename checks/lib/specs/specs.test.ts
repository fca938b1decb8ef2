import { describe, expect, it } from 'vitest';
import { memorySnapshot } from '../../../src/snapshot/memory.js';
import { classifyRef, joinPosix, locateAcrossRefs, parseStructured } from './documents.js';
import { discoverInterfaceSpecs, SPEC_CANDIDATE_GLOBS } from './index.js';
import { minimatch } from 'minimatch';

async function specsOf(files: Record<string, string>) {
  return (await discoverInterfaceSpecs(memorySnapshot({ files }))).specs;
}

describe('spec discovery', () => {
  it('wants YAML, JSON, XML, SDL, proto and WSDL files but not lockfiles', () => {
    const wanted = (p: string) => SPEC_CANDIDATE_GLOBS.some((g) => minimatch(p, g, { dot: true }));

    expect(
      ['api/x.yaml', 'a.json', 'b.yml', 's.graphql', 'p.proto', 'w.wsdl', 'fhir/r.xml'].every(wanted),
    ).toBe(true);
    expect(['package-lock.json', 'web/pnpm-lock.yaml', 'src/index.ts', 'README.md'].some(wanted)).toBe(false);
  });

  it('finds specs by content, whatever the file is called', async () => {
    const specs = await specsOf({
      'contract/v1.yml': 'openapi: 3.0.3\ninfo: {title: T, version: "1"}\npaths: {}\n',
      'events/bus.json': '{"info": {"title": "E", "version": "1"}, "asyncapi": "2.6.0", "channels": {}}',
      'tsconfig.json': '{"$schema": "https://json.schemastore.org/tsconfig"}',
      'config.yaml': 'openapi_url: /docs\n',
    });

    expect(specs.map((s) => [s.path, s.format, s.version])).toEqual([
      ['contract/v1.yml', 'openapi', '3.0.3'],
      ['events/bus.json', 'asyncapi', '2.6.0'],
    ]);
  });

  it('ignores specs inside vendored and installed code', async () => {
    const specs = await specsOf({
      'node_modules/lib/openapi.yaml': 'openapi: 3.0.3\ninfo: {title: T, version: "1"}\npaths: {}\n',
    });

    expect(specs).toEqual([]);
  });

  it('parses each file once per snapshot, however many checks ask', async () => {
    const snapshot = memorySnapshot({
      files: { 'openapi.yaml': 'openapi: 3.0.3\ninfo: {title: T, version: "1"}\npaths: {}\n' },
    });

    const [first, second] = await Promise.all([
      discoverInterfaceSpecs(snapshot),
      discoverInterfaceSpecs(snapshot),
    ]);

    expect(first).toBe(second);
  });

  it('does not report a JSON Schema an OpenAPI document includes as a separate interface', async () => {
    const specs = await specsOf({
      'openapi.yaml':
        'openapi: 3.1.0\ninfo: {title: T, version: "1"}\ncomponents:\n  schemas:\n    Pet:\n      $ref: ./pet.schema.json\n',
      'pet.schema.json': '{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"}',
    });

    expect(specs.map((s) => s.path)).toEqual(['openapi.yaml']);
    expect(specs[0]?.includes).toEqual(['pet.schema.json']);
  });
});

describe('OpenAPI', () => {
  it('counts operations across files and validates them', async () => {
    const [spec] = await specsOf({
      'api/openapi.yaml': [
        'openapi: 3.0.3',
        'info: {title: Pets, version: "1"}',
        'paths:',
        '  /pets:',
        '    $ref: ./paths/pets.yaml',
      ].join('\n'),
      'api/paths/pets.yaml':
        'get:\n  responses:\n    "200": {description: ok}\npost:\n  responses:\n    "201": {description: made}\n',
    });

    expect(spec).toMatchObject({
      format: 'openapi',
      title: 'Pets',
      operations: 2,
      valid: true,
      includes: ['api/paths/pets.yaml'],
    });
  });

  it('reports a YAML syntax error at its line', async () => {
    const [spec] = await specsOf({
      'openapi.yaml': 'openapi: 3.0.3\ninfo:\n  title: [unclosed\npaths: {}\n',
    });

    expect(spec?.valid).toBe(false);
    expect(spec?.problems[0]?.line).toBeGreaterThanOrEqual(3);
  });

  it('locates a schema error at the offending key, in the file that holds it', async () => {
    const [spec] = await specsOf({
      'openapi.yaml':
        'openapi: 3.0.3\ninfo: {title: T, version: "1"}\npaths:\n  /a:\n    get:\n      responses:\n        "200":\n          $ref: ./r.yaml#/Ok\n',
      'r.yaml': 'Ok:\n  description: fine\n  colour: blue\n',
    });

    expect(spec?.problems).toContainEqual(
      expect.objectContaining({ path: 'r.yaml', line: 3, severity: 'error' }),
    );
  });

  it('reports a $ref to a file that is not in the repository as an error at the $ref', async () => {
    const [spec] = await specsOf({
      'openapi.yaml':
        'openapi: 3.0.3\ninfo: {title: T, version: "1"}\npaths:\n  /a:\n    $ref: ./missing.yaml\n',
    });

    expect(spec?.valid).toBe(false);
    expect(spec?.unresolvedRefs).toEqual([
      { path: 'openapi.yaml', line: 5, ref: './missing.yaml', reason: 'missing' },
    ]);
  });

  it('reports a missing JSON pointer at the $ref that uses it', async () => {
    const [spec] = await specsOf({
      'openapi.yaml':
        'openapi: 3.0.3\ninfo: {title: T, version: "1"}\npaths:\n  /a:\n    $ref: "#/components/pathItems/nope"\n',
    });

    expect(spec?.valid).toBe(false);
    expect(spec?.problems[0]).toMatchObject({ path: 'openapi.yaml', line: 4 });
  });

  it('reports Swagger 2.0 spec rules Swagger Parser enforces, located at the operation', async () => {
    const [spec] = await specsOf({
      'swagger.json': JSON.stringify(
        {
          swagger: '2.0',
          info: { title: 'S', version: '1' },
          paths: { '/a/{id}': { get: { responses: { 200: { description: 'x' } } } } },
        },
        null,
        2,
      ),
    });

    expect(spec).toMatchObject({ format: 'swagger', valid: false });
    expect(spec?.problems[0]?.message).toMatch(/path parameter/);
    expect(spec?.problems[0]?.line).toBe(9);
  });

  it('resolves OpenAPI 3.2 references but says the schema was not checked', async () => {
    const [spec] = await specsOf({
      'openapi.yaml': 'openapi: 3.2.0\ninfo: {title: T, version: "1"}\npaths: {}\n',
    });

    expect(spec).toMatchObject({ version: '3.2.0', valid: true });
    expect(spec?.problems).toContainEqual(expect.objectContaining({ severity: 'warning' }));
  });
});

describe('AsyncAPI', () => {
  it('validates against the schema of the declared version and counts 2.x operations per channel', async () => {
    const [spec] = await specsOf({
      'asyncapi.yaml':
        'asyncapi: 2.6.0\ninfo:\n  title: Old\nchannels:\n  user/signedup:\n    subscribe:\n      message:\n        payload: {type: string}\n',
    });

    expect(spec).toMatchObject({ format: 'asyncapi', operations: 1, valid: false });
    expect(spec?.problems[0]).toMatchObject({ line: 2, message: expect.stringContaining("'version'") });
  });

  it('rejects a version there is no schema for', async () => {
    const [spec] = await specsOf({ 'asyncapi.yaml': 'asyncapi: 9.0.0\ninfo: {title: T, version: "1"}\n' });

    expect(spec?.valid).toBe(false);
  });
});

describe('GraphQL SDL', () => {
  it('validates SDL split over files together and skips client operations', async () => {
    const specs = await specsOf({
      'schema/a.graphql': 'type Query {\n  pets: [Pet]\n  owner: Owner\n}\n',
      'schema/b.graphql': 'type Pet @key(fields: "id") {\n  id: ID!\n}\n',
      'client/q.graphql': 'query Q { pets { id } }\n',
    });

    expect(specs.map((s) => s.path)).toEqual(['schema/a.graphql', 'schema/b.graphql']);
    expect(specs[0]?.problems).toEqual([
      expect.objectContaining({ path: 'schema/a.graphql', line: 3, message: 'Unknown type "Owner".' }),
    ]);
    expect(specs[1]?.valid).toBe(true);
  });

  it('keeps independent schemas apart: two services may each define Query', async () => {
    const specs = await specsOf({
      'svc-a/schema.graphql': 'type Query {\n  a: String\n}\n',
      'svc-b/schema.graphql': 'type Query {\n  b: Int\n}\nextend type Query {\n  c: Int\n}\n',
    });

    expect(specs.map((s) => s.valid)).toEqual([true, true]);
  });

  it('reports a syntax error at its line', async () => {
    const [spec] = await specsOf({ 'schema.gql': 'type Broken {\n  id: ID!\n' });

    expect(spec?.problems[0]).toMatchObject({ line: 3, severity: 'error' });
  });
});

describe('Protocol Buffers', () => {
  it('counts RPCs and reports imports that are not in the tree', async () => {
    const [spec] = await specsOf({
      'svc.proto':
        'syntax = "proto3";\npackage pets.v1;\nimport "google/protobuf/empty.proto";\nimport "other/missing.proto";\nservice Pets {\n  rpc List (google.protobuf.Empty) returns (Pet);\n}\nmessage Pet { string id = 1; }\n',
    });

    expect(spec).toMatchObject({ version: 'proto3', title: 'pets.v1', operations: 1, valid: true });
    expect(spec?.unresolvedRefs).toEqual([
      { path: 'svc.proto', line: 4, ref: 'other/missing.proto', reason: 'missing' },
    ]);
  });

  it('resolves imports by path suffix anywhere in the tree', async () => {
    const specs = await specsOf({
      'api/pets/v1/svc.proto':
        'syntax = "proto3";\nimport "pets/v1/pet.proto";\nimport "v1/pet.proto";\nservice Pets {\n  rpc Get (Pet) returns (Pet);\n}\n',
      'api/pets/v1/pet.proto': 'syntax = "proto3";\npackage pets.v1;\nmessage Pet { string id = 1; }\n',
      'other/pet.proto': 'syntax = "proto3";\nmessage Other { string id = 1; }\n',
    });
    const svc = specs.find((s) => s.path === 'api/pets/v1/svc.proto');

    expect(svc?.unresolvedRefs).toEqual([]);
    expect(svc?.includes).toEqual(['api/pets/v1/pet.proto', 'api/pets/v1/pet.proto']);
  });

  it('reports a parse error at its line', async () => {
    const [spec] = await specsOf({ 'bad.proto': 'syntax = "proto3";\nmessage Pet {\n  string id = ;\n}\n' });

    expect(spec?.problems[0]).toMatchObject({ line: 3, severity: 'error' });
  });
});

describe('WSDL', () => {
  it('reads WSDL 2.0 interfaces and rejects XML that is not WSDL when named .wsdl', async () => {
    const specs = await specsOf({
      'svc.wsdl':
        '<description xmlns="http://www.w3.org/ns/wsdl" name="S"><interface name="I"><operation name="a"/><operation name="b"/></interface></description>',
      'bad.wsdl': '<notwsdl/>',
    });

    expect(specs.find((s) => s.path === 'svc.wsdl')).toMatchObject({
      version: '2.0',
      operations: 2,
      valid: true,
    });
    expect(specs.find((s) => s.path === 'bad.wsdl')).toMatchObject({ valid: false });
  });
});

describe('FHIR', () => {
  it('requires the elements the resource definition requires', async () => {
    const [spec] = await specsOf({
      'sd.json':
        '{\n  "resourceType": "StructureDefinition",\n  "url": "https://x/y",\n  "status": "draft"\n}',
    });

    expect(spec?.problems.map((p) => p.message)).toEqual([
      'StructureDefinition.name is required',
      'StructureDefinition.kind is required',
      'StructureDefinition.abstract is required',
      'StructureDefinition.type is required',
    ]);
  });

  it('ignores resources that are not conformance resources, and Bundles', async () => {
    const specs = await specsOf({
      'p.json': '{"resourceType": "Patient"}',
      'b.json': '{"resourceType": "Bundle", "entry": [{"resource": {"resourceType": "ValueSet"}}]}',
    });

    expect(specs).toEqual([]);
  });
});

describe('documents', () => {
  it('resolves refs relative to the referring file', () => {
    expect(classifyRef('../common/x.yaml#/A~1B', 'api/v1/openapi.yaml')).toEqual({
      kind: 'file',
      file: 'api/common/x.yaml',
      pointer: ['A/B'],
    });
    expect(classifyRef('https://example.com/x.yaml', 'a.yaml').kind).toBe('remote');
    expect(classifyRef('#/components', 'a.yaml').kind).toBe('internal');
    expect(joinPosix('a/b', '../../../c')).toBe('../c');
  });

  it('maps a JSON pointer to a line in JSON as in YAML', () => {
    const doc = parseStructured('x.json', '{\n  "a": {\n    "b": [1, {"c": 2}]\n  }\n}');

    expect(doc.locate(['a', 'b', '1', 'c'])).toMatchObject({ line: 3, exact: true });
    expect(doc.locate(['a', 'zzz'])).toMatchObject({ line: 2, exact: false });
  });

  it('follows a chain of refs to locate a pointer', () => {
    const snapshot = memorySnapshot({
      files: { 'a.yaml': 'x:\n  $ref: b.yaml#/y\n', 'b.yaml': 'y:\n  z:\n    w: 1\n' },
    });

    expect(locateAcrossRefs(snapshot, 'a.yaml', ['x', 'z', 'w'])).toMatchObject({ path: 'b.yaml', line: 3 });
  });
});
