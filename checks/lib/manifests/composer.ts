import type { LocatedValue, ManifestDependency, ManifestReader } from './types.js';
import { asRecord, asString, asStringArray, jsonKeyLine, parseJson } from './text.js';

/** Platform packages (php, ext-*, lib-*, composer-*) are not dependencies. https://getcomposer.org/doc/01-basic-usage.md#platform-packages */
const PLATFORM = /^(php(-64bit|-ipv6|-zts|-debug)?|hhvm|ext-.+|lib-.+|composer(-plugin-api|-runtime-api)?)$/i;

export const composerJson: ManifestReader = {
  ecosystem: 'composer',
  kind: 'composer.json',
  globs: ['**/composer.json'],
  matches: (base) => base === 'composer.json',
  read(text) {
    const parsed = parseJson(text);
    if ('error' in parsed) return { dependencies: [], error: parsed.error };
    const doc = asRecord(parsed.value);
    if (!doc) return { dependencies: [], error: { message: 'composer.json is not a JSON object', line: 1 } };
    const dependencies: ManifestDependency[] = [];
    for (const [section, dev] of [
      ['require', false],
      ['require-dev', true],
    ] as const) {
      for (const [name, version] of Object.entries(asRecord(doc[section]) ?? {})) {
        if (PLATFORM.test(name)) continue;
        dependencies.push({
          name,
          ...(typeof version === 'string' ? { version } : {}),
          line: jsonKeyLine(text, name, section),
          dev,
        });
      }
    }
    // An array of licences means the user may choose: a disjunction. https://getcomposer.org/doc/04-schema.md#license
    const licences = typeof doc.license === 'string' ? [doc.license] : asStringArray(doc.license);
    const licence: LocatedValue | undefined =
      licences.length > 0
        ? {
            value: licences.length === 1 ? (licences[0] as string) : `(${licences.join(' OR ')})`,
            line: jsonKeyLine(text, 'license'),
          }
        : undefined;
    const php = asString(asRecord(doc.require)?.php);
    const name = asString(doc.name);
    return {
      ...(name ? { name } : {}),
      ...(licence ? { licence } : {}),
      dependencies,
      ...(php ? { engines: { php: { value: php, line: jsonKeyLine(text, 'php', 'require') } } } : {}),
    };
  },
};
