import type { LocatedValue, ManifestDependency, ManifestReader } from './types.js';
import { lineOf } from './text.js';

const STRING = `(?:"([^"]*)"|'([^']*)')`;

/** Every quoted string in `args`, e.g. the version constraints after a gem name. */
function strings(args: string): string[] {
  return [...args.matchAll(/"([^"]*)"|'([^']*)'/g)].map((m) => (m[1] ?? m[2]) as string);
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
      `\\.\\s*add_(runtime_|development_)?dependency\\s*\\(?\\s*${STRING}([^\\n]*)`,
      'g',
    );
    for (const m of text.matchAll(dependency)) {
      const versions = strings(m[4] ?? '');
      dependencies.push({
        name: (m[2] ?? m[3]) as string,
        ...(versions.length > 0 ? { version: versions.join(', ') } : {}),
        line: lineOf(text, m.index ?? 0),
        dev: m[1] === 'development_',
      });
    }
    let licence: LocatedValue | undefined;
    const single = new RegExp(`\\.\\s*license\\s*=\\s*${STRING}`).exec(text);
    const plural = /\.\s*licenses\s*=\s*(?:\[([^\]]*)\]|%w[[(]([^\])]*)[\])])/.exec(text);
    if (single) licence = { value: (single[1] ?? single[2]) as string, line: lineOf(text, single.index) };
    else if (plural) {
      const list = plural[1] !== undefined ? strings(plural[1]) : (plural[2] ?? '').trim().split(/\s+/);
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
      ...(name ? { name: (name[1] ?? name[2]) as string } : {}),
      ...(licence ? { licence } : {}),
      dependencies,
      ...(ruby
        ? { engines: { ruby: { value: (ruby[1] ?? ruby[2]) as string, line: lineOf(text, ruby.index) } } }
        : {}),
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
      const gem = new RegExp(`^gem\\s*\\(?\\s*${STRING}(.*)$`).exec(code);
      if (gem) {
        const rest = gem[3] ?? '';
        // Constraints are the plain strings before any `key:` option.
        const constraints = strings(rest.split(/,\s*[a-z_]+:/)[0] ?? '');
        const inlineDev = /\bgroups?:\s*(\[[^\]]*\]|:\w+)/.exec(rest)?.[1];
        dependencies.push({
          name: (gem[1] ?? gem[2]) as string,
          ...(constraints.length > 0 ? { version: constraints.join(', ') } : {}),
          line,
          dev: groupStack.some(Boolean) || (inlineDev !== undefined && DEV_GROUPS.test(inlineDev)),
        });
        return;
      }
      const rubyVersion = new RegExp(`^ruby\\s*\\(?\\s*${STRING}`).exec(code);
      if (rubyVersion) ruby = { value: (rubyVersion[1] ?? rubyVersion[2]) as string, line };
    });
    return { dependencies, ...(ruby ? { engines: { ruby } } : {}), tool: 'bundler' };
  },
};
