import type { LocatedValue, ManifestContent, ManifestDependency, ManifestReader } from './types.js';
import {
  asRecord,
  asString,
  asStringArray,
  findLine,
  lineOf,
  parseTomlDocument,
  stringLiteralLine,
  tomlKeyLine,
  tomlTable,
} from './text.js';
import { groups, QUOTED, quoted } from '../groups.js';

/** A PEP 508 requirement: name, then extras, version specifiers and markers. */
export function parseRequirement(spec: string): { name: string; version?: string } | undefined {
  const m = /^\s*(?<name>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*(?<rest>.*)$/.exec(
    spec,
  );
  if (!m) return undefined;
  const { name, rest: tail } = groups(m, 'name', 'rest');
  const rest =
    tail
      .split(';')[0]
      ?.trim()
      .replace(/^\((.*)\)$/, '$1')
      .trim() ?? '';
  return rest === '' ? { name } : { name, version: rest };
}

/** Optional-dependency groups and PEP 735 dependency groups that are only for development. */
const DEV_GROUP =
  /^(dev|develop|development|test|tests|testing|lint|linting|docs?|typing|types|check|ci|style|format)$/i;

/** PEP 621 / PEP 639 licence: an SPDX expression string, or the older `{ text }` / `{ file }` table. */
function pep621Licence(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const table = asRecord(value);
  return asString(table?.text) ?? (asString(table?.file) ? `file:${asString(table?.file)}` : undefined);
}

export const pyprojectToml: ManifestReader = {
  ecosystem: 'pip',
  kind: 'pyproject.toml',
  globs: ['**/pyproject.toml'],
  matches: (base) => base === 'pyproject.toml',
  read(text) {
    const parsed = parseTomlDocument(text);
    if ('error' in parsed) return { dependencies: [], error: parsed.error };
    const doc = parsed.value;
    const project = asRecord(doc.project);
    const tool = asRecord(doc.tool);
    const poetry = asRecord(tool?.poetry);
    const dependencies: ManifestDependency[] = [];
    const engines: Record<string, LocatedValue> = {};

    const fromArray = (specs: unknown, table: string, key: string, dev: boolean): void => {
      const keyLine = tomlKeyLine(text, table, key);
      const from = tomlTable(text, table)?.start ?? 0;
      for (const spec of asStringArray(specs)) {
        const req = parseRequirement(spec);
        if (req) dependencies.push({ ...req, line: stringLiteralLine(text, spec, keyLine, from), dev });
      }
    };

    if (project) {
      fromArray(project.dependencies, 'project', 'dependencies', false);
      for (const [group, specs] of Object.entries(asRecord(project['optional-dependencies']) ?? {}))
        fromArray(specs, 'project.optional-dependencies', group, DEV_GROUP.test(group));
      const requiresPython = asString(project['requires-python']);
      if (requiresPython)
        engines.python = { value: requiresPython, line: tomlKeyLine(text, 'project', 'requires-python') };
    }
    // PEP 735 dependency groups: never installed with the package, so development-only.
    for (const [group, specs] of Object.entries(asRecord(doc['dependency-groups']) ?? {}))
      fromArray(specs, 'dependency-groups', group, true);

    if (poetry) {
      const readTable = (table: string, deps: unknown, dev: boolean): void => {
        for (const [name, spec] of Object.entries(asRecord(deps) ?? {})) {
          const version = typeof spec === 'string' ? spec : asString(asRecord(spec)?.version);
          const line = tomlKeyLine(text, table, name);
          if (name.toLowerCase() === 'python') {
            if (version && !engines.python) engines.python = { value: version, line };
            continue;
          }
          dependencies.push({ name, ...(version !== undefined ? { version } : {}), line, dev });
        }
      };
      readTable('tool.poetry.dependencies', poetry.dependencies, false);
      readTable('tool.poetry.dev-dependencies', poetry['dev-dependencies'], true);
      for (const [group, body] of Object.entries(asRecord(poetry.group) ?? {}))
        readTable(`tool.poetry.group.${group}.dependencies`, asRecord(body)?.dependencies, true);
    }

    const projectLicence = pep621Licence(project?.license);
    const poetryLicence = asString(poetry?.license);
    const licence: LocatedValue | undefined = projectLicence
      ? { value: projectLicence, line: tomlKeyLine(text, 'project', 'license') }
      : poetryLicence
        ? { value: poetryLicence, line: tomlKeyLine(text, 'tool.poetry', 'license') }
        : undefined;
    const name = asString(project?.name) ?? asString(poetry?.name);
    const classifiers = [...asStringArray(project?.classifiers), ...asStringArray(poetry?.classifiers)];
    const toolName = poetry
      ? 'poetry'
      : ['uv', 'pdm', 'hatch', 'flit', 'setuptools'].find((t) => tool?.[t] !== undefined);
    return {
      ...(name !== undefined ? { name } : {}),
      ...(isPrivate(classifiers) ? { private: true } : {}),
      ...(licence ? { licence } : {}),
      dependencies,
      ...(Object.keys(engines).length > 0 ? { engines } : {}),
      ...(toolName ? { tool: toolName } : {}),
    };
  },
};

/** PyPI refuses uploads carrying this classifier: the conventional way to mark a package private. */
function isPrivate(classifiers: readonly string[]): boolean {
  return classifiers.some((c) => c.trim().startsWith('Private ::'));
}

interface IniValue {
  value: string;
  line: number;
  /** Continuation lines of a multi-line value, each with its line. */
  items: { text: string; line: number }[];
}

/** setup.cfg is configparser INI: `key = value` with indented continuation lines. */
function parseIni(text: string): Map<string, Map<string, IniValue>> {
  const sections = new Map<string, Map<string, IniValue>>();
  let current: Map<string, IniValue> | undefined;
  let last: IniValue | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (/^\s*[#;]/.test(raw) || raw.trim() === '') return;
    const header = /^\[(?<section>[^\]]+)\]/.exec(raw);
    if (header) {
      current = new Map();
      sections.set(groups(header, 'section').section.trim(), current);
      last = undefined;
      return;
    }
    if (/^\s/.test(raw) && last) {
      last.items.push({ text: raw.trim(), line });
      return;
    }
    const kv = /^(?<key>[^=:]+?)\s*[=:]\s*(?<value>.*)$/.exec(raw);
    if (kv && current) {
      const { key, value } = groups(kv, 'key', 'value');
      last = { value: value.trim(), line, items: [] };
      if (last.value !== '') last.items.push({ text: last.value, line });
      current.set(key.trim().toLowerCase().replace(/-/g, '_'), last);
    }
  });
  return sections;
}

export const setupCfg: ManifestReader = {
  ecosystem: 'pip',
  kind: 'setup.cfg',
  globs: ['**/setup.cfg'],
  matches: (base) => base === 'setup.cfg',
  read(text) {
    const ini = parseIni(text);
    const metadata = ini.get('metadata');
    const options = ini.get('options');
    const dependencies: ManifestDependency[] = [];
    const addAll = (value: IniValue | undefined, dev: boolean): void => {
      for (const item of value?.items ?? []) {
        const req = parseRequirement(item.text.replace(/\s+#.*$/, ''));
        if (req) dependencies.push({ ...req, line: item.line, dev });
      }
    };
    addAll(options?.get('install_requires'), false);
    addAll(options?.get('tests_require'), true);
    for (const [group, value] of ini.get('options.extras_require') ?? [])
      addAll(value, DEV_GROUP.test(group));
    const licence = metadata?.get('license');
    const name = metadata?.get('name')?.value;
    const requiresPython = options?.get('python_requires');
    const classifiers = metadata?.get('classifiers')?.items.map((i) => i.text) ?? [];
    return {
      ...(name ? { name } : {}),
      ...(isPrivate(classifiers) ? { private: true } : {}),
      ...(licence?.value ? { licence: { value: licence.value, line: licence.line } } : {}),
      dependencies,
      ...(requiresPython?.value
        ? { engines: { python: { value: requiresPython.value, line: requiresPython.line } } }
        : {}),
      tool: 'setuptools',
    };
  },
};

/** setup.py is code: read the literal keyword arguments only, as a human would. */
export const setupPy: ManifestReader = {
  ecosystem: 'pip',
  kind: 'setup.py',
  globs: ['**/setup.py'],
  matches: (base) => base === 'setup.py',
  read(text) {
    const keyword = (key: string): LocatedValue | undefined => {
      const m = new RegExp(`\\b${key}\\s*=\\s*${QUOTED}`).exec(text);
      return m ? { value: quoted(m), line: lineOf(text, m.index) } : undefined;
    };
    const dependencies: ManifestDependency[] = [];
    for (const [key, dev] of [
      ['install_requires', false],
      ['tests_require', true],
    ] as const) {
      const m = new RegExp(`\\b${key}\\s*=\\s*\\[(?<list>[^\\]]*)\\]`).exec(text);
      if (!m) continue;
      const bodyStart = m.index + m[0].indexOf('[') + 1;
      for (const lit of groups(m, 'list').list.matchAll(new RegExp(QUOTED, 'g'))) {
        const req = parseRequirement(quoted(lit));
        if (req) dependencies.push({ ...req, line: lineOf(text, bodyStart + (lit.index ?? 0)), dev });
      }
    }
    const licence = keyword('license');
    const name = keyword('name');
    const requiresPython = keyword('python_requires');
    return {
      ...(name ? { name: name.value } : {}),
      ...(text.includes('Private ::') ? { private: true } : {}),
      ...(licence ? { licence } : {}),
      dependencies,
      ...(requiresPython ? { engines: { python: requiresPython } } : {}),
      tool: 'setuptools',
    };
  },
};

/** pip requirements files: one requirement per line, `\` continuations, `#` comments, `-` options. https://pip.pypa.io/en/stable/reference/requirements-file-format/ */
export const requirementsTxt: ManifestReader = {
  ecosystem: 'pip',
  kind: 'requirements.txt',
  globs: ['**/requirements*.txt', '**/requirements/*.txt'],
  matches: (base, path) =>
    /^requirements.*\.txt$/i.test(base) || /(^|\/)requirements\/[^/]+\.txt$/.test(path),
  read(text, path) {
    const base = path.slice(path.lastIndexOf('/') + 1);
    // requirements-dev.txt, requirements/test.txt: development-only by the usual naming.
    const dev =
      /(dev|test|lint|doc|ci)/i.test(base.replace(/^requirements/i, '')) ||
      /requirements\/(dev|test|lint|doc)/i.test(path);
    return { dependencies: readRequirementLines(text, dev) };
  },
};

/** Requirement lines; `dev` is decided by the caller from the file name. */
export function readRequirementLines(text: string, dev: boolean): ManifestDependency[] {
  const dependencies: ManifestDependency[] = [];
  const lines = text.split(/\r?\n/);
  // The line of the requirement a `# via` comment may still annotate, and whether a block is open.
  let viaFor = -1;
  let inVia = false;
  for (let i = 0; i < lines.length; i++) {
    const startLine = i + 1;
    let logical = lines[i] as string;
    while (logical.endsWith('\\') && i + 1 < lines.length)
      logical = logical.slice(0, -1) + ' ' + (lines[++i] as string);
    // `# via a` or `# via` then `#   a` lines: what required the pin above (pip-compile, uv).
    const comment = /^\s*#\s*(via\b)?\s*(.*)$/.exec(logical);
    if (comment) {
      const last = dependencies[dependencies.length - 1];
      const parent = (comment[2] ?? '').trim();
      if (comment[1] && last && last.line === viaFor) {
        last.via = parent === '' ? [] : [parent];
        inVia = parent === '';
      } else if (inVia && last?.via && parent !== '') last.via.push(parent);
      else inVia = false;
      continue;
    }
    inVia = false;
    const content = logical.replace(/(^|\s)#.*$/, '').trim();
    if (content === '' || content.startsWith('-')) continue;
    // Hashes and per-requirement options follow the specifier.
    const spec = content.split(/\s--?[a-z]/)[0] as string;
    viaFor = startLine;
    const direct = /^(?<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*@\s*(?<url>\S+)/.exec(spec);
    if (direct) {
      const { name, url } = groups(direct, 'name', 'url');
      dependencies.push({
        name,
        version: `@ ${url}`,
        line: startLine,
        dev,
      });
      continue;
    }
    // A bare URL or VCS reference (`git+https://…@v1.2#egg=name`) names one artefact, as `name @ url`
    // does; read as a name it would be a package called "git" or "https".
    const url = /^(?:[A-Za-z][A-Za-z0-9+.-]*:\/\/|\.{0,2}\/)\S*/.exec(spec)?.[0];
    if (url) {
      const egg = /[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(url)?.[1];
      const name =
        egg ??
        url
          .replace(/[#?].*$/, '')
          .replace(/\/+$/, '')
          .split('/')
          .pop() ??
        url;
      dependencies.push({ name, version: `@ ${url}`, line: startLine, dev });
      continue;
    }
    const req = parseRequirement(spec);
    if (req) dependencies.push({ ...req, line: startLine, dev });
  }
  return dependencies;
}

export const pipfile: ManifestReader = {
  ecosystem: 'pip',
  kind: 'Pipfile',
  globs: ['**/Pipfile'],
  matches: (base) => base === 'Pipfile',
  read(text) {
    const parsed = parseTomlDocument(text);
    if ('error' in parsed) return { dependencies: [], error: parsed.error, tool: 'pipenv' };
    const doc = parsed.value;
    const dependencies: ManifestDependency[] = [];
    for (const [table, dev] of [
      ['packages', false],
      ['dev-packages', true],
    ] as const) {
      for (const [name, spec] of Object.entries(asRecord(doc[table]) ?? {})) {
        const version = typeof spec === 'string' ? spec : asString(asRecord(spec)?.version);
        dependencies.push({
          name,
          ...(version !== undefined ? { version } : {}),
          line: tomlKeyLine(text, table, name),
          dev,
        });
      }
    }
    const requires = asRecord(doc.requires);
    const python = asString(requires?.python_full_version) ?? asString(requires?.python_version);
    const key = requires?.python_full_version !== undefined ? 'python_full_version' : 'python_version';
    const result: ManifestContent = { dependencies, tool: 'pipenv' };
    if (python)
      result.engines = {
        python: { value: python, line: findLine(text, new RegExp(`^\\s*${key}\\s*=`, 'm')) ?? 1 },
      };
    return result;
  },
};
