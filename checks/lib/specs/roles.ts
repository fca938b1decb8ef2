import type { Snapshot } from '../../../src/snapshot/snapshot.js';
import { lineOf, memoise } from '../../../src/snapshot/snapshot.js';
import { asRecord, parseJson } from '../manifests/text.js';
import { groups } from '../groups.js';
import { dirOf, joinPosix } from './documents.js';

/**
 * What a specification in the tree is to the repository. Only a `served` spec describes an
 * interface the repository publishes; the others are reported for what they are.
 */
export type SpecRole = 'served' | 'client' | 'test-fixture';

/** A spec that is the input of a code generator, and what that generator makes of it. */
export interface GeneratorInput {
  /** The spec the generator reads. */
  spec: string;
  /** Where the generator is configured. */
  config: string;
  line: number;
  /** The generator as named there (`typescript-axios`, `spring`), when it is. */
  generator?: string;
  /** A generator that writes clients (the spec is another service's) or server stubs (this one's). */
  makes: 'client' | 'server';
}

/**
 * Directories of tests, test data and mocks: a spec there is a fixture for a test or a stand-in
 * for another service, not a published description of this one. `spec/` and `specs/` are where
 * specifications are published, so they do not count here.
 */
const TEST_DIR =
  /(?:^|\/)(?:tests?|__tests__|testdata|test[-_]data|test[-_]?fixtures|fixtures?|__fixtures__|testing|mocks?|__mocks__|wiremock|e2e|integration[-_]tests?|contract[-_]tests?)\//i;
/** Copies of other people's specifications kept in the tree. */
const VENDORED_DIR = /(?:^|\/)(?:third[-_]?party|vendored|external[-_]specs?)\//i;

export function isTestFixturePath(path: string): boolean {
  return TEST_DIR.test(path);
}

/**
 * FHIR names example instances `<type>-example…` (patient-example.xml, codesystem-example.xml) and
 * keeps them under `examples/`: a resource there illustrates a specification, it does not publish one.
 */
const FHIR_EXAMPLE = /(?:^|\/)examples?\/|(?:^|\/|[-_])examples?(?=[-_.])[^/]*$/i;

export function isFhirExamplePath(path: string): boolean {
  return FHIR_EXAMPLE.test(path);
}

export function isVendoredPath(path: string): boolean {
  return VENDORED_DIR.test(path);
}

/**
 * openapi-generator and swagger-codegen generators that write server code (stubs, controllers,
 * interfaces): a spec they read is the repository's own interface, designed first.
 * https://openapi-generator.tech/docs/generators
 */
const SERVER_GENERATOR =
  /(?:^|[-_.])(?:server|spring|jaxrs|aspnetcore|flask|fastapi|aiohttp|blueplanet|laravel|lumen|symfony|slim4?|mezzio|rails|sinatra|gin|echo|chi|express|nestjs|undertow|vertx|play-framework|helidon|axum|actix|yesod|pistache|restbed|inflector|msf4j|pkmst|ktor|camel|scalatra|finch)(?=[-_.]|$)/i;

function makes(generator: string | undefined): 'client' | 'server' {
  if (generator === undefined) return 'client';
  if (/client/i.test(generator)) return 'client';
  // `openapi` and `openapi-yaml` write the spec itself (bundled, for publishing): it is this one's.
  if (/^openapi(?:-yaml)?$/i.test(generator)) return 'server';
  return SERVER_GENERATOR.test(generator) ? 'server' : 'client';
}

/** A path as a build file writes it, relative to the repository root; undefined when it is a URL or unresolved. */
function resolvePath(raw: string, buildDir: string): string | undefined {
  const value = raw.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !value.startsWith('file:')) return undefined;
  const rooted = /^\$\{?rootDir\}?\/|^\$\{?rootProject\.projectDir\}?\//.test(value);
  const stripped = value
    .replace(/^file:(\/\/)?/, '')
    .replace(
      /^\$\{?(?:project\.basedir|basedir|pom\.basedir|project\.projectDir|projectDir|rootDir|rootProject\.projectDir|maven\.multiModuleProjectDirectory)\}?\/?/,
      '',
    );
  if (/\$\{?[\w.]+\}?/.test(stripped)) return undefined;
  return joinPosix(rooted ? '' : buildDir, stripped);
}

/** Bounded look-ups: a build file is read as text, never with a pattern that can run away. */
const POM_INPUT = /<inputSpec>\s*(?<spec>[^<]{1,500})<\/inputSpec>/g;
const POM_GENERATOR = /<(?:generatorName|language)>\s*([^<\s]{1,100})\s*<\/(?:generatorName|language)>/;
const GRADLE_INPUT = /\binputSpec\s*(?:=|\.set\s*\()\s*(?:file\s*\(\s*)?["'](?<spec>[^"'\n]{1,500})["']/g;
const GRADLE_GENERATOR = /\bgeneratorName\s*(?:=|\.set\s*\()\s*["']([^"'\n]{1,100})["']/;
const SCRIPT_TOOL =
  /\b(?<tool>openapi-generator(?:-cli)?|swagger-codegen(?:-cli)?|openapi-typescript-codegen|openapi-typescript|openapi-ts|swagger-typescript-api|openapi-zod-client|orval|kiota|autorest|nswag|openapi-python-client)\b(?<args>[^&|;]{0,400})/g;
const SCRIPT_INPUT =
  /(?:^|\s)(?:-i|--input(?:-spec)?|--spec|-p|--path|--input-file|--openapi)[=\s]+["']?([^\s"']{1,300})/;
const SCRIPT_POSITIONAL = /(?:^|\s)["']?([^\s"'-][^\s"']{0,300}\.(?:ya?ml|json))["']?/;
const SCRIPT_GENERATOR = /(?:^|\s)(?:-g|--generator-name|--generator)[=\s]+["']?([^\s"']{1,100})/;

/** The enclosing `<configuration>…</configuration>` of a Maven plugin, around an offset. */
function enclosing(text: string, offset: number, open: string, close: string): string {
  const start = text.lastIndexOf(open, offset);
  const end = text.indexOf(close, offset);
  return text.slice(start === -1 ? Math.max(0, offset - 2000) : start, end === -1 ? offset + 2000 : end);
}

function fromPom(path: string, text: string): GeneratorInput[] {
  if (!/openapi-generator-maven-plugin|swagger-codegen-maven-plugin/.test(text)) return [];
  const out: GeneratorInput[] = [];
  for (const m of text.matchAll(POM_INPUT)) {
    const spec = resolvePath(groups(m, 'spec').spec, dirOf(path));
    if (!spec) continue;
    const generator = POM_GENERATOR.exec(enclosing(text, m.index, '<configuration', '</configuration>'))?.[1];
    out.push({
      spec,
      config: path,
      line: lineOf(text, m.index),
      ...(generator ? { generator } : {}),
      makes: makes(generator),
    });
  }
  return out;
}

function fromGradle(path: string, text: string): GeneratorInput[] {
  const out: GeneratorInput[] = [];
  for (const m of text.matchAll(GRADLE_INPUT)) {
    const spec = resolvePath(groups(m, 'spec').spec, dirOf(path));
    if (!spec) continue;
    // The generator is named in the same task block, a few lines away.
    const generator = GRADLE_GENERATOR.exec(text.slice(Math.max(0, m.index - 1500), m.index + 1500))?.[1];
    out.push({
      spec,
      config: path,
      line: lineOf(text, m.index),
      ...(generator ? { generator } : {}),
      makes: makes(generator),
    });
  }
  return out;
}

/** openapi-generator-cli's openapitools.json: `generator-cli.generators.<name>.{inputSpec, generatorName}`. */
function fromOpenapitools(path: string, text: string): GeneratorInput[] {
  const parsed = parseJson(text);
  if ('error' in parsed) return [];
  const generators = asRecord(asRecord(asRecord(parsed.value)?.['generator-cli'])?.generators) ?? {};
  return Object.values(generators).flatMap((g) => {
    const config = asRecord(g);
    const input = config?.inputSpec;
    if (typeof input !== 'string') return [];
    const spec = resolvePath(input.replace(/^#\{cwd\}\//, ''), dirOf(path));
    const generator = typeof config?.generatorName === 'string' ? config.generatorName : undefined;
    if (!spec) return [];
    const at = text.indexOf(JSON.stringify(input));
    return [
      {
        spec,
        config: path,
        line: lineOf(text, Math.max(0, at)),
        ...(generator ? { generator } : {}),
        makes: makes(generator),
      },
    ];
  });
}

/** npm scripts that run a generator: `openapi-generator-cli generate -i spec.yaml -g typescript-axios`. */
function fromPackageJson(path: string, text: string): GeneratorInput[] {
  const parsed = parseJson(text);
  if ('error' in parsed) return [];
  const scripts = asRecord(asRecord(parsed.value)?.scripts) ?? {};
  const out: GeneratorInput[] = [];
  for (const command of Object.values(scripts)) {
    if (typeof command !== 'string') continue;
    for (const m of command.matchAll(SCRIPT_TOOL)) {
      const { tool, args } = groups(m, 'tool', 'args');
      const input = SCRIPT_INPUT.exec(args)?.[1] ?? SCRIPT_POSITIONAL.exec(args)?.[1];
      if (!input) continue;
      const spec = resolvePath(input, dirOf(path));
      if (!spec) continue;
      const generator =
        SCRIPT_GENERATOR.exec(args)?.[1] ??
        (/openapi-generator|swagger-codegen/.test(tool) ? undefined : tool);
      const at = text.indexOf(input);
      out.push({
        spec,
        config: path,
        line: lineOf(text, Math.max(0, at)),
        ...(generator ? { generator } : {}),
        makes: makes(generator),
      });
    }
  }
  return out;
}

/** NSwag's nswag.json: a document read `fromDocument`, turned into clients or controllers. */
function fromNswag(path: string, text: string): GeneratorInput[] {
  const parsed = parseJson(text);
  if ('error' in parsed) return [];
  const root = asRecord(parsed.value);
  const from = asRecord(asRecord(root?.documentGenerator)?.fromDocument);
  const input = typeof from?.url === 'string' ? from.url : undefined;
  const spec = input ? resolvePath(input, dirOf(path)) : undefined;
  if (!spec) return [];
  const generators = Object.keys(asRecord(root?.codeGenerators) ?? {});
  const generator = generators.find((g) => /controller/i.test(g)) ?? generators[0];
  return [
    {
      spec,
      config: path,
      line: lineOf(text, Math.max(0, text.indexOf('fromDocument'))),
      ...(generator ? { generator } : {}),
      makes: generator && /controller/i.test(generator) ? 'server' : 'client',
    },
  ];
}

/** Build files that can configure a generator; spec discovery reads them as well. */
export const GENERATOR_CONFIG_GLOBS: readonly string[] = [
  '**/pom.xml',
  '**/build.gradle',
  '**/build.gradle.kts',
  '**/openapitools.json',
  '**/package.json',
  '**/nswag.json',
  '**/*.nswag',
];

const READERS: readonly [RegExp, (path: string, text: string) => GeneratorInput[]][] = [
  [/(^|\/)pom\.xml$/, fromPom],
  [/(^|\/)build\.gradle(\.kts)?$/, fromGradle],
  [/(^|\/)openapitools\.json$/, fromOpenapitools],
  [/(^|\/)package\.json$/, fromPackageJson],
  [/(^|\/)nswag\.json$|\.nswag$/, fromNswag],
];

/** Every spec a code generator in the tree reads, by the spec's path. */
export const generatorInputs = memoise((snapshot: Snapshot): Map<string, GeneratorInput> => {
  const out = new Map<string, GeneratorInput>();
  for (const { path } of snapshot.files) {
    const reader = READERS.find(([pattern]) => pattern.test(path))?.[1];
    if (!reader || /(^|\/)node_modules\//.test(path)) continue;
    const text = snapshot.text(path);
    if (text === undefined) continue;
    for (const input of reader(path, text)) {
      // A server stub generator says the spec is this repository's own, whatever else reads it.
      const known = out.get(input.spec);
      if (!known || (known.makes === 'client' && input.makes === 'server')) out.set(input.spec, input);
    }
  }
  return out;
});
