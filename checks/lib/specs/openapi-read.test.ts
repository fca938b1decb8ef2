import { describe, expect, it } from 'vitest';
import { memorySnapshot } from '../../../src/snapshot/memory.js';
import { discoverInterfaceSpecs } from './index.js';
import { countOperations, siblingParts } from './openapi-read.js';

/** Whole OpenAPI and Swagger readings pinned: the version and format a broken file still gives, parts, located errors. */

const specs = async (files: Record<string, string>) =>
  (await discoverInterfaceSpecs(memorySnapshot({ files }))).specs;
const info = 'info: {title: T, version: "1"}\n';
const ref = (pointer: string): string => `          $ref: "${pointer}"\n`;
const get = (...responses: string[]): string =>
  `paths:\n  /a:\n    get:\n      responses:\n${responses.join('')}`;

describe('an OpenAPI file that does not parse', () => {
  it('is still a Swagger 2.0 spec, with the version it writes', async () => {
    expect(await specs({ 'api.yaml': 'swagger: "2.0"\ninfo: [x\n' })).toEqual([
      {
        path: 'api.yaml',
        format: 'swagger',
        version: '2.0',
        operations: 0,
        valid: false,
        problems: [
          {
            path: 'api.yaml',
            line: 3,
            column: 1,
            severity: 'error',
            message: 'Flow sequence in block collection must be sufficiently indented and end with a ]',
          },
        ],
        unresolvedRefs: [],
        includes: [],
      },
    ]);
  });

  it('is OpenAPI in JSON, with the version it writes', async () => {
    const [spec] = await specs({ 'api.json': '{"info": {"title": "T"}, "openapi": 3.1, "paths": {' });
    expect(spec).toMatchObject({ path: 'api.json', format: 'openapi', version: '3.1', valid: false });
    const [compact] = await specs({ 'api.json': '{"swagger":"2.0","info":{' });
    expect(compact).toMatchObject({ format: 'swagger', version: '2.0', valid: false });
  });
});

describe('an OpenAPI document in parts', () => {
  const components =
    'components:\n  responses:\n    Ok:\n      description: ok\n      content:\n        application/json:\n          schema:\n            $ref: "#/components/schemas/Pet"\n  schemas:\n    Pet: {type: object}\n';

  it('is validated with the sibling parts that define its pointers, and those their pointers need', async () => {
    const files = {
      'api/openapi.yaml': `openapi: 3.0.3\n${info}${get('        "200":\n', ref('#/components/responses/Ok'))}`,
      'api/a-pets.yaml': 'components:\n  schemas:\n    Pet: {type: object}\n',
      'api/components.yaml': components.replace('  schemas:\n    Pet: {type: object}\n', ''),
      'api/z-other.yaml': 'openapi: 3.0.3\ncomponents:\n  responses:\n    Ok: {description: other}\n',
      'api/notes.txt': 'components: {}\n',
    };
    expect(siblingParts(memorySnapshot({ files }), 'api/openapi.yaml')).toEqual({
      parts: ['api/components.yaml', 'api/a-pets.yaml'],
      undefined: [],
    });
    const [spec] = await specs(files);
    expect(spec).toEqual({
      path: 'api/openapi.yaml',
      format: 'openapi',
      version: '3.0.3',
      title: 'T',
      operations: 1,
      valid: true,
      problems: [],
      unresolvedRefs: [],
      includes: ['api/components.yaml', 'api/a-pets.yaml'],
    });
  });

  it('says which pointers no part defines (escaped), and is then part of a whole built elsewhere', async () => {
    const files = {
      'api/openapi.yaml': `openapi: 3.0.3\n${info}${get(
        '        "200":\n',
        ref('#/components/responses/Ok'),
        '        "404":\n',
        ref('#/components/responses/Not~1Found~0x'),
      )}`,
      'api/components.yaml': 'components:\n  responses:\n    Ok: {description: ok}\n',
    };
    expect(await specs(files)).toEqual([
      {
        path: 'api/openapi.yaml',
        format: 'openapi',
        version: '3.0.3',
        title: 'T',
        operations: 1,
        valid: true,
        problems: [],
        unresolvedRefs: [],
        partOf: { dir: 'api', undefined: ['#/components/responses/Not~1Found~0x'] },
        includes: ['api/components.yaml'],
      },
    ]);
  });

  it('is not in parts when no sibling defines what it needs: its own errors say what is missing', () => {
    const files = {
      'api/openapi.yaml': `openapi: 3.0.3\n${info}${get('        "200":\n', ref('#/components/responses/Ok'))}`,
      'api/other.yaml': 'components:\n  schemas: {}\n',
    };
    expect(siblingParts(memorySnapshot({ files }), 'api/openapi.yaml')).toEqual({ parts: [], undefined: [] });
    const whole = { 'api/openapi.yaml': `openapi: 3.0.3\n${info}paths: {}\n`, 'api/c.yaml': components };
    expect(siblingParts(memorySnapshot({ files: whole }), 'api/openapi.yaml')).toEqual({
      parts: [],
      undefined: [],
    });
  });

  it('keeps its own values over a part’s, and merges objects key by key', async () => {
    const files = {
      'api/openapi.yaml': `openapi: 3.0.3\n${info}${get('        "200":\n', ref('#/components/responses/Ok'))}components:\n  responses:\n    Gone: {description: gone}\n`,
      'api/parts.yaml': 'info: {title: Other}\ncomponents:\n  responses:\n    Ok: {description: ok}\n',
    };
    expect(await specs(files)).toMatchObject([
      { title: 'T', valid: true, problems: [], includes: ['api/parts.yaml'] },
    ]);
  });
});

describe('Swagger Parser’s errors, located', () => {
  it('an unknown Swagger version at the swagger key', async () => {
    expect(
      await specs({ 'api.yaml': `info: {title: T, version: "1"}\nswagger: "3.0"\npaths: {}\n` }),
    ).toEqual([
      {
        path: 'api.yaml',
        format: 'swagger',
        version: '3.0',
        title: 'T',
        operations: 0,
        valid: false,
        problems: [
          {
            path: 'api.yaml',
            line: 2,
            column: 1,
            severity: 'error',
            message: 'Unrecognized Swagger version: 3.0. Expected 2.0',
          },
        ],
        unresolvedRefs: [],
        includes: [],
      },
    ]);
  });

  it('an API version written as a number at info.version', async () => {
    const [spec] = await specs({
      'api.yaml': 'openapi: 3.0.3\ninfo:\n  title: T\n  version: 1\npaths: {}\n',
    });
    expect(spec?.problems).toEqual([
      {
        path: 'api.yaml',
        line: 4,
        column: 3,
        severity: 'error',
        message: 'API version number must be a string (e.g. "1.0.0") not a number.',
      },
    ]);
  });

  it('a Swagger 2.0 definition rule at the definition', async () => {
    const [spec] = await specs({
      'swagger.yaml': `swagger: "2.0"\n${info}paths: {}\ndefinitions:\n  Pet:\n    type: object\n    required: [id]\n    properties: {}\n`,
    });
    expect(spec?.problems).toEqual([
      {
        path: 'swagger.yaml',
        line: 5,
        column: 3,
        severity: 'error',
        message: "Property 'id' listed as required but does not exist in '/definitions/Pet'",
      },
    ]);
  });
});

describe('OpenAPI versions the schemas do not cover', () => {
  it('3.2 warns at the openapi key that the schema was not checked, and is valid', async () => {
    expect(await specs({ 'api.yaml': `paths: {}\n${info}openapi: 3.2.0\n` })).toEqual([
      {
        path: 'api.yaml',
        format: 'openapi',
        version: '3.2.0',
        title: 'T',
        operations: 0,
        valid: true,
        problems: [
          {
            path: 'api.yaml',
            line: 3,
            severity: 'warning',
            message:
              'OpenAPI 3.2.0 is newer than the validator: references were resolved, the schema was not checked',
          },
        ],
        unresolvedRefs: [],
        includes: [],
      },
    ]);
  });

  it('a title that is not a string is not reported', async () => {
    const [spec] = await specs({ 'api.yaml': 'openapi: 3.1.0\ninfo: {title: 5, version: "1"}\npaths: {}\n' });
    expect(spec).not.toHaveProperty('title');
    expect(spec?.problems.map((p) => [p.line, p.message])).toEqual([[2, '#/info/title must be string']]);
  });
});

describe('OpenAPI reading, more edges', () => {
  const responses = (...pointers: string[]): string =>
    get(...pointers.flatMap((p, i) => [`        "${200 + i}":\n`, ref(p)]));

  it('a document with both keys is OpenAPI, and a version written as a number is read after its own key', async () => {
    expect(await specs({ 'api.yaml': `swagger: "2.0"\nopenapi: 3.0.3\n${info}paths: {}\n` })).toMatchObject([
      { format: 'openapi', version: '3.0.3' },
    ]);
    expect(await specs({ 'api.yaml': `x-n: 2.5\nopenapi: 3.0\n${info}paths: {}\n` })).toMatchObject([
      { format: 'openapi', version: '3.0', valid: false },
    ]);
    expect(await specs({ 'api.yaml': `x-n: 1.5\nswagger: 2.0\n${info}paths: {}\n` })).toMatchObject([
      { format: 'swagger', version: '2.0', valid: false },
    ]);
    expect(await specs({ 'api.yaml': `openapi: 3.1.0-rc1\n${info}paths: {}\n` })).toMatchObject([
      { version: '3.1.0-rc1' },
    ]);
  });

  it('lists at most 50 problems', async () => {
    const paths = Array.from({ length: 60 }, (_, i) => `  /p${i}:\n    $ref: ./missing-${i}.yaml\n`).join('');
    const [spec] = await specs({ 'api.yaml': `openapi: 3.0.3\n${info}paths:\n${paths}` });
    expect(spec?.problems).toHaveLength(50);
    expect(spec?.unresolvedRefs).toHaveLength(60);
    expect(spec?.problems[49]?.message).toBe(
      '$ref "./missing-49.yaml": missing-49.yaml is not in the repository',
    );
  });

  it('locates a schema error in the part that holds it', async () => {
    const [spec] = await specs({
      'api/openapi.yaml': `openapi: 3.0.3\n${info}${responses('#/components/responses/Ok')}`,
      'api/parts.yaml': 'components:\n  responses:\n    Ok:\n      colour: blue\n      description: ok\n',
    });
    expect(spec?.problems).toEqual([
      {
        path: 'api/parts.yaml',
        line: 4,
        column: 7,
        severity: 'error',
        message: "#/components/responses/Ok must NOT have additional properties ('colour')",
      },
    ]);
  });

  it('locates an error in the document itself before a part that also has the key', async () => {
    const [spec] = await specs({
      'api/openapi.yaml': `openapi: 3.0.3\n${info}${responses('#/components/responses/Ok', '#/components/responses/More')}components:\n  responses:\n    Ok:\n      colour: blue\n      description: ok\n`,
      'api/parts.yaml':
        'components:\n  responses:\n    More: {description: more}\n    Ok:\n      colour: red\n      description: other\n',
    });
    expect(spec?.problems.map((p) => [p.path, p.line, p.column, p.message])).toEqual([
      [
        'api/openapi.yaml',
        14,
        7,
        "#/paths/~1a/get/responses/200 must NOT have additional properties ('colour')",
      ],
      ['api/openapi.yaml', 14, 7, "#/components/responses/Ok must NOT have additional properties ('colour')"],
    ]);
  });

  it('looks a pointer up once however often it is used, and skips whole documents, other files and non-objects', () => {
    const files = {
      'api/openapi.yaml': `openapi: 3.0.3\n${info}${responses('#/components/responses/Ok', '#/components/responses/Ok', '#/x')}`,
      'api/0-full.yaml': 'openapi: 3.0.3\ncomponents:\n  responses:\n    Ok: {description: full}\n',
      'api/1-swagger.yaml': 'swagger: "2.0"\ncomponents:\n  responses:\n    Ok: {description: full}\n',
      'api/2-list.yaml': '- components\n',
      'api/3-x.yaml.bak': 'x: 1\ncomponents:\n  responses:\n    Ok: {description: old}\n',
      'api/4-x.txt': 'x: 1\n',
      'api/parts.yaml': 'components:\n  responses:\n    Ok: {description: ok}\n',
    };
    expect(siblingParts(memorySnapshot({ files }), 'api/openapi.yaml')).toEqual({
      parts: ['api/parts.yaml'],
      undefined: ['#/x'],
    });
  });

  it('follows a chain of parts for eight rounds', () => {
    const files: Record<string, string> = {
      'api/openapi.yaml': `openapi: 3.0.3\n${info}${responses('#/c0')}`,
    };
    for (let i = 0; i < 10; i++) files[`api/p${i}.yaml`] = `c${i}:\n  $ref: "#/c${i + 1}"\n`;
    expect(siblingParts(memorySnapshot({ files }), 'api/openapi.yaml')).toEqual({
      parts: [
        'api/p0.yaml',
        'api/p1.yaml',
        'api/p2.yaml',
        'api/p3.yaml',
        'api/p4.yaml',
        'api/p5.yaml',
        'api/p6.yaml',
        'api/p7.yaml',
      ],
      undefined: [],
    });
  });

  it('takes a part’s value where the document leaves a key empty', async () => {
    const files = {
      'api/openapi.yaml': `openapi: 3.0.3\n${info}${responses('#/components/responses/Ok')}components:\n`,
      'api/parts.yaml': 'components:\n  responses:\n    Ok: {description: ok}\n',
    };
    expect(await specs(files)).toMatchObject([{ valid: true, problems: [], includes: ['api/parts.yaml'] }]);
  });

  it('includes Markdown as the text of a description, not as YAML', async () => {
    const files = {
      'api.yaml':
        'openapi: 3.0.3\ninfo:\n  title: T\n  version: "1"\n  description:\n    $ref: ./intro.md\npaths: {}\n',
      'intro.md': 'Pets: a list\n',
    };
    expect(await specs(files)).toMatchObject([{ valid: true, problems: [], includes: ['intro.md'] }]);
  });

  it('locates a missing pointer in the file whose $ref names it', async () => {
    const [spec] = await specs({
      'openapi.yaml': `openapi: 3.0.3\n${info}paths:\n  /a:\n    $ref: ./paths/a.yaml\n`,
      'paths/a.yaml': 'get:\n  responses:\n    "200":\n      $ref: "#/nope"\n',
    });
    expect(spec?.problems).toEqual([
      {
        path: 'paths/a.yaml',
        line: 3,
        column: 5,
        severity: 'error',
        message: 'Missing $ref pointer "#/nope". Token "nope" does not exist.',
      },
    ]);
  });

  it('gives a Swagger 2.0 spec rule’s message without Swagger Parser’s prefix', async () => {
    const [spec] = await specs({
      'swagger.yaml': `swagger: "2.0"\n${info}paths:\n  /a/{id}:\n    get:\n      responses:\n        "200": {description: x}\n`,
    });
    expect(spec?.problems).toEqual([
      {
        path: 'swagger.yaml',
        line: 5,
        column: 5,
        severity: 'error',
        message: '/paths/a/{id}/get is missing path parameter(s) for {id}',
      },
    ]);
  });

  it('counts no operations in a path item that is null', () => {
    expect(countOperations({ paths: { '/a': null, '/b': { get: {} } } })).toBe(1);
  });
});
