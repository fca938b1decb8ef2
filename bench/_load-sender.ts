import { Agent, request } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * The load benchmark's sender, in a process of its own: nothing else runs on its event loop (the
 * fake GitHub and its 1,000 repositories live in the parent), so a late timer or a late answer
 * is the server's, not a garbage collection of the fake's heap.
 *
 * Paced open loop: request i is due at start + i / rate, whatever the answers before it. Its
 * latency is counted from when it was due, not from when it left, so a sender that fell behind
 * cannot hide the delay (coordinated omission); how late each request left is reported on its
 * own, with the sender's event-loop delay, to show the sender was not the bottleneck.
 */

export interface SenderRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface SenderCommand {
  base: string;
  rate: number;
  requests: SenderRequest[];
}

export interface SenderResult {
  /** From when each request was due to the end of its answer, ms. */
  latencies: number[];
  /** How late each request left after it was due, ms. */
  lateness: number[];
  statuses: Record<string, number>;
  seconds: number;
  /** The sender's own event-loop delay over the stream, ms. */
  loopDelayP99: number;
  /** The sender's CPU over the stream, ms. */
  cpuMs: number;
}

/** Keep-alive connections, as GitHub's deliveries reuse them; one socket per request in flight. */
const agent = new Agent({ keepAlive: true, maxSockets: Infinity });

function send(url: URL, r: SenderRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: r.method, headers: r.headers, agent }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
      res.once('error', reject);
    });
    req.once('error', reject);
    req.end(r.body);
  });
}

export async function openLoop(command: SenderCommand): Promise<SenderResult> {
  const urls = command.requests.map((r) => new URL(r.path, command.base));
  const latencies: number[] = [];
  const lateness: number[] = [];
  const statuses: Record<string, number> = {};
  const loop = monitorEventLoopDelay({ resolution: 1 });
  const cpu0 = process.cpuUsage();
  const interval = 1000 / command.rate;
  const pending: Promise<void>[] = [];
  loop.enable();
  const start = performance.now();
  let next = 0;
  while (next < command.requests.length) {
    const now = performance.now();
    // Everything due by now leaves now; then sleep until the next one is due.
    while (next < command.requests.length && start + next * interval <= now) {
      const due = start + next * interval;
      const i = next++;
      lateness.push(performance.now() - due);
      pending.push(
        send(urls[i] as URL, command.requests[i] as SenderRequest).then(
          (status) => {
            latencies.push(performance.now() - due);
            statuses[status] = (statuses[status] ?? 0) + 1;
          },
          (error: NodeJS.ErrnoException) => {
            latencies.push(performance.now() - due);
            const name = `error ${error.code ?? error.message}`;
            statuses[name] = (statuses[name] ?? 0) + 1;
          },
        ),
      );
    }
    const wait = start + next * interval - performance.now();
    if (next < command.requests.length)
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
  }
  await Promise.all(pending);
  const seconds = (performance.now() - start) / 1000;
  loop.disable();
  const cpu = process.cpuUsage(cpu0);
  return {
    latencies,
    lateness,
    statuses,
    seconds,
    loopDelayP99: loop.percentile(99) / 1e6,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
}

if (process.send) {
  process.on('message', (command: SenderCommand) => {
    void openLoop(command).then((result) => process.send?.(result));
  });
  process.send({ ready: true });
}
