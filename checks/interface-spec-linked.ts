import { defineCheck } from '../src/engine/check.js';
import type { Snapshot } from '../src/snapshot/snapshot.js';
import { lineOf } from '../src/snapshot/snapshot.js';
import { findCommunityFile } from './lib/community-files.js';
import { TCOP4_REFERENCES } from './lib/references.js';
import { groups } from './lib/groups.js';
import { dirOf, joinPosix } from './lib/specs/documents.js';
import { discoverInterfaceSpecs, SPEC_CANDIDATE_GLOBS, type InterfaceSpec } from './lib/specs/index.js';

/** READMEs where GitHub shows them (any case, as the readme check finds them), and documentation under docs/. */
export const DOC_GLOBS = [
  '{,.github/,docs/}[Rr][Ee][Aa][Dd][Mm][Ee]{,.*}',
  'docs/**/*.{md,markdown,rst,adoc,txt,html}',
];

/**
 * API catalogue entries and hosted documentation, each with the path an entry for one API has
 * there: a catalogue's home page, or a documentation product's own site, names no API.
 */
const CATALOGUE_ENTRY: readonly RegExp[] = [
  /^https?:\/\/digital\.nhs\.uk\/developer\/api-catalogue\/[\w-]+/i,
  /^https?:\/\/(?:www\.)?api\.gov\.uk\/(?!dashboard\b)[\w-]+\/[\w-]+/i,
  /^https?:\/\/developer\.service\.hmrc\.gov\.uk\/api-documentation\/docs\/api\/service\/[\w-]+/i,
  /^https?:\/\/app\.swaggerhub\.com\/apis(?:-docs)?\/[\w.-]+\/[\w.-]+/i,
  /^https?:\/\/(?:[\w-]+\.)?bump\.sh\/[\w.-]+\/(?:doc|hub)\/[\w.-]+/i,
  /^https?:\/\/(?!www\.)[\w-]+\.(?:redocly\.app|redoc\.ly)\b/i,
  /^https?:\/\/(?!www\.)[\w-]+\.stoplight\.io\/docs\/[\w.-]+/i,
  /^https?:\/\/(?!www\.|docs\.)[\w-]+\.readme\.io\/(?:reference|docs)\b/i,
  /^https?:\/\/(?:petstore|editor|editor-next|generator)\.swagger\.io\/?[^\s]*[?&]url=[^&\s]+/i,
  /^https?:\/\/studio\.asyncapi\.com\/?[^\s]*[?&](?:url|load)=[^&\s]+/i,
  /^https?:\/\/buf\.build\/[\w.-]+\/[\w.-]+/i,
  /^https?:\/\/simplifier\.net\/(?!guide\b|organization\b)[\w.-]+/i,
];
/** A link to a spec document or a rendered spec by its usual path. */
const SPEC_URL =
  /\/(openapi|swagger|asyncapi)[^/\s]*\.(ya?ml|json)\b|\/(api-docs|swagger-ui|redoc|openapi|docs\/api)(\/|$|[?#])|\/(v[23]\/api-docs)\b|\/metadata\b.*fhir|\/fhir\/[^\s]*metadata\b/i;
/**
 * A file in any repository (this one's sister repositories included) that is a specification by
 * its name or place: `openapi.yaml`, `*.proto`, `specification/…yaml`.
 */
const SPEC_FILE =
  /(?:^|\/)[^/]*(?:openapi|swagger|asyncapi)[^/]*\.(?:ya?ml|json)$|\.(?:proto|graphqls?|wsdl)$|(?:^|\/)(?:specification|specifications|spec|specs|api-specs?)(?:\/.*\.(?:ya?ml|json))?\/?$/i;

/**
 * Where a FHIR implementation guide is published: its canonical URL (sushi-config.yaml `canonical`,
 * or the ImplementationGuide resource's `url` without `/ImplementationGuide/<id>`). The IG's pages
 * live under it (http://hl7.org/fhir/us/core/history.html), so a link there links the specification.
 */
function igCanonicals(snapshot: Snapshot, specs: readonly InterfaceSpec[]): string[] {
  const out: string[] = [];
  for (const config of ['sushi-config.yaml', 'sushi-config.yml']) {
    const m = /^canonical:\s*["']?(?<url>https?:\/\/[^\s"'#]+)/m.exec(snapshot.text(config) ?? '');
    if (m) out.push(groups(m, 'url').url);
  }
  for (const spec of specs) {
    if (spec.format !== 'fhir') continue;
    const text = snapshot.text(spec.path) ?? '';
    if (!/"resourceType"\s*:\s*"ImplementationGuide"|<ImplementationGuide\b/.test(text)) continue;
    const url = /"url"\s*:\s*"(https?:\/\/[^"]+)"|<url\s+value\s*=\s*"(https?:\/\/[^"]+)"/.exec(text);
    const value = url?.[1] ?? url?.[2];
    if (value) out.push(value.replace(/\/ImplementationGuide\/[^/]+$/, ''));
  }
  // http and https, with or without a trailing slash, are the same place.
  return [
    ...new Set(
      out.map((c) =>
        c
          .replace(/^https?:\/\//i, '')
          .replace(/\/+$/, '')
          .toLowerCase(),
      ),
    ),
  ];
}

/** Link targets in Markdown, reStructuredText, AsciiDoc and HTML, with their offsets. */
function linkTargets(text: string): { target: string; offset: number }[] {
  const out: { target: string; offset: number }[] = [];
  const patterns = [
    /\]\(\s*<?(?<target>[^)\s>]+)>?(?:\s+["'][^"']*["'])?\s*\)/g, // [text](target)
    /^\s*\[[^\]]+\]:\s*<?(?<target>\S+?)>?(?:\s|$)/gm, // [ref]: target
    /href\s*=\s*["'](?<target>[^"']+)["']/gi, // <a href="target">
    /`[^`<]*<(?<target>[^>]+)>`_/g, // rst `text <target>`_
    /(?:link:|xref:|include::)?(?<target>https?:\/\/[^\s)\]>"'`]+)/g, // bare URLs, AsciiDoc link:
  ];
  for (const pattern of patterns)
    for (const m of text.matchAll(pattern)) out.push({ target: groups(m, 'target').target, offset: m.index });
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** What a link points at, if it is a spec: the spec's path, or the catalogue URL. */
function specLinked(
  target: string,
  fromDoc: string,
  specs: readonly InterfaceSpec[],
  snapshot: Snapshot,
  canonicals: readonly string[],
): string | undefined {
  const bare = target.replace(/[#?].*$/, '');
  if (/^https?:\/\//i.test(bare)) {
    if (CATALOGUE_ENTRY.some((entry) => entry.test(target)) || SPEC_URL.test(bare)) return target;
    const place = bare.replace(/^https?:\/\//i, '').toLowerCase();
    if (canonicals.some((c) => place === c || place.startsWith(`${c}/`))) return target;
    // A GitHub link to a spec in this repository: …/blob/<ref>/<path>, raw.githubusercontent.com/<o>/<r>/<ref>/<path>.
    const github =
      /^https?:\/\/(?:github\.com\/[^/]+\/[^/]+\/(?:blob|raw|tree)\/[^/]+|raw\.githubusercontent\.com\/[^/]+\/[^/]+\/[^/]+)\/(?<path>.+)$/.exec(
        bare,
      );
    if (github) {
      const path = safeDecode(groups(github, 'path').path);
      if (specs.some((s) => s.path === path || s.path.startsWith(`${path.replace(/\/$/, '')}/`))) return path;
      // The spec published in a sister repository (a separate specification repository).
      if (SPEC_FILE.test(path)) return target;
    }
    return undefined;
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(bare) || bare === '') return undefined;
  const resolved = joinPosix(bare.startsWith('/') ? '' : dirOf(fromDoc), bare).replace(/\/$/, '');
  const spec = specs.find(
    (s) =>
      s.path === resolved ||
      s.includes.includes(resolved) ||
      (resolved !== '' && s.path.startsWith(`${resolved}/`)),
  );
  if (spec) return spec.path;
  return snapshot.has(resolved) && SPEC_URL.test(`/${resolved}`) ? resolved : undefined;
}

export default defineCheck({
  meta: {
    id: 'interface-spec-linked',
    criterion: 'tcop-4',
    level: 'exemplar',
    title: 'The README or docs link to the published interface specification',
    description:
      "A specification helps only the people who can find it. The check looks in the README and in docs/ for a link to a specification the repository publishes (relative, or on GitHub, in this repository or a sister repository), to a rendered one (Swagger UI, Redoc, /api-docs) or to the API's entry in a catalogue (NHS England API catalogue, api.gov.uk, the HMRC developer hub, SwaggerHub, Bump.sh, Simplifier). A catalogue's home page or a documentation product's own site names no API and does not count; client specs and test fixtures need no link.",
    wants: [...SPEC_CANDIDATE_GLOBS, ...DOC_GLOBS, 'sushi-config.{yaml,yml}'],
    messages: {
      linked: '{{doc}} links to the specification {{target}}.',
      notLinked:
        '{{count}} specification(s) found (e.g. {{example}}), but neither the README nor docs/ links to one.',
      noSpecs: 'No interface specification to link to.',
    },
    remediation: {
      notLinked:
        'Add an "API" section to the README that links to {{example}} (and to the rendered documentation or the API catalogue entry, if there is one), so people can find the interface without reading the code.',
    },
    references: [
      TCOP4_REFERENCES.nhsApiCatalogue,
      TCOP4_REFERENCES.ukApiCatalogue,
      TCOP4_REFERENCES.techUkCharter,
      TCOP4_REFERENCES.apiStandards,
    ],
  },
  async run(snapshot) {
    const { specs } = await discoverInterfaceSpecs(snapshot);
    if (specs.length === 0) return [{ status: 'info', messageId: 'noSpecs' }];
    const docs = snapshot
      .glob(DOC_GLOBS, { nocase: false })
      .sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
    const canonicals = igCanonicals(snapshot, specs);
    for (const doc of docs) {
      const text = snapshot.text(doc);
      if (text === undefined) continue;
      for (const link of linkTargets(text)) {
        const target = specLinked(link.target, doc, specs, snapshot, canonicals);
        if (target) {
          return [
            {
              status: 'pass',
              messageId: 'linked',
              data: { doc, target },
              location: { path: doc, startLine: lineOf(text, link.offset) },
              evidence: { doc, target },
            },
          ];
        }
      }
    }
    const example = specs.find((s) => s.format === 'openapi') ?? (specs[0] as InterfaceSpec);
    // The link belongs in the README: the annotation goes there when there is one.
    const readme = findCommunityFile(snapshot, 'README');
    return [
      {
        status: 'fail',
        messageId: 'notLinked',
        data: { count: specs.length, example: example.path },
        ...(readme ? { location: { path: readme } } : {}),
        evidence: { docsSearched: docs },
      },
    ];
  },
});
