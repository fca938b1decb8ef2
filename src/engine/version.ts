import { readFileSync } from 'node:fs';

interface PackageJson {
  name?: string;
  version: string;
  repository?: string | { url?: string };
}

/** This project's package.json, two levels up from the sources. */
function readOwnPackageJson(): PackageJson {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as PackageJson;
  if (pkg.name !== 'tcop-audit') throw new Error('tcop-audit: cannot find its own package.json');
  return pkg;
}

/** The bundles in dist/ carry package.json's fields, set by scripts/build.mjs. */
declare const __TCOP_PACKAGE__: PackageJson | undefined;

const pkg = typeof __TCOP_PACKAGE__ === 'undefined' ? readOwnPackageJson() : __TCOP_PACKAGE__;

/** The running tool's version, from package.json. */
export const TOOL_VERSION: string = pkg.version;

/**
 * Where this project's source lives on the web, from package.json `repository`; undefined when not set.
 * Reports link each check to its docs page there.
 */
export const TOOL_REPOSITORY: string | undefined = repositoryWebUrl(pkg.repository);

/** `https://github.com/o/r/blob/main/<path>` for a file of this project, when the repository is known. */
export function docsUrl(relativePath: string): string | undefined {
  return TOOL_REPOSITORY ? `${TOOL_REPOSITORY}/blob/main/${relativePath}` : undefined;
}

/** The web address of a package.json `repository` on GitHub; undefined for any other host. */
export function repositoryWebUrl(repository: string | { url?: string } | undefined): string | undefined {
  const raw = typeof repository === 'string' ? repository : repository?.url;
  if (!raw) return undefined;
  const shorthand = /^(?:github:)?([\w.-]+\/[\w.-]+)$/.exec(raw);
  if (shorthand) return `https://github.com/${shorthand[1]}`;
  const match = /github\.com[/:]([\w.-]+\/[\w.-]+?)(?:\.git)?\/?$/.exec(raw);
  return match ? `https://github.com/${match[1]}` : undefined;
}
