import type { Level } from '../../src/engine/check.js';
import type { AuditStore, SaveAuditInput } from '../../src/store/types.js';
// mulberry32: the same everywhere, so screenshots do not change between runs.
import { prng } from './fake-secrets.js';
import { OUTCOMES, sampleReport } from './sample-reports.js';

/**
 * Deterministic audit history for dashboard tests, screenshots and the benchmark: organisations
 * named like public-sector ones, levels that drift over time, one archived repository, a private
 * one that must never show, and a description with markup that must be shown as text.
 */
export const SEED_ORGS = [
  'nhsdigital',
  'alphagov',
  'nhsx',
  'ministryofjustice',
  'dwp',
  'hmrc',
  'nhs-england-tools',
  'co-cddo',
];
export const PRIVATE_REPOSITORY = { owner: 'nhsdigital', name: 'clinical-safety-case' };
export const MARKUP_REPOSITORY = { owner: 'alphagov', name: 'markup-description' };
export const MARKUP_DESCRIPTION = '<script>alert("xss")</script><b>bold</b> & "quoted"';

const OUTCOME_ORDER: readonly (Level | 'none')[] = ['none', 'baseline', 'standard', 'exemplar'];
const WORDS = [
  'api',
  'portal',
  'service',
  'frontend',
  'data',
  'platform',
  'forms',
  'notify',
  'booking',
  'records',
  'login',
  'search',
];
const EXTRA_FAILS = ['office-documents', 'openapi-spec-valid', 'readme', 'no-eol-runtime'];

export interface SeedOptions {
  repositories: number;
  auditsPerRepository: number;
  /** The newest audit's time; older ones go back a week each. */
  now?: Date;
  seed?: number;
  /** Called after each repository, for progress output. */
  onRepository?: (index: number) => void;
}

export interface SeededRepository {
  owner: string;
  name: string;
}

export async function seedDashboard(store: AuditStore, options: SeedOptions): Promise<SeededRepository[]> {
  const rand = prng(options.seed ?? 20261123);
  const now = (options.now ?? new Date('2026-11-23T09:00:00Z')).getTime();
  const seeded: SeededRepository[] = [];
  for (let i = 0; i < options.repositories; i++) {
    const special = i === 0 ? MARKUP_REPOSITORY : i === 1 ? PRIVATE_REPOSITORY : undefined;
    const owner = special?.owner ?? SEED_ORGS[i % SEED_ORGS.length] ?? 'nhsx';
    const name =
      special?.name ??
      `${WORDS[Math.floor(rand() * WORDS.length)]}-${WORDS[Math.floor(rand() * WORDS.length)]}-${i.toString(36)}`;
    let rank = Math.floor(rand() * 4);
    // Not every repository was pushed to this week.
    const lastAuditAgo = Math.floor(rand() * 21) * 86_400_000;
    const audits: SaveAuditInput[] = [];
    for (let a = 0; a < options.auditsPerRepository; a++) {
      // Levels drift: mostly stay, sometimes move one step, more often up than down.
      const roll = rand();
      if (a > 0) rank = Math.max(0, Math.min(3, rank + (roll < 0.15 ? 1 : roll > 0.93 ? -1 : 0)));
      const outcome = OUTCOME_ORDER[rank] ?? 'none';
      const extra =
        rank === 0 && rand() < 0.5 ? [EXTRA_FAILS[Math.floor(rand() * EXTRA_FAILS.length)] ?? 'readme'] : [];
      const generatedAt = new Date(
        now - lastAuditAgo - (options.auditsPerRepository - 1 - a) * 7 * 86_400_000 - i * 60_000,
      ).toISOString();
      audits.push({
        repo: {
          owner,
          name,
          visibility: special === PRIVATE_REPOSITORY ? 'private' : 'public',
          archived: i === 5,
          description:
            special === MARKUP_REPOSITORY
              ? MARKUP_DESCRIPTION
              : `Source code for ${name.replace(/-[0-9a-z]+$/, '').replace(/-/g, ' ')}.`,
          defaultBranch: 'main',
        },
        report: sampleReport({
          repo: `${owner}/${name}`,
          commit: hex40(rand),
          ref: 'main',
          generatedAt,
          failing: [
            ...OUTCOMES[outcome],
            ...extra,
            ...(special === MARKUP_REPOSITORY && a === options.auditsPerRepository - 1 ? ['readme'] : []),
          ],
          warning: rand() < 0.3 ? ['security-txt'] : [],
          ...(special === MARKUP_REPOSITORY && a === options.auditsPerRepository - 1
            ? { message: 'Found <img src=x onerror=alert(1)> in README.md' }
            : {}),
        }),
        trigger: 'push',
      });
    }
    await store.saveAudits(audits);
    seeded.push({ owner, name });
    options.onRepository?.(i);
  }
  return seeded;
}

function hex40(rand: () => number): string {
  let out = '';
  for (let i = 0; i < 5; i++)
    out += Math.floor(rand() * 0xffffffff)
      .toString(16)
      .padStart(8, '0');
  return out;
}
