import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { sendWebhook } from './fake-github.js';

/**
 * Local development without a webhook proxy: sends a recorded payload (one of
 * fixtures/webhooks/, or one copied from the App's "Recent Deliveries") to a running App,
 * signed with WEBHOOK_SECRET as GitHub signs it.
 *
 *   npx tsx src/devtools/send-webhook.ts <event> <payload.json> [url]
 */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const [
    event,
    file,
    url = `http://127.0.0.1:${env.PORT ?? 3000}${env.WEBHOOK_PATH ?? '/api/github/webhooks'}`,
  ] = argv;
  if (!event || !file) {
    console.error(
      'Usage: send-webhook <event> <payload.json> [url]   (signs with WEBHOOK_SECRET, default "development")',
    );
    return 2;
  }
  let payload: unknown;
  try {
    payload = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    console.error(`send-webhook: ${file}: ${(error as Error).message}`);
    return 2;
  }
  const response = await sendWebhook(url, { event, payload, secret: env.WEBHOOK_SECRET ?? 'development' });
  console.log(`${event} → ${url}: ${response.status} ${await response.text()}`);
  return response.ok ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2), process.env).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error((error as Error).message);
      process.exit(1);
    },
  );
}
