import type { Snapshot } from '../snapshot/snapshot.js';
import type { FactName } from '../snapshot/types.js';

export type Criterion = 'tcop-3' | 'tcop-4' | 'tcop-6' | 'tcop-12';
export type Level = 'baseline' | 'standard' | 'exemplar';
export type Status = 'pass' | 'fail' | 'warn' | 'info' | 'unknown';
export type MaybePromise<T> = T | Promise<T>;

export const CRITERIA: readonly Criterion[] = ['tcop-3', 'tcop-4', 'tcop-6', 'tcop-12'];
export const LEVELS: readonly Level[] = ['baseline', 'standard', 'exemplar'];

export interface Reference {
  title: string;
  url: string;
}

export interface Location {
  path: string;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
}

export interface CheckMeta<Id extends string> {
  /** kebab-case, equal to the file name, never renamed. */
  id: string;
  criterion: Criterion;
  level: Level;
  /** The good outcome, e.g. 'Repository has a security policy'. */
  title: string;
  /** One paragraph: what the check looks at and why. */
  description: string;
  /** Globs (minimatch, dot) of the files whose contents the check reads. */
  wants: readonly string[];
  /** API facts; when a source cannot supply them the check says `unknown`. */
  needs?: readonly FactName[];
  /** Message templates by lowerCamel id; `{{name}}` placeholders are filled from a finding's `data`. */
  messages: Record<Id, string>;
  /** What to do, per message id. Every message a check can fail or warn with needs one. */
  remediation: Partial<Record<NoInfer<Id>, string>>;
  references: readonly Reference[];
}

export interface CheckFinding<Id extends string = string> {
  status: Status;
  messageId: Id;
  /** Fills `{{placeholders}}`. Never a secret's value. */
  data?: Record<string, string | number>;
  location?: Location;
  /** Machine-readable facts (licence id, spec version…). */
  evidence?: Record<string, unknown>;
}

export interface Check<Id extends string = string> {
  meta: CheckMeta<Id>;
  /** Pure: no I/O, no clock but `snapshot.now`. May be async for parsers that are. */
  run(snapshot: Snapshot): MaybePromise<readonly CheckFinding<NoInfer<Id>>[]>;
}

/** Identity function that infers message ids from `messages`, so a typo in `run` fails to compile. */
export const defineCheck = <Id extends string>(check: Check<Id>): Check<Id> => check;

/** Any check, for registries. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- variance: Check<Id> is invariant in Id
export type AnyCheck = Check<any>;

/** A [start, end) range of UTF-16 offsets in a rendered message. */
export type Span = readonly [start: number, end: number];

/** A message with its placeholders filled, and where the filled-in text (maybe the repository's) is. */
export interface FilledMessage {
  text: string;
  /** The ranges of `text` that came from string values of `data`, in order. */
  filled: Span[];
}

/** The longest filled-in value a message shows: a 1 MB licence field is not repeated in full. */
export const MAX_FILLED_CHARS = 200;

/**
 * Token-like runs (letters and digits mixed, 24 characters or more) are how secrets look when a
 * parse error, an unknown key or a property name quotes one: all but their first four characters
 * are masked. Commit ids (40 or 64 hex digits) are not secrets and stay, and so do names made of
 * words (`20230807_Provenance_Pictures_Claims`, `sdc-rrm-authentication-signing-private-v1`): a
 * secret has a long random part (`ghp_1a2B3c…`), a file name has words, numbers and short tags
 * between its `-` and `_`.
 */
const TOKEN = /[A-Za-z0-9_+=-]{24,}/g;
const RANDOM_PART = 16;
const mixed = (s: string): boolean => /\d/.test(s) && /[A-Za-z]/.test(s);
const maskToken = (run: string): string =>
  !mixed(run) ||
  /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(run) ||
  !run.split(/[-_]+/).some((part) => part.length >= RANDOM_PART && mixed(part))
    ? run
    : `${run.slice(0, 4)}${'•'.repeat(8)}`;

/** A value as a message shows it: secret-like runs masked, at most {@link MAX_FILLED_CHARS}. */
export function boundedValue(value: string): string {
  // Masking reads a bounded prefix: a 1 MB value costs no more than a short one.
  const clipped = value.length > MAX_FILLED_CHARS * 4;
  const shown = (clipped ? value.slice(0, MAX_FILLED_CHARS * 4) : value).replace(TOKEN, maskToken);
  if (!clipped && shown.length <= MAX_FILLED_CHARS) return shown;
  let cut = Math.min(shown.length, MAX_FILLED_CHARS);
  // Never split a surrogate pair.
  if (/[\ud800-\udbff]/.test(shown.charAt(cut - 1))) cut--;
  return `${shown.slice(0, cut)}… (${value.length} characters)`;
}

/** Fill `{{name}}` placeholders, keeping where each string value went. */
export function fillMessage(template: string, data: Record<string, string | number> = {}): FilledMessage {
  const filled: Span[] = [];
  let text = '';
  let last = 0;
  for (const m of template.matchAll(/\{\{\s*(?<key>\w+)\s*\}\}/g)) {
    const key = m.groups?.key as string;
    text += template.slice(last, m.index);
    last = m.index + m[0].length;
    // Own keys only: `{{constructor}}` must not render Object.prototype.constructor's source.
    if (!Object.hasOwn(data, key)) {
      text += m[0];
      continue;
    }
    const raw = data[key];
    const value = typeof raw === 'string' ? boundedValue(raw) : raw;
    if (typeof value === 'string') {
      if (value.length > 0) filled.push([text.length, text.length + value.length]);
      text += value;
    } else {
      text += String(value);
    }
  }
  return { text: text + template.slice(last), filled };
}

/** Fill `{{name}}` placeholders. */
export function renderMessage(template: string, data: Record<string, string | number> = {}): string {
  return fillMessage(template, data).text;
}
