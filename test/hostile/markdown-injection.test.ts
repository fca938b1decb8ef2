import type { Link } from 'mdast';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../checks/index.js';
import { renderCheckRuns, renderConfigError } from '../../src/app/check-runs.js';
import { renderMarkdown } from '../../src/cli/reporters/markdown.js';
import { ConfigError, resolveConfig } from '../../src/engine/config.js';
import { runChecks } from '../../src/engine/run.js';
import { memorySnapshot } from '../../src/snapshot/memory.js';
import { LINKED_BY_GITHUB, allNodes, parseGfm } from '../support/markdown.js';

/** A package.json licence field written to take over a check run: heading, phishing link, tracker, mention. */
const LICENCE =
  'MIT\n\n# Security notice\n\n[Verify your account](https://phish.example/login) ![](https://track.example/p.gif) @octocat <img src=x onerror=alert(1)>';

async function audit(licence: string) {
  const checks = CHECKS.filter((c) => c.meta.id === 'licence-manifest');
  const config = resolveConfig([], { knownChecks: checks.map((c) => c.meta.id) });
  const data = memorySnapshot({
    files: { 'package.json': JSON.stringify({ name: 'app', license: licence }), LICENSE: 'MIT License\n' },
    target: { kind: 'github', owner: 'acme', repo: 'app', ref: 'main' },
    commit: 'c'.repeat(40),
  }).data;
  return { ...(await runChecks(data, config, checks)), config };
}

const ESCAPED =
  'package.json declares "MIT␊␊# Security notice␊␊\\[Verify your account\\](https:&#8203;//phish.example/login) !\\[\\](https:&#8203;//track.example/p.gif) @&#8203;octocat \\<img src=x onerror=alert(1)\\>", which is not a valid SPDX licence expression.';

/** Links, images, HTML and headings in rendered Markdown, and text GitHub would link. */
function injected(markdown: string) {
  const nodes = allNodes(parseGfm(markdown));
  return {
    urls: nodes.filter((n): n is Link => n.type === 'link' || n.type === 'image').map((n) => n.url),
    html: nodes.flatMap((n) => (n.type === 'html' ? [n.value] : [])),
    headings: nodes.filter((n) => n.type === 'heading').length,
    /** Text GitHub would link that came from the licence field (our own remediation links to SPDX). */
    linkedText: nodes.filter(
      (n) => n.type === 'text' && LINKED_BY_GITHUB.test(n.value) && /octocat|phish|track/.test(n.value),
    ).length,
  };
}

describe('repository text in Markdown output', () => {
  it('a licence field cannot add a heading, link, image, HTML or mention to a check run', async () => {
    const { report, config } = await audit(LICENCE);
    const [tcop3] = renderCheckRuns(report, config);
    const summary = tcop3?.summary ?? '';
    expect(summary).toContain(
      `**❌ Package manifests declare the licence of the licence file** — \`package.json:1\`  \n${ESCAPED}\n`,
    );
    const found = injected(summary);
    expect(found.urls.filter((u) => !u.startsWith('https://github.com/tcop-audit/'))).toEqual([
      'https://spdx.github.io/spdx-spec/v2.3/SPDX-license-expressions/',
      'https://spdx.github.io/spdx-spec/v2.3/SPDX-license-expressions/',
      'https://docs.npmjs.com/cli/v10/configuring-npm/package-json#license',
      'https://peps.python.org/pep-0639/',
    ]);
    expect(found).toMatchObject({ html: ['<sub>', '</sub>'], headings: 3, linkedText: 0 });
  });

  it('nor to a pull request summary of what it introduces', async () => {
    const { report, config } = await audit(LICENCE);
    const { report: base } = await audit('MIT');
    const summary = renderCheckRuns(report, config, { base })[0]?.summary ?? '';
    expect(summary).toContain(`**Introduces 1 problem**\n\n- ❌ ${ESCAPED} — \`package.json:1\`\n`);
    expect(injected(summary)).toMatchObject({ html: ['<sub>', '</sub>'], headings: 4, linkedText: 0 });
  });

  it('nor to --format markdown', async () => {
    const { report } = await audit(LICENCE);
    const md = renderMarkdown(report);
    expect(md).toContain(`- ❌ **licence-manifest**: ${ESCAPED} (\`package.json:1\`)\n`);
    expect(injected(md)).toEqual({
      urls: ['https://spdx.github.io/spdx-spec/v2.3/SPDX-license-expressions/'],
      html: [],
      headings: 3,
      linkedText: 0,
    });
  });

  it('a config error quotes the file and detail as text', () => {
    const error = new ConfigError(
      '.github/tcop.yml',
      3,
      'checks.`x`',
      'unknown check "[x](https://phish.example)" @octocat',
    );
    const [run] = renderConfigError(error);
    expect(run?.summary).toContain(
      '`.github/tcop.yml:3` — field `` checks.`x` ``: unknown check "\\[x\\](https:&#8203;//phish.example)" @&#8203;octocat',
    );
  });
});
