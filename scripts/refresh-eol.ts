/**
 * Refreshes checks/data/eol.json from the endoflife.date API (https://endoflife.date/docs/api).
 *
 *   npx tsx scripts/refresh-eol.ts            # fetch and rewrite the file
 *   npx tsx scripts/refresh-eol.ts --dry-run  # print the differences only
 *
 * Run it by hand (or from a scheduled workflow) and commit the result: the supported-runtime check
 * reads only the committed file, so audits stay reproducible and tests never touch the network.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import type { EolData } from '../checks/lib/eol.js';

const DATA_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../checks/data/eol.json');

/** One release cycle as the v1-compatible `/api/<product>.json` endpoint returns it. */
const ApiCycle = z.object({
  cycle: z.union([z.string(), z.number()]).transform(String),
  eol: z.union([z.string(), z.boolean()]),
  lts: z.union([z.string(), z.boolean()]).optional(),
});

async function fetchProduct(api: string): Promise<EolData['products'][string]['cycles']> {
  const response = await fetch(`https://endoflife.date/api/${encodeURIComponent(api)}.json`, {
    headers: { accept: 'application/json', 'user-agent': 'tcop-audit refresh-eol' },
  });
  if (!response.ok) throw new Error(`${api}: HTTP ${response.status}`);
  const cycles = z.array(ApiCycle).parse(await response.json());
  return cycles.map((c) => ({
    cycle: c.cycle,
    eol: c.eol,
    ...(c.lts === undefined ? {} : { lts: c.lts !== false }),
  }));
}

async function main(): Promise<void> {
  if (process.env.VITEST) throw new Error('refresh-eol fetches from the network and must not run in tests');
  const dryRun = process.argv.includes('--dry-run');
  const current = JSON.parse(await readFile(DATA_FILE, 'utf8')) as EolData;
  const next: EolData = { ...current, retrieved: new Date().toISOString().slice(0, 10), products: {} };
  for (const [key, product] of Object.entries(current.products)) {
    const cycles = await fetchProduct(product.api);
    const before = new Map(product.cycles.map((c) => [c.cycle, c.eol]));
    for (const c of cycles) {
      if (before.get(c.cycle) !== c.eol)
        console.log(`${key} ${c.cycle}: ${String(before.get(c.cycle) ?? '(new)')} → ${String(c.eol)}`);
    }
    next.products[key] = { ...product, cycles };
  }
  if (dryRun) return;
  await writeFile(DATA_FILE, JSON.stringify(next, null, 2) + '\n');
  console.log(`wrote ${path.relative(process.cwd(), DATA_FILE)} (retrieved ${next.retrieved})`);
}

await main();
