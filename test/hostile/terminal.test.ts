import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const ESC = '\u001b';
const RLO = '\u202e';
const ZWSP = '\u200b';
/** Anything a terminal would obey or that reorders or hides text. */
// eslint-disable-next-line no-control-regex -- the point of the test
const OBEYED = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/;

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

function repository(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'tcop-terminal-'));
  dirs.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

async function cli(argv: string[], tty = false) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (t: string) => (stdout += t), isTTY: tty },
    stderr: { write: (t: string) => (stderr += t) },
    env: { NO_COLOR: '1' },
  });
  return { code, stdout, stderr };
}

const HOSTILE = `MIT${ESC}]0;owned${ESC}\\${ESC}[2J${RLO}txt.exe${ZWSP}`;

describe('terminal escapes, bidi and zero-width characters never reach a terminal raw', () => {
  it('an unknown check id in the config is shown on stderr, not obeyed', async () => {
    const root = repository({ '.github/tcop.yml': `checks:\n  "x${ESC}[2J${RLO}y": off\n` });
    const { code, stderr } = await cli([root]);
    expect(code).toBe(2);
    expect(stderr).not.toMatch(OBEYED);
    expect(stderr).toContain('x␛[2J⟨U+202E⟩y');
  });

  it('the text report shows bidi and zero-width characters in repository text', async () => {
    const root = repository({ 'package.json': JSON.stringify({ name: 'x', license: HOSTILE }) });
    const { stdout } = await cli([root, '--format', 'text']);
    expect(stdout).not.toMatch(OBEYED);
    expect(stdout).toContain('MIT\ufffd]0;owned\ufffd\\\ufffd[2J⟨U+202E⟩txt.exe⟨U+200B⟩');
  });

  it('--format markdown and json on a TTY are shown, not obeyed', async () => {
    const root = repository({ 'package.json': JSON.stringify({ name: 'x', license: HOSTILE }) });
    for (const format of ['markdown', 'json']) {
      const { stdout } = await cli([root, '--format', format], true);
      expect(stdout).not.toMatch(OBEYED);
      expect(stdout).toContain('⟨U+202E⟩txt.exe');
    }
  });

  it('the same report written to a pipe keeps its bytes (JSON is data)', async () => {
    const root = repository({ 'package.json': JSON.stringify({ name: 'x', license: HOSTILE }) });
    const { stdout } = await cli([root, '--format', 'json'], false);
    expect(stdout).toContain(`${RLO}txt.exe`);
  });
});
