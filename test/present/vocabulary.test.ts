import { describe, expect, it } from 'vitest';
import { renderCheckRuns } from '../../src/app/check-runs.js';
import { renderMarkdown } from '../../src/cli/reporters/markdown.js';
import { renderText } from '../../src/cli/reporters/text.js';
import { LEVELS, type Level } from '../../src/engine/check.js';
import { LEVEL_NAMES, NOT_MET, STATUS_LABELS, levelName } from '../../src/present/vocabulary.js';
import { BadgeCache, badgeText } from '../../src/web/badges.js';
import { levelTag } from '../../src/web/view.js';
import { OUTCOMES, sampleReport } from '../support/sample-reports.js';

const config = { level: 'baseline' as const, mode: 'enforce' as const, sources: [] };

/** Every output names a repository's level with the same word. */
describe('one presentation vocabulary', () => {
  it.each([...LEVELS, null] as (Level | null)[])('level %s reads the same everywhere', (level) => {
    const report = sampleReport({
      repo: 'acme/app',
      commit: 'c'.repeat(40),
      generatedAt: '2026-05-01T00:00:00Z',
      failing: OUTCOMES[level ?? 'none'],
    });
    expect(report.level).toBe(level);
    const word = levelName(level);
    expect(word).toBe(level ? LEVEL_NAMES[level] : NOT_MET);
    expect(renderText(report)).toContain(`Level reached: ${word} (required: Baseline)`);
    expect(renderMarkdown(report)).toMatch(new RegExp(`^## TCoP audit: ${word}\\n`));
    expect(badgeText(level)).toBe(`TCoP · ${word}`);
    expect(JSON.parse(new BadgeCache().get(level).json)).toMatchObject({ message: word });
    expect(levelTag(level).value).toContain(`>${word}</span>`);
    const overall = renderCheckRuns(report, config).map((r) => r.summary);
    for (const [i, criterion] of report.criteria.entries())
      expect(overall[i]).toContain(`| **${levelName(criterion.level)}** |`);
  });

  it('check runs and --format markdown label statuses alike', () => {
    const report = sampleReport({
      repo: 'acme/app',
      commit: 'c'.repeat(40),
      generatedAt: '2026-05-01T00:00:00Z',
      failing: ['licence-file'],
    });
    const md = renderMarkdown(report);
    const [tcop3] = renderCheckRuns(report, config);
    expect(md).toContain(
      `| Repository has an open source licence (\`licence-file\`) | Baseline | ❌ ${STATUS_LABELS.fail} |`,
    );
    expect(tcop3?.summary).toMatch(
      /\| ❌ \| \[Repository has an open source licence\]\([^)]+\) `licence-file` \| Baseline \| Fails \|/,
    );
  });
});
