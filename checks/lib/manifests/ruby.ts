import type { LocatedValue, ManifestDependency, ManifestReader } from './types.js';
import { lineOf } from './text.js';
import { groups, QUOTED, quoted } from '../groups.js';

const STRING = QUOTED;

/** Every quoted string in `args`, e.g. the version constraints after a gem name. */
function strings(args: string): string[] {
  return [...args.matchAll(new RegExp(QUOTED, 'g'))].map(quoted);
}

/** Gem specifications are Ruby; the attribute assignments are conventional enough to read as text. https://guides.rubygems.org/specification-reference/ */
export const gemspec: ManifestReader = {
  ecosystem: 'bundler',
  kind: 'gemspec',
  globs: ['**/*.gemspec'],
  matches: (base) => base.endsWith('.gemspec'),
  read(text) {
    const dependencies: ManifestDependency[] = [];
    const dependency = new RegExp(
      `\\.\\s*add_(?<kind>runtime_|development_)?dependency\\s*\\(?\\s*${STRING}(?<rest>[^\\n]*)`,
      'g',
    );
    for (const m of text.matchAll(dependency)) {
      const { kind, rest } = groups(m, 'rest');
      const versions = strings(rest);
      dependencies.push({
        name: quoted(m),
        ...(versions.length > 0 ? { version: versions.join(', ') } : {}),
        line: lineOf(text, m.index ?? 0),
        dev: kind === 'development_',
      });
    }
    let licence: LocatedValue | undefined;
    const single = new RegExp(`\\.\\s*license\\s*=\\s*${STRING}`).exec(text);
    const plural = /\.\s*licenses\s*=\s*(?:\[(?<array>[^\]]*)\]|%w[[(](?<words>[^\])]*)[\])])/.exec(text);
    if (single) licence = { value: quoted(single), line: lineOf(text, single.index) };
    else if (plural) {
      const { array, words } = groups(plural);
      const list = array !== undefined ? strings(array) : (words ?? '').trim().split(/\s+/);
      // RubyGems: "If your gem is licensed under multiple licenses, … users may choose" — a disjunction.
      if (list.length > 0)
        licence = {
          value: list.length === 1 ? (list[0] as string) : `(${list.join(' OR ')})`,
          line: lineOf(text, plural.index),
        };
    }
    const name = new RegExp(`\\.\\s*name\\s*=\\s*${STRING}`).exec(text);
    const ruby = new RegExp(`\\.\\s*required_ruby_version\\s*=\\s*(?:\\[\\s*)?${STRING}`).exec(text);
    return {
      ...(name ? { name: quoted(name) } : {}),
      ...(licence ? { licence } : {}),
      dependencies,
      ...(ruby ? { engines: { ruby: { value: quoted(ruby), line: lineOf(text, ruby.index) } } } : {}),
    };
  },
};

const DEV_GROUPS = /:(development|test|dev|ci|lint)\b/;

/** Bundler Gemfile: `gem` lines, `group … do … end` blocks, a `ruby` version. https://bundler.io/guides/gemfile.html */
export const gemfile: ManifestReader = {
  ecosystem: 'bundler',
  kind: 'Gemfile',
  globs: ['**/Gemfile'],
  matches: (base) => base === 'Gemfile',
  read(text) {
    const dependencies: ManifestDependency[] = [];
    const groupStack: boolean[] = [];
    let ruby: LocatedValue | undefined;
    text.split(/\r?\n/).forEach((raw, index) => {
      const line = index + 1;
      const code = raw.replace(/#.*$/, '').trim();
      if (/^group\b.*\bdo\b/.test(code)) {
        groupStack.push(DEV_GROUPS.test(code));
        return;
      }
      if (/\bdo(\s*\|[^|]*\|)?$/.test(code)) {
        groupStack.push(groupStack.at(-1) ?? false);
        return;
      }
      if (code === 'end') {
        groupStack.pop();
        return;
      }
      const gem = new RegExp(`^gem\\s*\\(?\\s*${STRING}(?<rest>.*)$`).exec(code);
      if (gem) {
        const { rest } = groups(gem, 'rest');
        // Constraints are the plain strings before any `key:` option.
        const constraints = strings(rest.split(/,\s*[a-z_]+:/)[0] ?? '');
        const inlineDev = /\bgroups?:\s*(?<names>\[[^\]]*\]|:\w+)/.exec(rest)?.groups?.names;
        dependencies.push({
          name: quoted(gem),
          ...(constraints.length > 0 ? { version: constraints.join(', ') } : {}),
          line,
          dev: groupStack.some(Boolean) || (inlineDev !== undefined && DEV_GROUPS.test(inlineDev)),
        });
        return;
      }
      const rubyVersion = new RegExp(`^ruby\\s*\\(?\\s*${STRING}`).exec(code);
      if (rubyVersion) ruby = { value: quoted(rubyVersion), line };
    });
    return { dependencies, ...(ruby ? { engines: { ruby } } : {}), tool: 'bundler' };
  },
};
