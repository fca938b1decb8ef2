import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { CHECKS } from '../checks/index.js';
import licenceFile from '../checks/licence-file.js';
import { comparableId } from '../checks/lib/licence/declared.js';
import { parseExpression } from '../checks/lib/licence/expression.js';
import { corpusDir, corpusList, folderOf, repoOf } from '../scripts/corpus-list.js';
import type { Status } from '../src/engine/check.js';
import type { Finding } from '../src/engine/report.js';
import { audit } from '../src/engine/run.js';
import { LocalSource } from '../src/snapshot/local.js';
import { Snapshot } from '../src/snapshot/snapshot.js';

/**
 * Audits every repository checked out under TCOP_CORPUS_DIR (see `npm run corpus:extract`) and prints,
 * per check, how many repositories pass, fail, warn or are unknown, then every finding that is not a
 * pass with its repository and location, so that a person can review them (docs/real-world-review.md).
 * Then runs licensee's own fixture suite (one directory per case, its expected licence in
 * fixtures.yml) through licence-file and counts the cases where both agree.
 *
 * The machine-readable findings go to bench/out/corpus.json, for comparing two runs.
 *
 * TCOP_CORPUS_ONLY=licensee runs only the fixture suite; TCOP_CORPUS_ONLY=owner/name,… audits only
 * those repositories.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STATUSES: readonly Status[] = ['pass', 'fail', 'warn', 'unknown', 'info'];
const REVIEWED: ReadonlySet<Status> = new Set(['fail', 'warn', 'unknown']);

interface RepoRun {
  repo: string;
  commit: string | undefined;
  listed: boolean;
  seconds: number;
  files: number;
  statuses: Record<string, Status>;
  findings: Finding[];
  error?: string;
}

const where = (f: Finding): string =>
  f.location ? `${f.location.path}${f.location.startLine ? `:${f.location.startLine}` : ''}` : '—';

/** One line of text: messages may hold newlines from repository content. */
const oneLine = (s: string): string => s.replace(/\s*\n\s*/g, ' ').trim();

async function auditAll(dir: string, now: Date, only: readonly string[]): Promise<RepoRun[]> {
  const list = corpusList();
  const listed = new Map(list.repositories.map((r) => [folderOf(r.repo), r]));
  const folders = readdirSync(dir)
    .filter((f) => f !== folderOf(list.licensee.repo) && statSync(path.join(dir, f)).isDirectory())
    .filter((f) => only.length === 0 || only.includes(repoOf(f) ?? f))
    .sort();
  const runs: RepoRun[] = [];
  for (const folder of folders) {
    const entry = listed.get(folder);
    const repo = entry?.repo ?? repoOf(folder) ?? folder;
    const started = performance.now();
    try {
      const { report } = await audit(new LocalSource(path.join(dir, folder)), { checks: CHECKS, now });
      runs.push({
        repo,
        commit: report.target.commit,
        listed: entry !== undefined,
        seconds: (performance.now() - started) / 1000,
        files: report.snapshot.files,
        statuses: Object.fromEntries(report.checks.map((c) => [c.id, c.status])),
        findings: report.findings,
      });
    } catch (error) {
      runs.push({
        repo,
        commit: undefined,
        listed: entry !== undefined,
        seconds: (performance.now() - started) / 1000,
        files: 0,
        statuses: {},
        findings: [],
        error: (error as Error).message,
      });
    }
  }
  return runs;
}

function printRepositories(runs: readonly RepoRun[], dir: string): void {
  const list = corpusList();
  const found = new Set(runs.map((r) => r.repo));
  const missing = list.repositories.filter((r) => !found.has(r.repo));
  console.log(
    `Corpus: ${runs.length} repositories under ${dir} (${list.repositories.length} listed in bench/corpus-repos.json, ${missing.length} of them not checked out); audit date ${list.auditDate}.`,
  );
  if (missing.length > 0) console.log(`Not checked out: ${missing.map((r) => r.repo).join(', ')}`);
  const pinned = new Map(list.repositories.map((r) => [r.repo, r.commit]));
  const drifted = runs.filter((r) => r.listed && r.commit !== pinned.get(r.repo));
  if (drifted.length > 0)
    console.log(`Not at the listed commit (run corpus:extract): ${drifted.map((r) => r.repo).join(', ')}`);
  console.log('');
  console.log('| repository | kind | files | seconds | fail | warn | unknown |');
  console.log('|---|---|---:|---:|---:|---:|---:|');
  const kinds = new Map(list.repositories.map((r) => [r.repo, `${r.sector}: ${r.kind}`]));
  for (const r of runs) {
    const count = (s: Status): number => Object.values(r.statuses).filter((x) => x === s).length;
    const label = r.error ? `error: ${oneLine(r.error)}` : (kinds.get(r.repo) ?? 'not listed');
    console.log(
      `| ${r.repo} | ${label} | ${r.files} | ${r.seconds.toFixed(1)} | ${count('fail')} | ${count('warn')} | ${count('unknown')} |`,
    );
  }
  const total = runs.reduce((a, r) => a + r.seconds, 0);
  const sorted = runs.map((r) => r.seconds).sort((a, b) => a - b);
  console.log(
    `\nAudit time: ${total.toFixed(0)} s in all, median ${(sorted[Math.floor(sorted.length / 2)] ?? 0).toFixed(2)} s per repository.`,
  );
}

function printChecks(runs: readonly RepoRun[]): void {
  console.log('\nPer check: the status of the check in each repository.\n');
  console.log(`| check | ${STATUSES.join(' | ')} | findings to review |`);
  console.log(`|---|${STATUSES.map(() => '---:').join('|')}|---:|`);
  for (const check of CHECKS) {
    const id = check.meta.id;
    const counts = STATUSES.map((s) => runs.filter((r) => r.statuses[id] === s).length);
    const review = runs.flatMap((r) => r.findings.filter((f) => f.check === id && REVIEWED.has(f.status)));
    console.log(`| ${id} | ${counts.join(' | ')} | ${review.length} |`);
  }
  console.log('\nEvery finding that is not a pass (fail, warn, unknown), by check:');
  for (const check of CHECKS) {
    const id = check.meta.id;
    const rows = runs.flatMap((r) =>
      r.findings.filter((f) => f.check === id && REVIEWED.has(f.status)).map((f) => ({ r, f })),
    );
    if (rows.length === 0) continue;
    console.log(`\n### ${id} (${rows.length})\n`);
    for (const { r, f } of rows)
      console.log(`- ${f.status} · ${r.repo} · ${where(f)} · ${f.messageId} · ${oneLine(f.message)}`);
  }
}

/** licensee's licence keys (choosealicense.com) to SPDX ids, from the licence texts' front matter. */
function licenseeKeys(repoDir: string): Map<string, string> {
  const keys = new Map<string, string>();
  const dir = path.join(repoDir, 'vendor/choosealicense.com/_licenses');
  if (!existsSync(dir)) return keys;
  for (const file of readdirSync(dir)) {
    const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(path.join(dir, file), 'utf8'));
    const id = front ? /^spdx-id:\s*(\S+)/m.exec(front[1] as string) : null;
    if (id) keys.set(file.replace(/\.txt$/, ''), id[1] as string);
  }
  return keys;
}

/** What licence-file makes of a directory: an SPDX expression, 'other' (a licence, not a standard one) or 'none'. */
async function ourAnswer(dir: string, now: Date): Promise<{ answer: string; detail: string }> {
  const data = await new LocalSource(dir).load({
    wants: licenceFile.meta.wants,
    needs: [],
    ignore: [],
    maxFileBytes: 1024 * 1024,
    now,
  });
  const findings = await licenceFile.run(new Snapshot(data));
  const detail = findings.map((f) => `${f.status} ${f.messageId}`).join(', ');
  const spdxOf = (e: unknown): string | undefined =>
    typeof (e as { spdx?: unknown } | undefined)?.spdx === 'string'
      ? (e as { spdx: string }).spdx
      : undefined;
  const combined = findings.find((f) => f.messageId === 'combined');
  const identified = combined ?? findings.find((f) => spdxOf(f.evidence) !== undefined);
  const id = identified ? spdxOf(identified.evidence) : undefined;
  if (id !== undefined) return { answer: id, detail };
  // A modified licence is a licence, but not a standard one: licensee's "other".
  const modified = findings.find((f) => f.messageId === 'modified' || f.messageId === 'modifiedByPatents');
  if (modified) {
    const closest = (modified.evidence as { closest?: string } | undefined)?.closest ?? '?';
    return { answer: `other (modified ${closest})`, detail };
  }
  if (findings.some((f) => f.messageId === 'unrecognised')) return { answer: 'other', detail };
  return { answer: 'none', detail };
}

type Agreement = 'yes' | 'no' | 'outside its list' | 'several';

/**
 * licensee answers "other" for any licence outside its own list (choosealicense.com's), so naming a
 * licence it does not list (CC-BY-NC-SA-4.0, Pixar) is not a disagreement about the text: those cases
 * are counted apart.
 */
function agreement(expected: string, answer: string, known: ReadonlySet<string>): Agreement {
  if (expected === answer || (expected === 'other' && answer.startsWith('other ('))) return 'yes';
  if (expected === 'other' && answer !== 'none') {
    const ids = parseExpression(answer)?.licences ?? [];
    const listed = (id: string): boolean => [...known].some((k) => comparableId(k) === comparableId(id));
    if (ids.length > 0 && !ids.some(listed)) return 'outside its list';
    // licensee answers "other" whenever it finds more than one licence (Licensee::Projects::Project#license).
    if (ids.length > 1) return 'several';
  }
  if (expected === 'other' || expected === 'none' || answer === 'other' || answer === 'none') return 'no';
  return comparableId(expected) === comparableId(answer) ? 'yes' : 'no';
}

async function licenseeSuite(dir: string, now: Date): Promise<void> {
  const { licensee } = corpusList();
  const repoDir = path.join(dir, folderOf(licensee.repo));
  const fixtures = path.join(repoDir, licensee.fixtures);
  if (!existsSync(path.join(repoDir, licensee.expectations))) {
    console.log(`\nlicensee's fixtures are not checked out (${repoDir}): run npm run corpus:extract.`);
    return;
  }
  const expectations = parseYaml(readFileSync(path.join(repoDir, licensee.expectations), 'utf8')) as Record<
    string,
    { key?: string | null }
  >;
  const keys = licenseeKeys(repoDir);
  const known = new Set(keys.values());
  const rows: { fixture: string; expected: string; answer: string; detail: string; ok: Agreement }[] = [];
  for (const [fixture, e] of Object.entries(expectations)) {
    const key = e.key ?? 'none';
    const expected =
      key === 'other' ? 'other' : key === 'none' || key === 'no-license' ? 'none' : (keys.get(key) ?? key);
    const { answer, detail } = await ourAnswer(path.join(fixtures, fixture), now);
    rows.push({ fixture, expected, answer, detail, ok: agreement(expected, answer, known) });
  }
  const agreed = rows.filter((r) => r.ok === 'yes').length;
  const outside = rows.filter((r) => r.ok === 'outside its list').length;
  const several = rows.filter((r) => r.ok === 'several').length;
  console.log(
    `\n## licensee fixtures (${licensee.repo}@${licensee.commit.slice(0, 7)}, ${licensee.fixtures})\n`,
  );
  console.log(
    `Agreement: ${agreed + outside + several}/${rows.length} cases: ${agreed} give the same answer, ${several} where tcop-audit names the several licences for which licensee answers "other", and ${outside} where tcop-audit names a licence outside licensee's list, which licensee calls "other".\n`,
  );
  console.log('| fixture | licensee expects | tcop-audit | agree | licence-file findings |');
  console.log('|---|---|---|---|---|');
  for (const r of rows)
    console.log(
      `| ${r.fixture} | ${r.expected} | ${r.answer} | ${r.ok === 'no' ? '**no**' : r.ok} | ${r.detail} |`,
    );
}

export async function run(): Promise<void> {
  const dir = corpusDir();
  if (!existsSync(dir)) {
    console.log(`No corpus at ${dir}: run \`npm run corpus:extract -- --mirrors DIR\` (or --clone) first.`);
    return;
  }
  const list = corpusList();
  const now = new Date(process.env.TCOP_CORPUS_NOW ?? `${list.auditDate}T12:00:00Z`);
  const only = (process.env.TCOP_CORPUS_ONLY ?? '').split(',').filter(Boolean);
  if (only.includes('licensee')) return licenseeSuite(dir, now);
  const runs = await auditAll(dir, now, only);
  printRepositories(runs, dir);
  printChecks(runs);
  if (only.length === 0) await licenseeSuite(dir, now);
  const out = path.join(ROOT, 'bench/out/corpus.json');
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(
    out,
    JSON.stringify(
      runs.map((r) => ({
        repo: r.repo,
        commit: r.commit,
        statuses: r.statuses,
        findings: r.findings
          .filter((f) => REVIEWED.has(f.status))
          .map((f) => ({
            check: f.check,
            status: f.status,
            messageId: f.messageId,
            where: where(f),
            message: f.message,
          })),
      })),
      null,
      1,
    ),
  );
  console.log(`\nFindings written to ${path.relative(ROOT, out)}.`);
}
