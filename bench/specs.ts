import SwaggerParser from '@apidevtools/swagger-parser';
import nock from 'nock';
import { parse as parseYaml } from 'yaml';
import { discoverInterfaceSpecs, SPEC_DETECTORS } from '../checks/lib/specs/index.js';
import { Snapshot } from '../src/snapshot/snapshot.js';
import type { FileContent, FileEntry, SnapshotData } from '../src/snapshot/types.js';

/**
 * Spec discovery and validation on a generated tree: 200 interface specs of every format among
 * 50,000 other files (10,000 of them YAML/JSON/XML that discovery must sniff and reject). The
 * peer is Swagger Parser's own `validate()` with default options on the same OpenAPI documents.
 * Network access is disabled with nock; any attempt to fetch is counted and reported.
 */

const SPEC_MIX = {
  openapi: 70,
  openapiMultiFile: 10,
  swagger: 20,
  asyncapi: 30,
  graphql: 20,
  protobuf: 20,
  wsdl: 10,
  fhirJson: 12,
  fhirXml: 8,
};
const OTHER_FILES = 50_000;
const OTHER_CANDIDATES = 10_000;

function openapi(i: number, remote: boolean): string {
  const paths = Array.from({ length: 10 }, (_, p) =>
    [
      `  /r${i}/items${p}/{id}:`,
      '    parameters:',
      '      - {name: id, in: path, required: true, schema: {type: string}}',
      '    get:',
      `      operationId: get${i}x${p}`,
      '      responses:',
      "        '200':",
      '          description: ok',
      '          content:',
      '            application/json:',
      "              schema: {$ref: '#/components/schemas/Item'}",
      '    delete:',
      `      operationId: del${i}x${p}`,
      "      responses: {'204': {description: gone}}",
    ].join('\n'),
  );
  return [
    `openapi: ${i % 2 === 0 ? '3.0.3' : '3.1.0'}`,
    `info: {title: Service ${i}, version: 1.0.${i}}`,
    'paths:',
    ...paths,
    ...(remote ? ["  /shared:\n    $ref: 'https://example.org/shared.yaml#/paths/shared'"] : []),
    'components:',
    '  schemas:',
    '    Item:',
    '      type: object',
    '      required: [id]',
    '      properties: {id: {type: string}, name: {type: string}, size: {type: integer, minimum: 0}}',
  ].join('\n');
}

function buildTree(): SnapshotData {
  const files: Record<string, string> = {};
  let n = 0;
  for (let i = 0; i < SPEC_MIX.openapi; i++)
    files[`services/s${n++}/api/contract.yaml`] = openapi(i, i % 10 === 0);
  for (let i = 0; i < SPEC_MIX.openapiMultiFile; i++) {
    const dir = `services/s${n++}/openapi`;
    files[`${dir}/root.yaml`] =
      `openapi: 3.0.3\ninfo: {title: Split ${i}, version: '1'}\npaths:\n  /a:\n    $ref: './paths/a.yaml'\n  /b:\n    $ref: './paths/b.yaml'\n`;
    files[`${dir}/paths/a.yaml`] =
      "get:\n  responses:\n    '200': {description: ok, content: {application/json: {schema: {$ref: '../schemas.yaml#/Thing'}}}}\n";
    files[`${dir}/paths/b.yaml`] = "post:\n  responses:\n    '201': {description: made}\n";
    files[`${dir}/schemas.yaml`] = 'Thing:\n  type: object\n  properties: {id: {type: string}}\n';
  }
  for (let i = 0; i < SPEC_MIX.swagger; i++) {
    files[`legacy/l${n++}/swagger.json`] = JSON.stringify(
      {
        swagger: '2.0',
        info: { title: `Legacy ${i}`, version: '1' },
        paths: { [`/x${i}`]: { get: { responses: { 200: { description: 'ok' } } } } },
      },
      null,
      2,
    );
  }
  for (let i = 0; i < SPEC_MIX.asyncapi; i++) {
    files[`events/e${n++}/asyncapi.yml`] =
      `asyncapi: ${i % 2 ? '3.0.0' : '2.6.0'}\ninfo: {title: Events ${i}, version: '1'}\n${
        i % 2
          ? 'channels:\n  c:\n    address: a.b\noperations:\n  o:\n    action: send\n    channel: {$ref: "#/channels/c"}\n'
          : 'channels:\n  a/b:\n    subscribe:\n      message: {payload: {type: string}}\n'
      }`;
  }
  for (let i = 0; i < SPEC_MIX.graphql; i++)
    files[`graph/g${n++}/schema.graphql`] =
      `type Query {\n  thing${i}(id: ID!): Thing${i}\n}\ntype Thing${i} {\n  id: ID!\n  name: String\n}\n`;
  for (let i = 0; i < SPEC_MIX.protobuf; i++) {
    files[`proto/p${n++}/svc.proto`] =
      `syntax = "proto3";\npackage p${i}.v1;\nservice S${i} {\n  rpc Get (Req) returns (Res);\n  rpc List (Req) returns (stream Res);\n}\nmessage Req { string id = 1; }\nmessage Res { string id = 1; int32 n = 2; }\n`;
  }
  for (let i = 0; i < SPEC_MIX.wsdl; i++) {
    files[`soap/w${n++}/service.wsdl`] =
      `<?xml version="1.0"?>\n<wsdl:definitions name="S${i}" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"><wsdl:portType name="P"><wsdl:operation name="a"/><wsdl:operation name="b"/></wsdl:portType></wsdl:definitions>\n`;
  }
  for (let i = 0; i < SPEC_MIX.fhirJson; i++) {
    files[`fhir/f${n++}/CapabilityStatement.json`] = JSON.stringify(
      {
        resourceType: 'CapabilityStatement',
        status: 'active',
        date: '2026-01-01',
        kind: 'instance',
        fhirVersion: '4.0.1',
        format: ['json'],
        rest: [{ mode: 'server', resource: [{ type: 'Patient', interaction: [{ code: 'read' }] }] }],
      },
      null,
      2,
    );
  }
  for (let i = 0; i < SPEC_MIX.fhirXml; i++) {
    files[`fhir/x${n++}/StructureDefinition.xml`] =
      `<StructureDefinition xmlns="http://hl7.org/fhir"><url value="https://x/${i}"/><name value="P${i}"/><status value="draft"/><kind value="resource"/><abstract value="false"/><type value="Patient"/></StructureDefinition>\n`;
  }
  // Non-spec candidates: configuration, translations, fixtures, build files that must be sniffed and dropped.
  for (let i = 0; i < OTHER_CANDIDATES; i++) {
    const kind = i % 4;
    const path = `app/m${i % 500}/${['config.yaml', 'messages.json', 'pom.xml', 'data.json'][kind]}`.replace(
      'm',
      `m${i}-`,
    );
    files[path] =
      kind === 0
        ? `server:\n  port: ${8000 + (i % 100)}\nlogging: {level: info}\nfeatures: [a, b, c]\n`
        : kind === 1
          ? JSON.stringify({
              greeting: 'Hello',
              farewell: 'Goodbye',
              items: Array.from({ length: 20 }, (_, k) => `item ${k}`),
            })
          : kind === 2
            ? '<project><modelVersion>4.0.0</modelVersion><artifactId>x</artifactId></project>'
            : JSON.stringify({ rows: Array.from({ length: 30 }, (_, k) => ({ id: k, value: k * i })) });
  }
  const entries: FileEntry[] = [];
  const contents: Record<string, FileContent> = {};
  for (const [path, text] of Object.entries(files)) {
    entries.push({ path, size: Buffer.byteLength(text) });
    contents[path] = { kind: 'text', text };
  }
  // The rest are listed only: source code and assets whose contents no spec check wants.
  const total = OTHER_FILES + entries.length - OTHER_CANDIDATES;
  for (let i = entries.length; i < total; i++)
    entries.push({ path: `src/pkg${i % 700}/file${i}.ts`, size: 1200 });
  entries.sort((a, b) => a.path.localeCompare(b.path));
  return {
    target: { kind: 'local', path: '/bench' },
    now: '2026-11-23T12:00:00Z',
    files: entries,
    contents,
    facts: {},
    complete: true,
  };
}

function ms(n: number): string {
  return n.toFixed(n < 10 ? 2 : 0);
}

/** Median wall time of `runs` calls, and the last result. */
async function timed<T>(runs: number, fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const times: number[] = [];
  let result: T | undefined;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)] as number, result: result as T };
}

export async function run(): Promise<void> {
  nock.disableNetConnect();
  let attemptedRequests = 0;
  const onNoMatch = (): void => void attemptedRequests++;
  nock.emitter.on('no match', onNoMatch);
  try {
    let t = performance.now();
    const data = buildTree();
    const buildMs = performance.now() - t;
    const specCount = Object.values(SPEC_MIX).reduce((a, b) => a + b, 0);
    const openapiPaths = data.files.map((f) => f.path).filter((p) => p.endsWith('/contract.yaml'));
    const openapiOnly: SnapshotData = {
      ...data,
      files: data.files.filter((f) => openapiPaths.includes(f.path)),
    };

    // Cold: the first discovery in the process also compiles the OpenAPI/AsyncAPI validators.
    t = performance.now();
    await discoverInterfaceSpecs(new Snapshot(data));
    const coldMs = performance.now() - t;

    // Sniff only: every candidate looked at once by every detector that could claim it.
    const sniff = await timed(3, async () => {
      let hits = 0;
      for (const { path } of data.files) {
        const c = data.contents[path];
        if (c?.kind !== 'text') continue;
        const ext = path.slice(path.lastIndexOf('.') + 1);
        if (SPEC_DETECTORS.some((d) => d.extensions.includes(ext) && d.sniff({ path, text: c.text }))) hits++;
      }
      return hits;
    });
    // Warm: a new snapshot each time, so nothing is memoised but the compiled validators.
    const warm = await timed(3, () => discoverInterfaceSpecs(new Snapshot(data)));
    const oursOpenapi = await timed(3, () => discoverInterfaceSpecs(new Snapshot(openapiOnly)));
    // Peer: Swagger Parser's validate() with its defaults on the same documents (it compiles the
    // OpenAPI schema on every call). Remote refs are removed so the peer does not try the network.
    const peer = await timed(1, async () => {
      for (const path of openapiPaths) {
        const api = parseYaml((data.contents[path] as { text: string }).text) as {
          paths: Record<string, unknown>;
        };
        delete api.paths['/shared'];
        await SwaggerParser.validate(api as never);
      }
    });

    const specs = warm.result.specs;
    const byFormat = new Map<string, number>();
    for (const s of specs) byFormat.set(s.format, (byFormat.get(s.format) ?? 0) + 1);
    const remote = specs.reduce(
      (n, s) => n + s.unresolvedRefs.filter((r) => r.reason === 'remote').length,
      0,
    );
    const invalid = specs.filter((s) => !s.valid).map((s) => `${s.path}: ${s.problems[0]?.message ?? ''}`);

    console.log(
      `Tree: ${data.files.length} files (${Object.keys(data.contents).length} with contents), ${specCount} specs; built in ${ms(buildMs)} ms.`,
    );
    console.log(
      `Found ${specs.length} specs (${[...byFormat].map(([f, c]) => `${f} ${c}`).join(', ')}); ${warm.result.candidates} candidates sniffed, ${sniff.result} claimed; ${invalid.length} invalid.`,
    );
    if (invalid.length > 0) console.log(`  first invalid: ${invalid.slice(0, 3).join(' | ')}`);
    console.log(
      `Remote $refs reported unresolved: ${remote}; network requests attempted: ${attemptedRequests}.`,
    );
    console.log('Median of 3 runs (peer: 1 run).\n');
    const peerPer = peer.ms / openapiPaths.length;
    console.log('| run | specs | total ms | ms per spec | vs peer ms per spec |');
    console.log('|---|---:|---:|---:|---:|');
    const row = (name: string, count: number, total: number, ratio: boolean): void =>
      console.log(
        `| ${name} | ${count} | ${ms(total)} | ${ms(total / count)} | ${ratio ? `${(total / count / peerPer).toFixed(2)}×` : '—'} |`,
      );
    row(`sniff only, ${data.files.length} paths`, specCount, sniff.ms, false);
    row('discover + validate all formats, cold', specs.length, coldMs, true);
    row('discover + validate all formats, warm', specs.length, warm.ms, true);
    row(
      'discover + validate, single-file OpenAPI only',
      oursOpenapi.result.specs.length,
      oursOpenapi.ms,
      true,
    );
    row('peer: SwaggerParser.validate() defaults, same OpenAPI', openapiPaths.length, peer.ms, true);
    if (attemptedRequests > 0)
      throw new Error(`spec discovery tried the network ${attemptedRequests} time(s)`);
  } finally {
    nock.emitter.removeListener('no match', onNoMatch);
    nock.enableNetConnect();
  }
}
