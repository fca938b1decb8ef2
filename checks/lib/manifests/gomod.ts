import type { LocatedValue, ManifestDependency, ManifestReader } from './types.js';
import { groups } from '../groups.js';

/** https://go.dev/ref/mod#go-mod-file */
export const goMod: ManifestReader = {
  ecosystem: 'gomod',
  kind: 'go.mod',
  globs: ['**/go.mod'],
  matches: (base) => base === 'go.mod',
  read(text) {
    const dependencies: ManifestDependency[] = [];
    const engines: Record<string, LocatedValue> = {};
    let name: string | undefined;
    let inRequire = false;
    text.split(/\r?\n/).forEach((raw, index) => {
      const line = index + 1;
      const code = raw.replace(/\/\/.*$/, '').trim();
      if (inRequire) {
        if (code === ')') inRequire = false;
        else addRequirement(code, line);
        return;
      }
      if (/^require\s*\($/.test(code)) {
        inRequire = true;
        return;
      }
      const single = /^require\s+(?<requirement>.+)$/.exec(code);
      if (single) return addRequirement(groups(single, 'requirement').requirement, line);
      const mod = /^module\s+"?([^\s"]+)"?/.exec(code);
      if (mod) name = mod[1];
      const go = /^go\s+(?<version>\d+\.\d+(?:\.\d+)?)/.exec(code);
      if (go) engines.go = { value: groups(go, 'version').version, line };
      const toolchain = /^toolchain\s+go(?<version>\S+)/.exec(code);
      if (toolchain) engines.gotoolchain = { value: groups(toolchain, 'version').version, line };
    });
    function addRequirement(code: string, line: number): void {
      const m = /^"?(?<name>[^\s"]+)"?\s+(?<version>\S+)/.exec(code);
      if (m) dependencies.push({ ...groups(m, 'name', 'version'), line, dev: false });
    }
    return {
      ...(name ? { name } : {}),
      dependencies,
      ...(Object.keys(engines).length > 0 ? { engines } : {}),
      tool: 'go',
    };
  },
};
