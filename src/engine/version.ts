import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkg = require('../../package.json') as { version: string; repository?: string | { url?: string } };

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

function repositoryWebUrl(repository: string | { url?: string } | undefined): string | undefined {
  const raw = typeof repository === 'string' ? repository : repository?.url;
  if (!raw) return undefined;
  const shorthand = /^(?:github:)?([\w.-]+\/[\w.-]+)$/.exec(raw);
  if (shorthand) return `https://github.com/${shorthand[1]}`;
  const match = /github\.com[/:]([\w.-]+\/[\w.-]+?)(?:\.git)?\/?$/.exec(raw);
  return match ? `https://github.com/${match[1]}` : undefined;
}
