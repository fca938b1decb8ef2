import frameworks from '../data/api-frameworks.json' with { type: 'json' };
import type { Snapshot } from '../../src/snapshot/snapshot.js';
import { lineOf, memoise } from '../../src/snapshot/snapshot.js';
import { isThirdPartyPath, MANIFEST_GLOBS, readManifests, type Ecosystem } from './manifests.js';
import { findDependencies, packageMatcher } from './package-patterns.js';

/** Something in the tree that says the repository serves an interface. */
export interface ApiSignal {
  kind: 'framework' | 'dockerfile-expose' | 'serverless' | 'api-gateway' | 'aspnet-web-sdk';
  /** What was found: `Express (express)`, `EXPOSE 8080`, `AWS::ApiGateway::RestApi`. */
  name: string;
  path: string;
  line: number;
}

/** A library that generates the OpenAPI document only while the service runs. */
export interface SpecGenerator {
  id: string;
  name: string;
  /** How to export and commit the document with this library. */
  export: string;
  docs: string;
  path: string;
  line: number;
  packageName: string;
}

interface FrameworkEntry {
  name: string;
  ecosystems: Ecosystem[];
  packages: string[];
}
interface GeneratorEntry extends FrameworkEntry {
  id: string;
  export: string;
  docs: string;
}

const WEB_FRAMEWORKS = frameworks.webFrameworks as FrameworkEntry[];
const SPEC_GENERATORS = frameworks.specGenerators as GeneratorEntry[];

export const DOCKERFILE_GLOBS = [
  '**/Dockerfile',
  '**/Dockerfile.*',
  '**/*.Dockerfile',
  '**/*.dockerfile',
  '**/Containerfile',
];
/** Serverless Framework, AWS SAM/CloudFormation and Terraform files that declare an HTTP API. */
export const GATEWAY_GLOBS = ['**/serverless.{yml,yaml,json}', '**/*.tf', '**/template.{yml,yaml,json}'];
export const API_SIGNAL_GLOBS: readonly string[] = [...MANIFEST_GLOBS, ...DOCKERFILE_GLOBS, ...GATEWAY_GLOBS];

const DOCKERFILE = /(^|\/)([^/]*\.)?(Dockerfile|dockerfile|Containerfile)(\.[^/]*)?$/;
const EXPOSE = /^[ \t]*EXPOSE[ \t]+([^\n#]+)/gim;
/**
 * Ports of databases, caches and brokers (PostgreSQL, MySQL, SQL Server, Oracle, Redis, MongoDB,
 * Elasticsearch, RabbitMQ, Memcached): an image exposing only these is a data store, not an API.
 */
const DATA_STORE_PORTS = new Set([
  '5432',
  '3306',
  '1433',
  '1521',
  '6379',
  '27017',
  '9200',
  '9300',
  '5672',
  '11211',
]);
/**
 * Images that serve files, not an API: nginx (official, `nginxinc/nginx-unprivileged`), Apache httpd,
 * Caddy, lighttpd and static-web-server. A front end built into one of these exposes a port to serve
 * pages; other signals (a framework, a gateway) still count. Matched on the image's own name, so
 * any registry, namespace, tag or digest (`docker.io/library/httpd:2.4`) is the same image.
 */
const STATIC_WEB_SERVER_IMAGES = new Set([
  'nginx',
  'nginx-unprivileged',
  'httpd',
  'caddy',
  'lighttpd',
  'static-web-server',
]);
/** `FROM [--platform=…] image [AS name]`: https://docs.docker.com/reference/dockerfile/#from */
const FROM = /^[ \t]*FROM[ \t]+(?:--\S+[ \t]+)*(\S+)(?:[ \t]+AS[ \t]+(\S+))?/gim;

/** `registry:5000/ns/name:tag@sha256:…` → `name`. */
function imageName(reference: string): string {
  const path = reference.split('@')[0] as string;
  const name = path.slice(path.lastIndexOf('/') + 1);
  const colon = name.indexOf(':');
  return (colon === -1 ? name : name.slice(0, colon)).toLowerCase();
}

/**
 * The base image of a Dockerfile's final stage (what the built image runs), following a stage
 * built `FROM` an earlier stage back to that stage's image.
 */
export function finalStageImage(dockerfile: string): string | undefined {
  const stages = new Map<string, string>();
  let final: string | undefined;
  for (const m of dockerfile.matchAll(FROM)) {
    const reference = m[1] as string;
    final = stages.get(reference.toLowerCase()) ?? reference;
    if (m[2]) stages.set(m[2].toLowerCase(), final);
  }
  return final;
}

/** Whether the image a Dockerfile builds is a static web server. */
export function servesStaticFiles(dockerfile: string): boolean {
  const image = finalStageImage(dockerfile);
  return image !== undefined && STATIC_WEB_SERVER_IMAGES.has(imageName(image));
}

const SERVERLESS = /(^|\/)serverless\.(ya?ml|json)$/;
/** Events that put a function behind API Gateway: https://www.serverless.com/framework/docs/providers/aws/events/apigateway */
const SERVERLESS_HTTP = /^[ \t-]*(http|httpApi|websocket)[ \t]*:/m;
const GATEWAY_RESOURCE =
  /AWS::ApiGateway::RestApi|AWS::ApiGatewayV2::Api|AWS::Serverless::(Http)?Api|aws_api_gateway_rest_api|aws_apigatewayv2_api|azurerm_api_management_api\b|google_api_gateway_api\b/;

function byPattern(entries: readonly FrameworkEntry[]): Partial<Record<Ecosystem, string[]>> {
  const out: Partial<Record<Ecosystem, string[]>> = {};
  for (const entry of entries) for (const e of entry.ecosystems) (out[e] ??= []).push(...entry.packages);
  return out;
}

function entryFor<T extends FrameworkEntry>(
  entries: readonly T[],
  ecosystem: Ecosystem,
  name: string,
): T | undefined {
  return entries.find((e) => e.ecosystems.includes(ecosystem) && packageMatcher(e.packages, ecosystem)(name));
}

/**
 * Whether the repository serves an interface: web or RPC frameworks among its runtime
 * dependencies, an ASP.NET web project, `EXPOSE` in a Dockerfile (unless it builds a static web
 * server image), or an API gateway declared
 * in serverless, SAM, CloudFormation or Terraform files.
 */
export const apiSignals = memoise((snapshot: Snapshot): ApiSignal[] => {
  const signals: ApiSignal[] = [];
  const manifests = readManifests(snapshot);
  for (const hit of findDependencies(manifests, byPattern(WEB_FRAMEWORKS), { includeDev: false })) {
    const entry = entryFor(WEB_FRAMEWORKS, hit.manifest.ecosystem, hit.dependency.name);
    signals.push({
      kind: 'framework',
      name: `${entry?.name ?? hit.dependency.name} (${hit.dependency.name})`,
      path: hit.manifest.path,
      line: hit.dependency.line,
    });
  }
  for (const { path } of snapshot.files) {
    if (isThirdPartyPath(path)) continue;
    const isDockerfile = DOCKERFILE.test(path);
    const isCsproj = path.endsWith('.csproj');
    const isServerless = SERVERLESS.test(path);
    const isGateway = /\.(tf|ya?ml|json)$/.test(path) && !isServerless;
    if (!isDockerfile && !isCsproj && !isServerless && !isGateway) continue;
    const text = snapshot.text(path);
    if (text === undefined) continue;
    if (isDockerfile) {
      // A port a static web server listens on serves pages; earlier stages are not in the image.
      if (servesStaticFiles(text)) continue;
      for (const m of text.matchAll(EXPOSE)) {
        const ports = (m[1] as string).trim().split(/\s+/);
        if (ports.every((p) => DATA_STORE_PORTS.has(p.replace(/\/(tcp|udp)$/, '')))) continue;
        signals.push({
          kind: 'dockerfile-expose',
          name: `EXPOSE ${(m[1] as string).trim()}`,
          path,
          line: lineOf(text, m.index),
        });
      }
    } else if (isCsproj) {
      // The Web SDK is what ASP.NET Core projects build with: https://learn.microsoft.com/aspnet/core/razor-pages/web-sdk
      const sdk = /Sdk\s*=\s*"Microsoft\.NET\.Sdk\.Web"/.exec(text);
      if (sdk)
        signals.push({
          kind: 'aspnet-web-sdk',
          name: 'Microsoft.NET.Sdk.Web',
          path,
          line: lineOf(text, sdk.index),
        });
    } else if (isServerless) {
      const http = SERVERLESS_HTTP.exec(text);
      if (http)
        signals.push({
          kind: 'serverless',
          name: `serverless ${http[1] as string} event`,
          path,
          line: lineOf(text, http.index),
        });
    } else if (
      /\.tf$/.test(path) ||
      /(^|\/)template\.(ya?ml|json)$/.test(path) ||
      text.includes('AWSTemplateFormatVersion')
    ) {
      const gateway = GATEWAY_RESOURCE.exec(text);
      if (gateway)
        signals.push({ kind: 'api-gateway', name: gateway[0], path, line: lineOf(text, gateway.index) });
    }
  }
  return signals;
});

/** Runtime OpenAPI generators among the runtime dependencies. */
export const specGenerators = memoise((snapshot: Snapshot): SpecGenerator[] => {
  const manifests = readManifests(snapshot);
  return findDependencies(manifests, byPattern(SPEC_GENERATORS), { includeDev: false }).flatMap((hit) => {
    const entry = entryFor(SPEC_GENERATORS, hit.manifest.ecosystem, hit.dependency.name);
    if (!entry) return [];
    return [
      {
        id: entry.id,
        name: entry.name,
        export: entry.export,
        docs: entry.docs,
        path: hit.manifest.path,
        line: hit.dependency.line,
        packageName: hit.dependency.name,
      },
    ];
  });
});
