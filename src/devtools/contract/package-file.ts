import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * A file inside an installed package, found the way Node finds the package itself, without
 * going through its `exports` map (which hides the data files these contracts are made of).
 */
export function packageFile(pkg: string, file: string): string {
  const require = createRequire(import.meta.url);
  for (const dir of require.resolve.paths(pkg) ?? []) {
    const candidate = path.join(dir, pkg, file);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`${pkg}/${file} not found: run npm install (it is a devDependency)`);
}
