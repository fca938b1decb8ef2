import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkg = require('../../package.json') as { version: string };

/** The running tool's version, from package.json. */
export const TOOL_VERSION: string = pkg.version;
