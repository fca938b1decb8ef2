import { compileGlobs } from '../../src/snapshot/glob.js';
import catalogueJson from '../data/open-standards.json' with { type: 'json' };
import type { Catalogue, OpenStandard } from './open-standards-schema.js';
import type { Snapshot } from '../../src/snapshot/snapshot.js';
import { lineOf, memoise } from '../../src/snapshot/snapshot.js';
import { isThirdPartyPath, readManifests } from './manifests.js';
import { findDependencies } from './package-patterns.js';
import { isInTestOrExampleDirectory } from './paths.js';

export type { OpenStandard } from './open-standards-schema.js';

/**
 * The catalogue as shipped. Its shape is checked against {@link catalogueSchema} by the tests
 * (checks/open-standards.test.ts), not on every run: validating it at load cost each audit the
 * schema library and the catalogue's validation before any file was read.
 */
export const OPEN_STANDARDS_CATALOGUE: Catalogue = catalogueJson as Catalogue;

/** Where a standard shows itself. */
export interface StandardUse {
  via: 'dependency' | 'file' | 'content';
  path: string;
  line?: number;
  /** The package, file glob or marker that matched. */
  match: string;
  /** Only tests use it: a development dependency, a test requirements file, or a file under a test directory. */
  testOnly?: boolean;
}

export interface DetectedStandard {
  standard: OpenStandard;
  uses: StandardUse[];
  /** Uses beyond those listed. */
  more: number;
}

/** The catalogue's own description: how a copy of it (this repository, a fork) is recognised. */
const CATALOGUE_SIGNATURE = OPEN_STANDARDS_CATALOGUE.description.slice(0, 80);

/** Uses listed per standard; the rest are counted. */
const MAX_USES = 20;
/** Files whose text is searched for content markers: data and interface files, not source code. */
const CONTENT_FILE = /\.(json|ya?ml|xml)$/i;

/**
 * Open standards in use, from runtime and development dependencies (with the manifest line),
 * tell-tale files, and markers such as code system URIs in the repository's YAML, JSON and XML.
 */
export function findOpenStandards(
  snapshot: Snapshot,
  catalogue: readonly OpenStandard[],
): DetectedStandard[] {
  const manifests = readManifests(snapshot);
  const markers = [...new Set(catalogue.flatMap((s) => s.content))];
  const paths = snapshot.paths.filter((p) => !isThirdPartyPath(p));
  const texts = paths
    .filter((p) => CONTENT_FILE.test(p))
    .flatMap((p) => {
      const text = snapshot.text(p);
      // A copy of this catalogue lists every marker and uses none of them.
      return text === undefined || text.includes(CATALOGUE_SIGNATURE) ? [] : [{ path: p, text }];
    })
    .map((t) => ({ ...t, first: firstIndexes(t.text, markers) }));
  // One pass over every path for all the standards' file globs; each standard then tests only those.
  const anyStandardFile = compileGlobs(
    catalogue.flatMap((s) => s.files),
    { nocase: true },
  );
  const filePaths = paths.filter((p) => anyStandardFile(p));
  const detected: DetectedStandard[] = [];
  for (const standard of catalogue) {
    const uses: StandardUse[] = [];
    for (const hit of findDependencies(manifests, standard.dependencies, { includeDev: true })) {
      const testOnly =
        isInTestOrExampleDirectory(hit.manifest.path) ||
        /(?:^|[-_./])tests?(?:[-_.]|$)/i.test(
          hit.manifest.path.slice(hit.manifest.path.lastIndexOf('/') + 1),
        );
      uses.push({
        via: 'dependency',
        path: hit.manifest.path,
        line: hit.dependency.line,
        match: hit.dependency.name,
        ...(testOnly ? { testOnly } : {}),
      });
    }
    if (standard.files.length > 0) {
      // One compiled predicate for all of a standard's globs; which glob matched is only asked of hits.
      // Hits can be tens of thousands (a DICOM data set): each glob is compiled once, not per hit.
      const anyGlob = compileGlobs(standard.files, { nocase: true });
      const eachGlob = standard.files.map((g) => ({ glob: g, matches: compileGlobs([g], { nocase: true }) }));
      for (const p of filePaths) {
        if (!anyGlob(p)) continue;
        const glob = eachGlob.find((g) => g.matches(p))?.glob;
        uses.push({
          via: 'file',
          path: p,
          match: glob ?? standard.files[0] ?? '',
          ...(isInTestOrExampleDirectory(p) ? { testOnly: true } : {}),
        });
      }
    }
    for (const marker of standard.content) {
      for (const { path, text, first } of texts) {
        const index = first.get(marker);
        if (index !== undefined)
          uses.push({
            via: 'content',
            path,
            line: lineOf(text, index),
            match: marker,
            ...(isInTestOrExampleDirectory(path) ? { testOnly: true } : {}),
          });
      }
    }
    if (uses.length > 0)
      detected.push({ standard, uses: uses.slice(0, MAX_USES), more: Math.max(0, uses.length - MAX_USES) });
  }
  return detected;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const unions = new Map<string, RegExp>();

/** One global regular expression matching any of the literal strings. */
function unionOf(literals: readonly string[]): RegExp {
  const key = literals.join('\0');
  let re = unions.get(key);
  if (!re) {
    if (unions.size >= 1000) unions.clear();
    unions.set(key, (re = new RegExp(literals.map(escapeRegExp).join('|'), 'g')));
  }
  return re;
}

/**
 * Where each marker first occurs in the text, as `indexOf` finds it, without a pass over the text
 * per marker: one regular expression for the markers not yet found finds the next place where any
 * of them starts, every one of them is tested there (so a marker overlapping another is still
 * seen), and the search goes on from the next character for the rest.
 */
export function firstIndexes(text: string, markers: readonly string[]): Map<string, number> {
  const first = new Map<string, number>();
  let left = [...new Set(markers)];
  if (left.includes('')) {
    first.set('', 0);
    left = left.filter((m) => m !== '');
  }
  let from = 0;
  while (left.length > 0) {
    const re = unionOf(left);
    re.lastIndex = from;
    const match = re.exec(text);
    if (!match) break;
    const index = match.index;
    for (const m of left) if (text.startsWith(m, index)) first.set(m, index);
    left = left.filter((m) => !first.has(m));
    from = index + 1;
  }
  return first;
}

/** {@link findOpenStandards} with the shipped catalogue, once per snapshot. */
export const detectOpenStandards = memoise((snapshot: Snapshot) =>
  findOpenStandards(snapshot, OPEN_STANDARDS_CATALOGUE.standards),
);
