import { LineCounter, type Document } from 'yaml';
import { parseYamlDocument } from '../src/engine/yaml-nesting.js';
import { defineCheck, type CheckFinding } from '../src/engine/check.js';
import { comparableId } from './lib/licence/declared.js';
import { LICENCE_FILE_WANTS, repositoryLicence } from './lib/licence/detect.js';
import { parseExpression } from './lib/licence/expression.js';

type MessageId = 'valid' | 'invalid' | 'unparsable' | 'licenceDiffers' | 'absent' | 'unreadable';

/** Allowed values, from the publiccode.yml core schema (https://yml.publiccode.tools/schema.core.html). */
const DEVELOPMENT_STATUS = ['concept', 'development', 'beta', 'stable', 'obsolete'];
const SOFTWARE_TYPE = [
  'standalone/mobile',
  'standalone/iot',
  'standalone/desktop',
  'standalone/web',
  'standalone/backend',
  'standalone/other',
  'addon',
  'library',
  'configurationFiles',
];
const MAINTENANCE_TYPE = ['internal', 'contract', 'community', 'none'];

interface Problem {
  key: string;
  problem: string;
}

const record = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const nonEmptyString = (v: unknown): boolean => typeof v === 'string' && v.trim() !== '';
const nonEmptyList = (v: unknown): boolean => Array.isArray(v) && v.length > 0;

/** The core keys every publiccode.yml must have, whatever its country extensions. */
export function publiccodeProblems(doc: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const need = (key: string, ok: boolean, problem = 'is required'): void => {
    if (!ok) problems.push({ key, problem });
  };
  need(
    'publiccodeYmlVersion',
    nonEmptyString(doc.publiccodeYmlVersion) || typeof doc.publiccodeYmlVersion === 'number',
  );
  need('name', nonEmptyString(doc.name));
  need(
    'url',
    typeof doc.url === 'string' && /^(https?|git|ssh):\/\/|^git@/.test(doc.url),
    'must be the URL of the source repository',
  );
  need('platforms', nonEmptyList(doc.platforms), 'must list at least one platform');
  need(
    'developmentStatus',
    DEVELOPMENT_STATUS.includes(String(doc.developmentStatus)),
    `must be one of ${DEVELOPMENT_STATUS.join(', ')}`,
  );
  need(
    'softwareType',
    SOFTWARE_TYPE.includes(String(doc.softwareType)),
    `must be one of ${SOFTWARE_TYPE.join(', ')}`,
  );
  const description = record(doc.description);
  const languages = Object.entries(description ?? {});
  need('description', languages.length > 0, 'must have at least one language, such as en');
  for (const [lang, value] of languages) {
    const d = record(value);
    need(`description.${lang}.shortDescription`, nonEmptyString(d?.shortDescription));
    need(`description.${lang}.longDescription`, nonEmptyString(d?.longDescription));
    need(`description.${lang}.features`, nonEmptyList(d?.features), 'must list at least one feature');
  }
  const legal = record(doc.legal);
  need(
    'legal.license',
    typeof legal?.license === 'string' && parseExpression(legal.license) !== undefined,
    'must be a valid SPDX expression',
  );
  const maintenance = record(doc.maintenance);
  const type = String(maintenance?.type);
  need('maintenance.type', MAINTENANCE_TYPE.includes(type), `must be one of ${MAINTENANCE_TYPE.join(', ')}`);
  if (type === 'internal' || type === 'community')
    need(
      'maintenance.contacts',
      nonEmptyList(maintenance?.contacts),
      `is required when maintenance.type is ${type}`,
    );
  if (type === 'contract')
    need(
      'maintenance.contractors',
      nonEmptyList(maintenance?.contractors),
      'is required when maintenance.type is contract',
    );
  const localisation = record(doc.localisation);
  need(
    'localisation.localisationReady',
    typeof localisation?.localisationReady === 'boolean',
    'must be true or false',
  );
  need(
    'localisation.availableLanguages',
    nonEmptyList(localisation?.availableLanguages),
    'must list at least one language',
  );
  return problems;
}

/** 1-based line of a dotted key's value, or of its nearest existing parent. */
function lineOfKey(doc: Document, lines: LineCounter, key: string): number {
  const parts = key.split('.');
  for (let n = parts.length; n > 0; n--) {
    const node = doc.getIn(parts.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return lines.linePos(node.range[0]).line;
  }
  return 1;
}

export default defineCheck({
  meta: {
    id: 'publiccode-yml',
    criterion: 'tcop-3',
    level: 'exemplar',
    title: 'publiccode.yml describes the software for reuse',
    description:
      'publiccode.yml is an open standard for describing public sector software (what it does, its status, licence and maintainer) so that catalogues can find it and other organisations can reuse it. When the file is present it must have the core keys of the standard; when absent, adding it is suggested.',
    wants: ['publiccode.{yml,yaml}', ...LICENCE_FILE_WANTS],
    messages: {
      valid: '{{path}} has every core key of the publiccode.yml standard.',
      invalid: '{{path}}: {{key}} {{problem}}.',
      unparsable: '{{path}} is not valid YAML: {{error}}.',
      unreadable: '{{path}} could not be read ({{reason}}), so whether it is valid is unknown.',
      licenceDiffers: '{{path}} declares legal.license {{declared}}, but {{licencePath}} is {{spdx}}.',
      absent:
        'No publiccode.yml: adding one lets public sector software catalogues find and describe this code.',
    },
    remediation: {
      invalid:
        'Set {{key}} in {{path}} as the standard describes (https://yml.publiccode.tools/schema.core.html).',
      unparsable: 'Fix the YAML syntax of {{path}}.',
      unreadable: 'Keep {{path}} as UTF-8 text under the size limit (maxFileBytes in .github/tcop.yml).',
      licenceDiffers: 'Make legal.license in {{path}} the SPDX id of the licence file ({{spdx}}).',
      absent:
        'Add a publiccode.yml at the root; the editor at https://publiccode-editor.developers.italia.it/ writes a valid one.',
    },
    references: [
      { title: 'publiccode.yml standard', url: 'https://yml.publiccode.tools/' },
      { title: 'publiccode.yml core schema', url: 'https://yml.publiccode.tools/schema.core.html' },
    ],
  },
  run(snapshot) {
    const path = ['publiccode.yml', 'publiccode.yaml'].find((p) => snapshot.has(p));
    if (!path) return [{ status: 'info', messageId: 'absent' }];
    const content = snapshot.content(path);
    // A file too large (or binary) to read is not an empty one: every key would be reported missing.
    if (content?.kind !== 'text')
      return [
        {
          status: 'unknown',
          messageId: 'unreadable',
          data: { path, reason: content?.reason ?? 'not read' },
          location: { path },
        },
      ];
    const { text } = content;
    const lines = new LineCounter();
    const doc = parseYamlDocument(text, { lineCounter: lines, prettyErrors: false });
    const [error] = doc.errors;
    if (error) {
      const line = error.linePos?.[0].line ?? 1;
      return [
        {
          status: 'fail',
          messageId: 'unparsable',
          data: { path, error: error.message.split('\n')[0] ?? 'syntax error' },
          location: { path, startLine: line },
        },
      ];
    }
    const value = record(doc.toJS() as unknown) ?? {};
    const problems = publiccodeProblems(value);
    const findings: CheckFinding<MessageId>[] = problems.map((p) => ({
      status: 'fail',
      messageId: 'invalid',
      data: { path, key: p.key, problem: p.problem },
      location: { path, startLine: lineOfKey(doc, lines, p.key) },
    }));
    const declared = record(value.legal)?.license;
    const licence = repositoryLicence(snapshot);
    const file = licence.files.find((f) => f.identification?.kind === 'licence');
    const parsed = typeof declared === 'string' ? parseExpression(declared) : undefined;
    if (parsed && licence.spdx !== undefined && file) {
      const offered = new Set(licence.licences.map((l) => comparableId(l.spdx)));
      if (!parsed.licences.every((id) => offered.has(comparableId(id)))) {
        findings.push({
          status: 'warn',
          messageId: 'licenceDiffers',
          data: { path, declared: parsed.expression, licencePath: file.path, spdx: licence.spdx },
          location: { path, startLine: lineOfKey(doc, lines, 'legal.license') },
        });
      }
    }
    if (problems.length === 0) {
      findings.unshift({
        status: 'pass',
        messageId: 'valid',
        data: { path },
        location: { path },
        evidence: {
          path,
          publiccodeYmlVersion: String(value.publiccodeYmlVersion),
          developmentStatus: value.developmentStatus,
          license: declared,
        },
      });
    }
    return findings;
  },
});
