// `npm run bench:team`: the team server's figures (issue 12), on this machine, on
// loopback against a real PostgreSQL, with simulated reps as Node clients speaking
// the sync protocol (push, pull with a cookie, pokes over the WebSocket):
//   - change-to-colleague latency (a rep's push until the manager's client holds it),
//     p50 and p95 at 50 and at 500 connected reps;
//   - throughput in accepted mutations per second at 500 reps;
//   - writes lost across a kill -9 of the server and a restart of PostgreSQL;
//   - a new browser's first sync of a 50k-company book (the extension's own sync
//     client and IndexedDB code, on fake-indexeddb in Node), time and peak heap.
// It starts its own throwaway PostgreSQL 15 (scripts/team/pg-throwaway.sh, port
// TEAM_BENCH_PG_PORT or 54331, fsync on as in production) and its own server process;
// with TEAM_BENCH_PG_DIR it uses the cluster already running from that data folder on
// that port instead (a fresh database in it each run; the cluster keeps running).
// `--quick` shortens it.
import 'fake-indexeddb/auto';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg as osLoadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import WebSocket from 'ws';
import { hash } from '@node-rs/argon2';
import { summarize } from '../bench/stats';
import type { Cookie, Mutation, PullResponse } from '../../lib/sync/protocol';

const { values: flags } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const QUICK = flags.quick;
const PG_PORT = Number(process.env.TEAM_BENCH_PG_PORT ?? 54331);
const OWN_PG = !process.env.TEAM_BENCH_PG_DIR;
const PG_DIR = process.env.TEAM_BENCH_PG_DIR ?? `/tmp/team-bench-pg-${process.pid}`;
const PG_URL = `postgres://postgres@127.0.0.1:${PG_PORT}/postgres`;
const DB_URL = `postgres://postgres@127.0.0.1:${PG_PORT}/teambench`;
const DAY = 86_400_000;

const log = (line: string) => console.log(line);
const loadavg = () =>
  osLoadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const figures: {
  id: string;
  label: string;
  value: number;
  unit: string;
  goal?: { op: '<' | '='; target: number };
}[] = [];

function pgctl(...args: string[]) {
  if (!OWN_PG) return;
  const r = spawnSync('scripts/team/pg-throwaway.sh', args, {
    stdio: 'inherit',
    env: { ...process.env, PG_FSYNC: 'on' },
  });
  if (r.status !== 0) throw new Error(`pg-throwaway ${args[0]} failed`);
}

/** Restarts the cluster with the options it was started with (pg_ctl without -o). */
function restartPostgres(mode: 'fast' | 'immediate') {
  const r = spawnSync(
    'su',
    [
      'postgres',
      '-s',
      '/bin/sh',
      '-c',
      `/usr/lib/postgresql/15/bin/pg_ctl -D ${PG_DIR} -m ${mode} -w restart -l ${PG_DIR}.log`,
    ],
    { stdio: 'ignore' },
  );
  if (r.status !== 0) throw new Error('PostgreSQL did not restart');
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

let server: ChildProcess | null = null;
let baseUrl = '';
async function startServer(port: number): Promise<void> {
  server = spawn('node', ['--import', 'tsx', 'server/index.ts'], {
    env: { ...process.env, DATABASE_URL: DB_URL, PORT: String(port), LOG: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) return;
    } catch {
      // not yet
    }
    await sleep(100);
  }
  throw new Error('server did not start');
}

/** CPU seconds a process has used (Linux /proc: utime + stime, in clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0; // gone meanwhile
  }
}

/** Where the CPU goes: the server process, PostgreSQL (the postmaster and its backends), this process. */
function cpuNow(): { server: number; postgres: number; clients: number } {
  let postgres = 0;
  try {
    const postmaster = Number(readFileSync(`${PG_DIR}/postmaster.pid`, 'utf8').split('\n')[0]);
    postgres = cpuSeconds(postmaster);
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster)
          postgres += cpuSeconds(Number(entry));
      } catch {
        // gone meanwhile
      }
    }
  } catch {
    // no cluster folder to read (not this machine's)
  }
  const own = process.cpuUsage();
  return {
    server: server?.pid ? cpuSeconds(server.pid) : 0,
    postgres,
    clients: (own.user + own.system) / 1e6,
  };
}

// ── Simulated clients ─────────────────────────────────────────────────────────────────────────
interface Sim {
  userId: string;
  role: 'rep' | 'manager';
  token: string;
  clientId: string;
  cookie: Cookie | null;
  held: Map<string, Record<string, unknown>>;
  nextMutation: number;
  accepted: Set<string>;
  pulling: Promise<void> | null;
  again: boolean;
  socket?: WebSocket;
  onPut?: (key: string) => void;
}

async function call(sim: Sim, path: string, body: unknown): Promise<unknown> {
  for (let attempt = 0; ; attempt++) {
    try {
      const r = await fetch(baseUrl + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${sim.token}` },
        body: JSON.stringify(body),
      });
      if (r.ok) return r.json();
      if (r.status < 500) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    } catch (error) {
      if (error instanceof Error && /: 4\d\d /.test(error.message)) throw error;
    }
    // The server or the database is away (the kill -9 and restart): retry the same request.
    await sleep(Math.min(2000, 100 * 2 ** Math.min(attempt, 5)));
  }
}

function pull(sim: Sim): Promise<void> {
  if (sim.pulling) {
    sim.again = true;
    return sim.pulling;
  }
  sim.pulling = (async () => {
    do {
      sim.again = false;
      for (;;) {
        const page = (await call(sim, '/api/pull', {
          clientId: sim.clientId,
          cookie: sim.cookie,
        })) as PullResponse;
        if (page.reset) sim.held.clear();
        for (const d of page.deletes) sim.held.delete(`${d.kind}/${d.key}`);
        for (const p of page.puts) {
          sim.held.set(`${p.kind}/${p.key}`, p.value);
          sim.onPut?.(`${p.kind}/${p.key}`);
        }
        sim.cookie = page.cookie;
        if (!page.more) break;
      }
    } while (sim.again);
    sim.pulling = null;
  })();
  return sim.pulling;
}

function connect(sim: Sim): Promise<void> {
  return new Promise((resolve) => {
    const open = () => {
      const ws = new WebSocket(baseUrl.replace('http', 'ws') + '/api/poke');
      sim.socket = ws;
      ws.on('open', () => {
        ws.send(JSON.stringify({ type: 'hello', token: sim.token, clientId: sim.clientId }));
        resolve();
      });
      ws.on('message', (m) => {
        if (m.toString().includes('poke')) void pull(sim);
      });
      ws.on('error', () => undefined);
      ws.on('close', () => {
        if (sim.socket === ws && !stopping) setTimeout(open, 300);
      });
    };
    open();
  });
}

let stopping = false;

async function pushInteraction(
  sim: Sim,
  companyId: string,
): Promise<{ key: string; at: number; acked: number } | null> {
  const id = randomUUID();
  const now = Date.now();
  const m: Mutation = {
    id: sim.nextMutation++,
    op: 'put',
    kind: 'interactions',
    key: id,
    base: null,
    value: {
      id,
      companyId,
      direction: 'in',
      channel: 'email',
      at: now,
      subject: 'Price for 500 pcs',
      summary: 'Asked for FOB Ningbo',
      intent: 'price-inquiry',
      outcome: '',
      repId: sim.userId,
      authorRepId: sim.userId,
      createdAt: now,
      updatedAt: now,
    },
  };
  const at = performance.now();
  const answer = (await call(sim, '/api/push', { clientId: sim.clientId, mutations: [m] })) as {
    results: { status: string }[];
  };
  if (answer.results[0]?.status !== 'accepted') return null;
  sim.accepted.add(`interactions/${id}`);
  const acked = performance.now();
  // As the extension does: every sync pushes, then pulls (the server pokes it for others' changes only).
  if (!stopping) await pull(sim);
  return { key: `interactions/${id}`, at, acked };
}

// ── The run ───────────────────────────────────────────────────────────────────────────────────
async function main(): Promise<void> {
  const started = Date.now();
  log(
    `Team server benchmark${QUICK ? ' (quick)' : ''}: PostgreSQL 15 on 127.0.0.1:${PG_PORT}, server on loopback; load average ${loadavg()}`,
  );
  pgctl('start', PG_DIR, String(PG_PORT));
  // A cluster already running is restarted, so that it runs at this run's CPU priority (the
  // server and the simulated reps inherit it too), as a cluster of its own would.
  if (!OWN_PG) restartPostgres('fast');
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query('drop database if exists teambench');
  await admin.query('create database teambench');
  await admin.end();
  const port = await freePort();
  await startServer(port);

  const db = new pg.Client({ connectionString: DB_URL });
  db.on('error', () => undefined); // the PostgreSQL restart below drops it
  await db.connect();
  const passwordHash = await hash(randomBytes(16).toString('hex'));
  const [{ id: teamId }] = (await db.query('insert into teams (name) values ($1) returning id', ['Bench']))
    .rows;
  const REPS = QUICK ? 100 : 500;
  async function addPeople(n: number, role: 'rep' | 'manager'): Promise<Sim[]> {
    const sims: Sim[] = [];
    for (let i = 0; i < n; i++) {
      const userId = randomUUID();
      const token = randomBytes(32).toString('base64url');
      await db.query(
        `insert into users (id, team_id, email, name, role, password_hash) values ($1, $2, $3, $4, $5, $6)`,
        [
          userId,
          teamId,
          `${role}${i}-${userId.slice(0, 6)}@bench.example`,
          `${role} ${i}`,
          role,
          passwordHash,
        ],
      );
      await db.query('insert into tokens (hash, user_id) values ($1, $2)', [
        createHash('sha256').update(token).digest('hex'),
        userId,
      ]);
      sims.push({
        userId,
        role,
        token,
        clientId: `bench-${randomBytes(8).toString('hex')}`,
        cookie: null,
        held: new Map(),
        nextMutation: 1,
        accepted: new Set(),
        pulling: null,
        again: false,
      });
    }
    return sims;
  }
  const [manager] = await addPeople(1, 'manager');
  const reps = await addPeople(REPS, 'rep');
  // Every rep owns one company, written through the protocol.
  await Promise.all(
    reps.map(async (sim) => {
      const id = randomUUID();
      const now = Date.now();
      const answer = (await call(sim, '/api/push', {
        clientId: sim.clientId,
        mutations: [
          {
            id: sim.nextMutation++,
            op: 'put',
            kind: 'companies',
            key: id,
            base: null,
            value: {
              id,
              // Names far apart: the team's duplicate check refuses a name like another's.
              name: `${randomBytes(8).toString('hex')} Kunde`,
              domains: [],
              source: 'alibaba',
              ownerRepId: sim.userId,
              authorRepId: sim.userId,
              tags: [],
              notes: '',
              createdAt: now,
              updatedAt: now,
            },
          },
        ],
      })) as { results: { status: string; code?: string }[] };
      // Only what the server accepted counts (a refused customer would count as a lost write).
      if (answer.results[0]?.status !== 'accepted')
        throw new Error(`a rep's customer was refused: ${answer.results[0]?.code}`);
      sim.accepted.add(`companies/${id}`);
      (sim as Sim & { companyId?: string }).companyId = id;
    }),
  );
  const companyOf = (sim: Sim) => (sim as Sim & { companyId: string }).companyId;

  // The manager's client: connected, pulling on every poke; it timestamps each arrival.
  const arrived = new Map<string, number>();
  manager!.onPut = (key) => {
    if (!arrived.has(key)) arrived.set(key, performance.now());
  };
  await connect(manager!);
  await pull(manager!);

  // The team's version moves once a committed transaction: pushes over its moves is how many
  // pushes shared a commit (group commit, server/sync/group.ts).
  const teamVersion = async () =>
    Number((await db.query('select version from teams where id = $1', [teamId])).rows[0].version);
  const perCommit = (pushes: number, commits: number) =>
    `${commits} commits, ${(pushes / Math.max(1, commits)).toFixed(1)} pushes a commit`;

  async function latencyPhase(connected: Sim[], seconds: number, label: string): Promise<void> {
    await Promise.all(connected.map((s) => (s.socket ? Promise.resolve() : connect(s))));
    await Promise.all(connected.map((s) => pull(s)));
    const v0 = await teamVersion();
    const sent = new Map<string, number>();
    const acked = new Map<string, number>();
    const until = performance.now() + seconds * 1000;
    // Each connected rep logs a contact every ~5 s on average (a busy team).
    await Promise.all(
      connected.map(async (sim) => {
        await sleep(Math.random() * 5000);
        while (performance.now() < until) {
          const r = await pushInteraction(sim, companyOf(sim));
          if (r) {
            sent.set(r.key, r.at);
            acked.set(r.key, r.acked);
          }
          await sleep(2500 + Math.random() * 5000);
        }
      }),
    );
    await sleep(3000);
    const commits = (await teamVersion()) - v0;
    const samples = [...sent].filter(([k]) => arrived.has(k)).map(([k, at]) => arrived.get(k)! - at);
    const s = summarize(samples);
    // Where the time goes: the push's round trip (until the rep's client has the server's
    // acceptance), then the poke and the manager's pull.
    const ack = summarize([...sent].map(([k, at]) => acked.get(k)! - at));
    const after = summarize(
      [...acked].filter(([k]) => arrived.has(k)).map(([k, at]) => arrived.get(k)! - at),
    );
    log(
      `${label}: ${sent.size} contacts logged, ${samples.length} seen by the manager; latency p50 ${s.p50.toFixed(0)} ms, p95 ${s.p95.toFixed(0)} ms, max ${s.max.toFixed(0)} ms` +
        ` (push acknowledged p50 ${ack.p50.toFixed(0)} / p95 ${ack.p95.toFixed(0)} ms, then at the manager p50 ${after.p50.toFixed(0)} / p95 ${after.p95.toFixed(0)} ms); ${perCommit(sent.size, commits)}; load ${loadavg()}`,
    );
    figures.push(
      {
        id: `team.latency.${connected.length}.p50`,
        label: `Change to colleague, ${connected.length} reps, p50`,
        value: s.p50,
        unit: 'ms',
      },
      {
        id: `team.latency.${connected.length}.p95`,
        label: `Change to colleague, ${connected.length} reps, p95`,
        value: s.p95,
        unit: 'ms',
        goal: { op: '<', target: 2000 },
      },
    );
  }

  await latencyPhase(reps.slice(0, 50), QUICK ? 10 : 20, '50 connected reps');
  await latencyPhase(reps, QUICK ? 10 : 20, `${REPS} connected reps`);

  // Throughput: every rep pushes one contact after another for a while.
  {
    const seconds = QUICK ? 5 : 10;
    let accepted = 0;
    const v0 = await teamVersion();
    const cpu0 = cpuNow();
    const t0 = performance.now();
    const until = t0 + seconds * 1000;
    await Promise.all(
      reps.map(async (sim) => {
        while (performance.now() < until) if (await pushInteraction(sim, companyOf(sim))) accepted++;
      }),
    );
    const rate = accepted / ((performance.now() - t0) / 1000);
    const commits = (await teamVersion()) - v0;
    const cpu1 = cpuNow();
    const perPush = (k: keyof typeof cpu0) =>
      (((cpu1[k] - cpu0[k]) * 1000) / Math.max(1, accepted)).toFixed(2);
    log(
      `throughput, ${REPS} reps pushing one contact at a time: ${accepted} accepted, ${rate.toFixed(0)} mutations/s (${perCommit(accepted, commits)}); CPU a push: server ${perPush('server')} ms, PostgreSQL ${perPush('postgres')} ms, simulated reps ${perPush('clients')} ms; load ${loadavg()}`,
    );
    figures.push({
      id: 'team.throughput',
      label: `Accepted mutations per second, ${REPS} reps`,
      value: rate,
      unit: '/s',
    });
  }

  // Writes lost: reps keep logging while the server is killed (-9) and restarted, then
  // PostgreSQL is restarted; then everyone pulls and every accepted write is counted.
  {
    const until = performance.now() + (QUICK ? 8 : 15) * 1000;
    const working = Promise.all(
      reps.slice(0, 100).map(async (sim) => {
        while (performance.now() < until) {
          await pushInteraction(sim, companyOf(sim));
          await sleep(200 + Math.random() * 400);
        }
      }),
    );
    await sleep(2000);
    server!.kill('SIGKILL');
    log('server killed with SIGKILL');
    await sleep(1000);
    await startServer(port);
    log('server restarted');
    await sleep(2000);
    restartPostgres('immediate');
    log('PostgreSQL restarted (immediate mode: like a crash)');
    await working;
    await db.end().catch(() => undefined);
    const check = new pg.Client({ connectionString: DB_URL });
    await check.connect();
    const stored = new Set(
      (await check.query(`select kind || '/' || id as k from records where not deleted`)).rows.map(
        (r) => r.k as string,
      ),
    );
    await check.end();
    await pull(manager!);
    await Promise.all(reps.map((s) => pull(s)));
    let accepted = 0;
    let lostOnServer = 0;
    let lostOnClients = 0;
    for (const sim of reps) {
      for (const key of sim.accepted) {
        accepted++;
        if (!stored.has(key)) lostOnServer++;
        if (!sim.held.has(key)) lostOnClients++;
        if (!manager!.held.has(key)) lostOnClients++;
      }
    }
    log(
      `writes lost across the kill -9 and the PostgreSQL restart: ${lostOnServer} on the server, ${lostOnClients} on the clients entitled to them, of ${accepted} accepted`,
    );
    figures.push({
      id: 'team.lost',
      label: 'Writes lost (kill -9 of the server, PostgreSQL restart)',
      value: lostOnServer + lostOnClients,
      unit: 'writes',
      goal: { op: '=', target: 0 },
    });
  }
  stopping = true;
  for (const s of [manager!, ...reps]) s.socket?.close();

  // A new browser's first sync of a 50k-company book, with the extension's own code.
  {
    const N = QUICK ? 5_000 : 50_000;
    const owner = reps[0]!;
    const c = new pg.Client({ connectionString: DB_URL });
    await c.connect();
    const now = Date.now();
    await c.query(
      `insert into records (team_id, kind, id, scope, data, version)
       select $1, 'companies', 'big-' || g, $2,
              jsonb_build_object('id', 'big-' || g, 'name', 'Company ' || g, 'domains', jsonb_build_array('c' || g || '.example'),
                'source', 'alibaba', 'ownerRepId', $2::text, 'authorRepId', $2::text, 'tags', '[]'::jsonb,
                'notes', 'Met at the fair; asked for samples', 'createdAt', $3::bigint, 'updatedAt', $3::bigint),
              (select version from teams where id = $1)
         from generate_series(1, $4) g`,
      [teamId, owner.userId, now - 30 * DAY, N],
    );
    await c.end();
    const { openCrmDb } = await import('../../lib/db/db');
    const { SyncClient } = await import('../../lib/sync/client');
    const book = openCrmDb(`bench-first-sync-${Date.now()}`);
    await book.syncMeta.put({
      key: 'state',
      value: {
        enabled: true,
        clientId: `bench-new-${randomBytes(6).toString('hex')}`,
        userId: owner.userId,
        role: 'rep',
      },
    });
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 50);
    global.gc?.();
    const base = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    await new SyncClient({
      db: book,
      session: async () => ({ serverUrl: baseUrl, token: owner.token }),
    }).sync();
    const ms = performance.now() - t0;
    clearInterval(sampler);
    const count = await book.companies.count();
    log(
      `first sync of a new browser, ${N} companies: ${count} in the book in ${(ms / 1000).toFixed(1)} s; peak heap ${(peak / 2 ** 20).toFixed(0)} MB (${((peak - base) / 2 ** 20).toFixed(0)} MB over the start)`,
    );
    figures.push(
      {
        id: 'team.firstSync.time',
        label: `First sync of a ${N / 1000}k-company book`,
        value: ms / 1000,
        unit: 's',
      },
      {
        id: 'team.firstSync.heap',
        label: 'First sync peak heap (Node, fake-indexeddb)',
        value: peak / 2 ** 20,
        unit: 'MB',
      },
    );
  }

  log(`done in ${((Date.now() - started) / 60000).toFixed(1)} minutes; load average ${loadavg()}`);
  console.log(JSON.stringify({ figures }));
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => {
    stopping = true;
    server?.kill('SIGKILL');
    pgctl('stop', PG_DIR);
    setTimeout(() => process.exit(), 500).unref();
  });
