import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import WebSocket from 'ws';

// CPU profiles of the extension's contexts over a measurement, through the DevTools protocol
// on Chromium's remote-debugging port (Playwright opens no protocol session to a service
// worker). `npm run bench -- --only card --profile DIR` writes one .cpuprofile per context
// (DevTools' Performance panel opens them) and prints where each spent its time.

/** The remote-debugging port the bench's Chromium listens on when profiling (127.0.0.1 only). */
export const PROFILE_PORT = 4300;

interface TargetInfo {
  type: string;
  url: string;
  webSocketDebuggerUrl?: string;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** One protocol connection to a target, with request/answer pairing. */
async function connect(url: string) {
  const socket = new WebSocket(url, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let next = 0;
  const waiting = new Map<number, (result: unknown) => void>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: unknown };
    if (message.id !== undefined) waiting.get(message.id)?.(message.error ?? message.result);
    if (message.id !== undefined) waiting.delete(message.id);
  });
  return {
    send<T>(method: string, params: object = {}): Promise<T> {
      const id = ++next;
      socket.send(JSON.stringify({ id, method, params }));
      return new Promise<T>((resolve) => waiting.set(id, resolve as (result: unknown) => void));
    },
    close: () => socket.close(),
  };
}

/** The port's targets whose url matches, by a name for the files: the worker, the panel, the mailbox. */
async function targets(port: number): Promise<Map<string, string>> {
  const list = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as TargetInfo[];
  const found = new Map<string, string>();
  for (const target of list) {
    if (!target.webSocketDebuggerUrl) continue;
    const name =
      target.type === 'service_worker' && target.url.endsWith('/background.js')
        ? 'worker'
        : target.url.includes('/sidepanel.html')
          ? 'panel'
          : target.url.startsWith('https://mail.google.com/')
            ? 'mailbox'
            : null;
    if (name && !found.has(name)) found.set(name, target.webSocketDebuggerUrl);
  }
  return found;
}

/** Runs `work` while the worker, the panel and the mailbox page are profiled; writes and summarises them. */
export async function profiled<T>(
  port: number,
  dir: string,
  label: string,
  work: () => Promise<T>,
): Promise<{ result: T; summaries: Record<string, ProfileSummary> }> {
  const sessions = await Promise.all(
    [...(await targets(port))].map(async ([name, url]) => ({ name, session: await connect(url) })),
  );
  for (const { session } of sessions) {
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: 200 });
    await session.send('Profiler.start');
  }
  const result = await work();
  await mkdir(dir, { recursive: true });
  const summaries: Record<string, ProfileSummary> = {};
  for (const { name, session } of sessions) {
    const { profile } = await session.send<{ profile: CpuProfile }>('Profiler.stop');
    session.close();
    await writeFile(path.join(dir, `${label}-${name}.cpuprofile`), JSON.stringify(profile));
    summaries[name] = summarizeProfile(profile);
  }
  return { result, summaries };
}

export interface ProfileSummary {
  /** Wall time profiled (ms). */
  wallMs: number;
  /** Time spent running anything: not idle (ms). */
  busyMs: number;
  /** Self time by function, the biggest first (ms). */
  functions: { name: string; ms: number }[];
  /** Time with the function on the stack (its callees included), the biggest first (ms). */
  inclusive: { name: string; ms: number }[];
  /** Self time by script file (ms). */
  files: { name: string; ms: number }[];
}

/** Self time per function and per file, from the samples. */
export function summarizeProfile(profile: CpuProfile, top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const nameOf = (id: number) => {
    const { functionName, url, lineNumber, columnNumber } = byId.get(id)!.callFrame;
    const where = url ? `${url.split('/').pop()}:${lineNumber + 1}:${columnNumber + 1}` : '';
    return `${functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
  };
  const inclusive = new Map<string, number>();
  const fn = new Map<string, number>();
  const file = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const { functionName, url } = byId.get(id)!.callFrame;
    const name = nameOf(id);
    if (functionName !== '(idle)') busy += ms;
    const onStack = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) onStack.add(nameOf(at));
    for (const caller of onStack) inclusive.set(caller, (inclusive.get(caller) ?? 0) + ms);
    fn.set(name, (fn.get(name) ?? 0) + ms);
    const fileName = url ? (url.split('/').pop() ?? url) : functionName;
    file.set(fileName, (file.get(fileName) ?? 0) + ms);
  });
  const sorted = (map: Map<string, number>, n = top) =>
    [...map]
      .map(([name, ms]) => ({ name, ms: Math.round(ms * 10) / 10 }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, n);
  return {
    wallMs: (profile.endTime - profile.startTime) / 1000,
    busyMs: Math.round(busy),
    functions: sorted(fn),
    inclusive: sorted(inclusive, 40).filter((f) => !f.name.startsWith('(root)')),
    files: sorted(file),
  };
}
