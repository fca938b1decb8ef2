import frameworks from '../data/api-frameworks.json' with { type: 'json' };
import type { Snapshot } from '../../src/snapshot/snapshot.js';
import { lineOf, memoise } from '../../src/snapshot/snapshot.js';
import {
  isThirdPartyPath,
  MANIFEST_GLOBS,
  readManifests,
  type Ecosystem,
  type Manifest,
  type ManifestDependency,
} from './manifests.js';
import {
  findDependencies,
  normalisePackageName,
  packageMatcher,
  type DependencyHit,
} from './package-patterns.js';
import { isInTestOrExampleDirectory } from './paths.js';
import { groups } from './groups.js';

/** Something in the tree that says the repository serves an interface. */
export interface ApiSignal {
  kind: 'framework' | 'controller' | 'dockerfile-expose' | 'serverless' | 'api-gateway' | 'aspnet-web-sdk';
  /** What was found: `Express (express)`, `@RestController`, `EXPOSE 8080`, `AWS::ApiGateway::RestApi`. */
  name: string;
  path: string;
  line: number;
}

/** A sign that was looked at and set aside, with why. */
export interface SetAsideSignal extends ApiSignal {
  reason: 'test-or-example' | 'client-library' | 'transitive' | 'web-front-end';
}

/** A general web framework that renders pages on the server here, and what shows it. */
export interface WebFrontEnd {
  name: string;
  path: string;
  line: number;
  /** A page renderer dependency (`nunjucks`) or a template file (`app/views/home/index.html.erb`). */
  pages: string;
}

/** Whether the repository serves an interface, with the evidence for and against. */
export interface InterfaceInference {
  /** Signs that count: the repository serves an interface. */
  signals: ApiSignal[];
  /** Frameworks that serve web pages rendered on the server, not an API. */
  webFrontEnds: WebFrontEnd[];
  /** Signs that do not count on their own. */
  setAside: SetAsideSignal[];
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
  servesPages?: boolean;
  alsoClient?: boolean;
}
interface GeneratorEntry extends FrameworkEntry {
  id: string;
  export: string;
  docs: string;
}
type PackagesByEcosystem = Partial<Record<Ecosystem, string[]>>;

const WEB_FRAMEWORKS = frameworks.webFrameworks as FrameworkEntry[];
const SPEC_GENERATORS = frameworks.specGenerators as GeneratorEntry[];
const withoutDescription = (table: Record<string, unknown>): PackagesByEcosystem =>
  Object.fromEntries(Object.entries(table).filter(([key]) => key !== 'description')) as PackagesByEcosystem;
const PAGE_RENDERERS = withoutDescription(frameworks.pageRenderers);
const API_LIBRARIES = withoutDescription(frameworks.apiLibraries);

export const DOCKERFILE_GLOBS = [
  '**/Dockerfile',
  '**/Dockerfile.*',
  '**/*.Dockerfile',
  '**/*.dockerfile',
  '**/Containerfile',
];
/** Serverless Framework, AWS SAM/CloudFormation and Terraform files that declare an HTTP API. */
export const GATEWAY_GLOBS = ['**/serverless.{yml,yaml,json}', '**/*.tf', '**/template.{yml,yaml,json}'];
/**
 * Java and Kotlin classes named as web controllers and JAX-RS resources are by convention
 * (`PatientController.java`, `CaseResource.kt`): their annotations say whether they serve an API.
 */
export const CONTROLLER_GLOBS = ['**/*{Controller,Resource,Endpoint,Endpoints,Api,Rest}.{java,kt}'];
/** Rails says in config/application.rb whether the app is API-only. */
const RAILS_CONFIG = 'config/application.rb';
export const API_SIGNAL_GLOBS: readonly string[] = [
  ...MANIFEST_GLOBS,
  ...DOCKERFILE_GLOBS,
  ...GATEWAY_GLOBS,
  ...CONTROLLER_GLOBS,
  `**/${RAILS_CONFIG}`,
];

const DOCKERFILE = /(^|\/)([^/]*\.)?(Dockerfile|dockerfile|Containerfile)(\.[^/]*)?$/;
const CONTROLLER_FILE = /(Controller|Resource|Endpoints?|Api|Rest)\.(java|kt)$/;
const EXPOSE = /^[ \t]*EXPOSE[ \t]+(?<ports>[^\n#]+)/gim;
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
const FROM = /^[ \t]*FROM[ \t]+(?:--\S+[ \t]+)*(?<image>\S+)(?:[ \t]+AS[ \t]+(?<stage>\S+))?/gim;

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
    const { image, stage } = groups(m, 'image');
    final = stages.get(image.toLowerCase()) ?? image;
    if (stage) stages.set(stage.toLowerCase(), final);
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
const SERVERLESS_HTTP = /^[ \t-]*(?<event>http|httpApi|websocket)[ \t]*:/m;
const GATEWAY_RESOURCE =
  /AWS::ApiGateway::RestApi|AWS::ApiGatewayV2::Api|AWS::Serverless::(Http)?Api|aws_api_gateway_rest_api|aws_apigatewayv2_api|azurerm_api_management_api\b|google_api_gateway_api\b/;

/**
 * Annotations that make a class serve HTTP: Spring's `@RestController` (or `@Controller` with
 * `@ResponseBody`), JAX-RS `@Path` with a `javax.ws.rs`/`jakarta.ws.rs` import, Micronaut's
 * `@Controller`. Spring's `@Controller` alone returns view names: pages, not an API.
 */
function controllerAnnotation(text: string): { name: string; offset: number } | undefined {
  const rest = /@RestController\b/.exec(text);
  if (rest) return { name: '@RestController', offset: rest.index };
  if (/^[ \t]*import[ \t]+(?:javax|jakarta)\.ws\.rs\./m.test(text)) {
    const path = /@Path[ \t]*\(/.exec(text);
    if (path) return { name: 'JAX-RS @Path', offset: path.index };
  }
  if (/^[ \t]*import[ \t]+io\.micronaut\.http\.annotation\./m.test(text)) {
    const micronaut = /@Controller\b/.exec(text);
    if (micronaut) return { name: 'Micronaut @Controller', offset: micronaut.index };
  }
  const controller = /@Controller\b/.exec(text);
  if (controller && /@ResponseBody\b/.test(text))
    return { name: '@Controller with @ResponseBody', offset: controller.index };
  return undefined;
}

/**
 * Page templates, as the frameworks that render them lay them out: Nunjucks, Pug, EJS, Handlebars,
 * Twig, Razor, Go `html/template` (`.gohtml`) and Blade anywhere; ERB, Haml and Slim under Rails' `views/`; HTML under `templates/`
 * (Django, Flask, Thymeleaf) or `views/`. Mail and letter templates say nothing about pages.
 */
const PAGE_TEMPLATE =
  /\.(njk|nunjucks|pug|jade|ejs|hbs|handlebars|twig|cshtml|razor|gohtml)$|\.blade\.php$|(^|\/)views\/.*\.(erb|haml|slim)$|(^|\/)(templates|views)\/.*\.html?$/i;
const NOT_PAGES = /mail|letter|sms|pdf|notification/i;
/** How many templates make a front end: one HTML file under templates/ may be an email body. */
const MIN_TEMPLATES = 3;

const isUnder = (path: string, dir: string): boolean => dir === '' || path.startsWith(`${dir}/`);
const related = (a: string, b: string): boolean => a === b || isUnder(a, b) || isUnder(b, a);
const dirOf = (path: string): string => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');

function byPattern(entries: readonly FrameworkEntry[]): PackagesByEcosystem {
  const out: PackagesByEcosystem = {};
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
 * Whether a dependency pinned in a compiled requirements file (`# via …`) is only there because
 * something else needs it: `tornado` via `jupyter-server` is not the project's web framework.
 * Pulled in by an extension of itself (`flask` via `flask-sqlalchemy`), it is the framework in use.
 */
function onlyTransitive(dependency: ManifestDependency, ecosystem: Ecosystem): boolean {
  if (dependency.via === undefined || dependency.via.length === 0) return false;
  const name = normalisePackageName(dependency.name, ecosystem);
  return dependency.via.every((parent) => {
    if (parent.startsWith('-')) return false; // `-r requirements.in`: asked for directly
    const p = normalisePackageName(parent.split(/\s/)[0] as string, ecosystem);
    return !(p.startsWith(`${name}-`) || p.startsWith(`${name}_`));
  });
}

/** Runtime dependencies matching `patterns`, in the manifests whose directory is `dir` or below it. */
function dependenciesUnder(
  manifests: readonly Manifest[],
  patterns: PackagesByEcosystem,
  dir: string,
): DependencyHit[] {
  return findDependencies(
    manifests.filter((m) => related(m.dir, dir) && !isInTestOrExampleDirectory(m.path)),
    patterns,
    { includeDev: false },
  );
}

/** Files in the tree that matter for inference, collected in one pass. */
interface TreeFacts {
  templates: string[];
  controllers: ApiSignal[];
  apiOnlyRails: string[];
}

function treeFacts(snapshot: Snapshot): TreeFacts {
  const facts: TreeFacts = { templates: [], controllers: [], apiOnlyRails: [] };
  for (const { path } of snapshot.files) {
    if (isThirdPartyPath(path) || isInTestOrExampleDirectory(path)) continue;
    if (PAGE_TEMPLATE.test(path) && !NOT_PAGES.test(path)) facts.templates.push(path);
    else if (CONTROLLER_FILE.test(path)) {
      const text = snapshot.text(path);
      const found = text === undefined ? undefined : controllerAnnotation(text);
      if (found && text !== undefined)
        facts.controllers.push({
          kind: 'controller',
          name: found.name,
          path,
          line: lineOf(text, found.offset),
        });
    } else if (path === RAILS_CONFIG || path.endsWith(`/${RAILS_CONFIG}`)) {
      if (/^[ \t]*config\.api_only[ \t]*=[ \t]*true\b/m.test(snapshot.text(path) ?? ''))
        facts.apiOnlyRails.push(path.slice(0, -RAILS_CONFIG.length).replace(/\/$/, ''));
    }
  }
  return facts;
}

/**
 * What a project in `dir` shows of rendering pages: a page renderer among its dependencies, or
 * enough templates in its tree; undefined when nothing does, or when it also shows an API (an API
 * library, a REST controller, a runtime spec generator, Rails' `api_only`).
 */
function pagesShownBy(
  dir: string,
  manifests: readonly Manifest[],
  facts: TreeFacts,
  generators: readonly SpecGenerator[],
): string | undefined {
  if (dependenciesUnder(manifests, API_LIBRARIES, dir).length > 0) return undefined;
  if (facts.controllers.some((c) => isUnder(c.path, dir))) return undefined;
  if (generators.some((g) => related(dirOf(g.path), dir))) return undefined;
  if (facts.apiOnlyRails.some((root) => related(root, dir))) return undefined;
  const renderer = dependenciesUnder(manifests, PAGE_RENDERERS, dir)[0];
  if (renderer) return `${renderer.dependency.name} in ${renderer.manifest.path}`;
  const templates = facts.templates.filter((t) => isUnder(t, dir));
  if (templates.length >= MIN_TEMPLATES)
    return `${templates.length} page templates, e.g. ${templates[0] as string}`;
  return undefined;
}

/**
 * Whether the repository serves an interface. Counted: web and RPC frameworks among the runtime
 * dependencies, REST controllers and JAX-RS resources, an ASP.NET web project, `EXPOSE` in a
 * Dockerfile (unless it builds a static web server image), an API gateway in serverless, SAM,
 * CloudFormation or Terraform files. Set aside: anything under test, fixture or example directories;
 * libraries clients use as much as servers (gRPC, aiohttp); a dependency only another package pulls
 * in; and a general web framework that renders pages (Nunjucks, Rails views, Django templates) with
 * nothing to show an API beside it, which is a web front end.
 */
export const interfaceInference = memoise((snapshot: Snapshot): InterfaceInference => {
  const signals: ApiSignal[] = [];
  const setAside: SetAsideSignal[] = [];
  const webFrontEnds: WebFrontEnd[] = [];
  const manifests = readManifests(snapshot);
  const facts = treeFacts(snapshot);
  const generators = specGenerators(snapshot);
  const pagesIn = new Map<string, string | undefined>();
  const pages = (dir: string): string | undefined => {
    if (!pagesIn.has(dir)) pagesIn.set(dir, pagesShownBy(dir, manifests, facts, generators));
    return pagesIn.get(dir);
  };

  for (const hit of findDependencies(manifests, byPattern(WEB_FRAMEWORKS), { includeDev: false })) {
    const { manifest, dependency } = hit;
    const entry = entryFor(WEB_FRAMEWORKS, manifest.ecosystem, dependency.name);
    const signal: ApiSignal = {
      kind: 'framework',
      name: `${entry?.name ?? dependency.name} (${dependency.name})`,
      path: manifest.path,
      line: dependency.line,
    };
    if (isInTestOrExampleDirectory(manifest.path)) setAside.push({ ...signal, reason: 'test-or-example' });
    else if (entry?.alsoClient) setAside.push({ ...signal, reason: 'client-library' });
    else if (onlyTransitive(dependency, manifest.ecosystem))
      setAside.push({ ...signal, reason: 'transitive' });
    else {
      const shown = entry?.servesPages ? pages(manifest.dir) : undefined;
      if (shown) {
        webFrontEnds.push({
          name: entry?.name ?? dependency.name,
          path: manifest.path,
          line: dependency.line,
          pages: shown,
        });
        setAside.push({ ...signal, reason: 'web-front-end' });
      } else signals.push(signal);
    }
  }
  signals.push(...facts.controllers);

  const exposes: ApiSignal[] = [];
  for (const { path } of snapshot.files) {
    if (isThirdPartyPath(path)) continue;
    const isDockerfile = DOCKERFILE.test(path);
    const isCsproj = path.endsWith('.csproj');
    const isServerless = SERVERLESS.test(path);
    const isGateway = /\.(tf|ya?ml|json)$/.test(path) && !isServerless;
    if (!isDockerfile && !isCsproj && !isServerless && !isGateway) continue;
    const text = snapshot.text(path);
    if (text === undefined) continue;
    const found: ApiSignal[] = [];
    if (isDockerfile) {
      // A port a static web server listens on serves pages; earlier stages are not in the image.
      if (servesStaticFiles(text)) continue;
      for (const m of text.matchAll(EXPOSE)) {
        const written = groups(m, 'ports').ports.trim();
        const ports = written.split(/\s+/);
        if (ports.every((p) => DATA_STORE_PORTS.has(p.replace(/\/(tcp|udp)$/, '')))) continue;
        found.push({
          kind: 'dockerfile-expose',
          name: `EXPOSE ${written}`,
          path,
          line: lineOf(text, m.index),
        });
      }
    } else if (isCsproj) {
      // The Web SDK is what ASP.NET Core projects build with: https://learn.microsoft.com/aspnet/core/razor-pages/web-sdk
      const sdk = /Sdk\s*=\s*"Microsoft\.NET\.Sdk\.Web"/.exec(text);
      if (sdk)
        found.push({
          kind: 'aspnet-web-sdk',
          name: 'Microsoft.NET.Sdk.Web',
          path,
          line: lineOf(text, sdk.index),
        });
    } else if (isServerless) {
      const http = SERVERLESS_HTTP.exec(text);
      if (http)
        found.push({
          kind: 'serverless',
          name: `serverless ${groups(http, 'event').event} event`,
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
        found.push({ kind: 'api-gateway', name: gateway[0], path, line: lineOf(text, gateway.index) });
    }
    for (const signal of found) {
      if (isInTestOrExampleDirectory(path)) setAside.push({ ...signal, reason: 'test-or-example' });
      else if (signal.kind === 'aspnet-web-sdk' && pages(dirOf(path))) {
        webFrontEnds.push({
          name: 'ASP.NET Core',
          path,
          line: signal.line,
          pages: pages(dirOf(path)) as string,
        });
        setAside.push({ ...signal, reason: 'web-front-end' });
      } else if (signal.kind === 'dockerfile-expose') exposes.push(signal);
      else signals.push(signal);
    }
  }
  // An exposed port is all that says a service listens; with page templates in the tree and no
  // sign of an API, what listens there is a web front end (Go's html/template, a plain server).
  let pagesOnly = false;
  if (signals.length === 0 && exposes.length > 0 && webFrontEnds.length === 0) {
    const shown = pages('');
    const first = exposes[0] as ApiSignal;
    if (shown) {
      webFrontEnds.push({ name: first.name, path: first.path, line: first.line, pages: shown });
      pagesOnly = true;
    }
  }
  // The port a web front end's image exposes serves its pages, unless an API is built beside it.
  for (const expose of exposes) {
    const dir = dirOf(expose.path);
    const frontEnd = pagesOnly || webFrontEnds.some((w) => related(dirOf(w.path), dir));
    const api = signals.some((s) => related(dirOf(s.path), dir));
    if (frontEnd && !api) setAside.push({ ...expose, reason: 'web-front-end' });
    else signals.push(expose);
  }
  const order = (a: ApiSignal, b: ApiSignal): number =>
    kindRank(a) - kindRank(b) || a.path.localeCompare(b.path) || a.line - b.line;
  return { signals: signals.sort(order), webFrontEnds, setAside: setAside.sort(order) };
});

const KIND_ORDER: readonly ApiSignal['kind'][] = [
  'framework',
  'controller',
  'aspnet-web-sdk',
  'dockerfile-expose',
  'serverless',
  'api-gateway',
];
const kindRank = (s: ApiSignal): number => KIND_ORDER.indexOf(s.kind);

/** The signs that count: see {@link interfaceInference}. */
export const apiSignals = (snapshot: Snapshot): ApiSignal[] => interfaceInference(snapshot).signals;

/** Runtime OpenAPI generators among the runtime dependencies (test and example projects left out). */
export const specGenerators = memoise((snapshot: Snapshot): SpecGenerator[] => {
  const manifests = readManifests(snapshot).filter((m) => !isInTestOrExampleDirectory(m.path));
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
