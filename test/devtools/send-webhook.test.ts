import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/devtools/send-webhook.js';

describe('send-webhook', () => {
  let dir: string | undefined;
  afterEach(async () => {
    vi.restoreAllMocks();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('names the payload file that is not JSON, and sends nothing', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'send-webhook-'));
    const file = path.join(dir, 'push.json');
    await writeFile(file, '{"ref": "refs/heads/main",');
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((text: string) => void errors.push(text));
    const fetch = vi.spyOn(globalThis, 'fetch');
    // An unused port on loopback: were anything sent, the test would fail on the refused connection.
    expect(await main(['push', file, 'http://127.0.0.1:9/'], {})).toBe(2);
    expect(errors.join('\n')).toContain(`${file}: `);
    expect(fetch).not.toHaveBeenCalled();
  });
});
