// `npm run bench:rules`: the team rules' figures (issue 13) against a real PostgreSQL 15:
//   - the duplicate check's p50/p95 over a book of COMPANIES companies from 500 reps (one
//     contact each), probes by address, domain, phone, a similar name and unknown ones;
//   - the pool's sweep over the whole book (the first catch-up, then a day later);
//   - a handover of 10k companies with 100k logged contacts, from the manager's click until
//     the successor's client has pulled every record (the server's pull, in pages of 1,000,
//     serialised as JSON as the HTTP answer is; the browser's IndexedDB writes are not in it);
//   - `--only browser`: the same handover end to end, as a manager and a successor live it: the
//     team server (its HTTP app, on 127.0.0.1:RULES_BENCH_HTTP_PORT or 4200) over the book,
//     Chromium with the built extension (`npx wxt build` first) signed in as the successor,
//     the manager's POST /api/handover, then the successor's IndexedDB until it holds every
//     record the poke brought.
// The book is made by SQL (generate_series) in a throwaway cluster (scripts/team/pg-throwaway.sh,
// port RULES_BENCH_PG_PORT or 54332). `--companies N` sets the size (default 1,000,000).
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { hash } from '@node-rs/argon2';
import type { BrowserContext, Page } from '@playwright/test';
import pg from 'pg';
import WebSocket from 'ws';
import { buildApp } from '../../server/app';
import { extensionIdOf, launchWithExtension, serviceWorker } from '../../test/support/browser';
import { PASSWORD, signInApi } from '../../test/support/team-api';
import { summarize } from '../bench/stats';
import type { Database } from '../../server/db/client';
import { openPostgres } from '../../server/db/postgres';
import { migrate } from '../../server/db/migrate';
import { checkProbe } from '../../server/rules/duplicates';
import { handOver } from '../../server/rules/handover';
import { sweepTeam } from '../../server/rules/pool';
import { pull } from '../../server/sync/pull';
import type { User } from '../../server/rules/people';
import { PullResponseSchema, type Cookie } from '../../lib/sync/protocol';

const { values: flags } = parseArgs({
  options: {
    companies: { type: 'string', default: '1000000' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
    'seed-only': { type: 'boolean', default: false },
    only: { type: 'string', default: 'check,sweep,handover' },
  },
});
const COMPANIES = Number(flags.companies);
const PHASES = new Set(flags.only.split(','));
const REPS = 500;
const PORT = Number(process.env.RULES_BENCH_PG_PORT ?? 54332);
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
// `--reuse` keeps the cluster (and the seeded book in it) in RULES_BENCH_PG_DIR between runs.
const DIR = flags.reuse
  ? (process.env.RULES_BENCH_PG_DIR ?? '/tmp/pg-pool')
  : `/tmp/rules-bench-pg-${process.pid}`;
const BOOK = `rulesbook_${COMPANIES}`;
const ADMIN_URL = `postgres://postgres@127.0.0.1:${PORT}/postgres`;
const DB_URL = `postgres://postgres@127.0.0.1:${PORT}/rulesbench`;
const DAY = 86_400_000;
const log = (line: string) => console.log(line);
const ms = (n: number) => `${n.toFixed(1)} ms`;

function pgctl(...args: string[]) {
  const r = spawnSync('scripts/team/pg-throwaway.sh', args, { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`pg-throwaway ${args[0]} failed`);
}

// Company names as foreign-trade books hold them: a place, a made-up brand and what they make
// ("Ningbo Kavolin Hardware", "Hamburg Tessamar Flow Control"). Places and trades are few and
// common, brands many (40 syllables, up to three: 65,640 of them), so trigrams of the common
// words are in a great many names, as in a real book. A name from three words of a short list
// and a serial number (an earlier version of this script) made every probe walk posting lists
// of a third of the book, which no real book does.
const PLACES = `'{ningbo,shenzhen,guangzhou,yiwu,xiamen,qingdao,dongguan,foshan,suzhou,hangzhou,tianjin,dalian,
  hamburg,bremen,munich,stuttgart,milan,lyon,rotterdam,antwerp,gdansk,izmir,dubai,jeddah,mumbai,
  chennai,karachi,lagos,nairobi,santos,lima,bogota,monterrey,houston,miami,toronto,sydney,auckland,busan,osaka}'::text[]`;
const SYLLABLES = `'{ka,vo,lin,tes,sa,mar,ro,be,nu,di,zen,qua,fer,tis,hel,ox,pra,ul,mi,dor,
  ven,ta,lu,sio,gra,el,kor,dex,bri,an,jo,ri,pel,ost,nar,wei,hua,xin,yu,ming}'::text[]`;
const TRADES = `'{hardware,machinery,electronics,trading,industrial,technology,textile,packaging,lighting,
  flow control,valves,pumps,tools,furniture,ceramics,plastics,chemicals,auto parts,optics,medical,
  solar,garments,footwear,bearings,fasteners,cables,filters,sensors,steel,glass}'::text[]`;

/** The benchmark's database sessions (their process ids), from /proc. */
function databasePids(): string[] {
  return readdirSync('/proc').filter((pid) => {
    try {
      return /^\d+$/.test(pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('rulesbench');
    } catch {
      return false; // the process ended meanwhile
    }
  });
}

/**
 * CPU time (ms) used so far by the database sessions `pids` and this process, from the
 * scheduler's nanosecond counts: on a machine shared with other work, wall-clock latency grows
 * with the load while this does not, so it says what a check costs on a machine of its own
 * (where a check's latency is its CPU time plus a few loopback round trips).
 */
function cpuMs(pids: readonly string[]): number {
  const own = process.cpuUsage();
  return schedMs(pids) + (own.user + own.system) / 1000;
}

/**
 * CPU time (ms) used so far by processes `pids`, every thread of each (Chromium writes IndexedDB
 * on threads of its own); those that ended meanwhile count nothing.
 */
function schedMs(pids: readonly string[]): number {
  let ns = 0;
  for (const pid of pids) {
    try {
      for (const task of readdirSync(`/proc/${pid}/task`))
        ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the process ended meanwhile
    }
  }
  return ns / 1e6;
}

/** Runs a shell command as the postgres user (Debian's PostgreSQL refuses to run as root). */
function asPostgres(command: string): number {
  const r =
    process.getuid?.() === 0
      ? spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', command], { stdio: 'inherit' })
      : spawnSync('sh', ['-c', command], { stdio: 'inherit' });
  return r.status ?? 1;
}

/** The kept cluster of `--reuse`: made once, started when it is not running, its data kept. */
function openKeptCluster() {
  if (!existsSync(`${DIR}/PG_VERSION`)) {
    pgctl('start', DIR, String(PORT));
    return;
  }
  // Running already (left by --keep, or started by other work): restarted, so that its
  // processes run at this run's priority (a measurement's, not a build's).
  if (asPostgres(`${PG_BIN}/pg_ctl -D '${DIR}' status >/dev/null`) === 0)
    asPostgres(`${PG_BIN}/pg_ctl -D '${DIR}' -m fast -w stop >/dev/null`);
  const options = `-p ${PORT} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off`;
  if (asPostgres(`${PG_BIN}/pg_ctl -D '${DIR}' -o "${options}" -l '${DIR}.log' -w start >/dev/null`) !== 0)
    throw new Error(`could not start the PostgreSQL kept in ${DIR}`);
}

function closeCluster() {
  if (!flags.reuse) return pgctl('stop', DIR);
  asPostgres(`${PG_BIN}/pg_ctl -D '${DIR}' -m fast -w stop >/dev/null`);
}

const NOW = Date.UTC(2026, 11, 7, 9);

/**
 * Makes the book in database `name`: COMPANIES companies with a contact each from REPS reps,
 * their duplicate keys and their places in the pool's rules, and a leaving rep's 10k companies
 * with 100k logged contacts for the handover. Marked seeded (a comment on the database) only
 * when complete, so an interrupted seed is made again.
 */
async function seedBook(name: string) {
  const db = await openPostgres(`postgres://postgres@127.0.0.1:${PORT}/${name}`, 4);
  try {
    await migrate(db);
    const now = NOW;
    const t0 = performance.now();
    // Loading into indexed tables is several times slower than indexing once after: drop the
    // secondary indexes for the load and build them again (the same definitions) after it.
    const indexes = await db.query<{ name: string; def: string }>(
      `select indexname as name, indexdef as def from pg_indexes
        where schemaname = 'public' and tablename in ('records', 'duplicate_keys', 'customers')
          and indexname not like '%_pkey'`,
    );
    await db.exec(indexes.map((i) => `drop index ${i.name};`).join('\n'));
    await db.exec(`
      insert into teams (name) values ('Bench');
      insert into users (id, team_id, email, name, role, password_hash)
        select 'rep-' || g, 1, 'rep' || g || '@bench.example', 'Rep ' || g, 'rep', 'x' from generate_series(0, ${REPS - 1}) g;
      insert into users (id, team_id, email, name, role, password_hash) values
        ('manager', 1, 'manager@bench.example', 'Manager', 'manager', 'x'),
        ('leaver', 1, 'leaver@bench.example', 'Leaver', 'rep', 'x'),
        ('successor', 1, 'successor@bench.example', 'Successor', 'rep', 'x');
      create temporary table book as
        -- h: g scrambled (a multiplier prime to 2^31), so neighbouring ids differ in every word.
        select g, 'c' || g as id, 'rep-' || (g % ${REPS}) as owner,
               initcap((${PLACES})[1 + h % 40] || ' '
                 || (${SYLLABLES})[1 + (h / 40) % 40] || (${SYLLABLES})[1 + (h / 1600) % 40]
                 || coalesce((${SYLLABLES})[(h / 64000) % 41], '') || ' '
                 || (${TRADES})[1 + (h / 2624000) % 30]) || ' GmbH' as name,
               'co' || g || '.example' as domain
          from (select g, (g::bigint * 1103515245 + 12345) % 2147483648 as h
                  from generate_series(1, ${COMPANIES}) g) s;
      insert into records (team_id, kind, id, scope, company_id, data, version)
        select 1, 'companies', id, owner, null,
               jsonb_build_object('id', id, 'name', name, 'domains', jsonb_build_array(domain), 'country', 'DE',
                 'source', 'alibaba', 'ownerRepId', owner, 'authorRepId', owner, 'tags', '[]'::jsonb, 'notes', '',
                 'createdAt', ${now}, 'updatedAt', ${now}), 1
          from book;
      insert into records (team_id, kind, id, scope, company_id, data, version)
        select 1, 'contacts', 'p' || g, owner, id,
               jsonb_build_object('id', 'p' || g, 'companyId', id, 'name', 'Buyer ' || g,
                 'emails', jsonb_build_array('buyer@' || domain), 'phones', jsonb_build_array('+4940' || (1000000 + g)),
                 'authorRepId', owner, 'createdAt', ${now}, 'updatedAt', ${now}), 1
          from book;
      insert into duplicate_keys (team_id, kind, id, key_kind, value)
        select 1, 'companies', id, 'domain', domain from book
        union all select 1, 'companies', id, 'name', lower(regexp_replace(name, ' GmbH$', '')) from book
        union all select 1, 'contacts', 'p' || g, 'email', 'buyer@' || domain from book
        union all select 1, 'contacts', 'p' || g, 'phone', '+4940' || (1000000 + g) from book;
      -- Idle times spread over 45 days: a third of the book is past 30 days on the first sweep.
      insert into customers (team_id, company_id, owner_id, owner_since, active_at)
        select 1, id, owner, to_timestamp(${now / 1000}) - interval '90 days',
               to_timestamp(${now / 1000}) - (g % 45) * interval '1 day' - interval '1 hour' from book;
      -- A leaving rep's book for the handover: 10k companies, 100k logged contacts.
      insert into records (team_id, kind, id, scope, company_id, data, version)
        select 1, 'companies', 'h' || g, 'leaver', null,
               jsonb_build_object('id', 'h' || g, 'name', 'Leaver Customer ' || g, 'domains', jsonb_build_array('leaver' || g || '.example'),
                 'source', 'alibaba', 'ownerRepId', 'leaver', 'authorRepId', 'leaver', 'tags', '[]'::jsonb, 'notes', '',
                 'createdAt', ${now}, 'updatedAt', ${now}), 1
          from generate_series(1, 10000) g;
      insert into records (team_id, kind, id, scope, company_id, data, version)
        select 1, 'interactions', 'hi' || g, 'leaver', 'h' || (1 + g % 10000),
               jsonb_build_object('id', 'hi' || g, 'companyId', 'h' || (1 + g % 10000), 'direction', 'in', 'channel', 'email',
                 'at', ${now} - (g % 300)::bigint * ${DAY}, 'subject', 'Inquiry ' || g, 'summary', 'Asked for the FOB price of 500 pcs and the lead time',
                 'intent', 'price-inquiry', 'outcome', '', 'repId', 'leaver', 'authorRepId', 'leaver',
                 'createdAt', ${now}, 'updatedAt', ${now}), 1
          from generate_series(1, 100000) g;
      insert into customers (team_id, company_id, owner_id, owner_since, active_at)
        select 1, 'h' || g, 'leaver', to_timestamp(${now / 1000}), to_timestamp(${now / 1000}) from generate_series(1, 10000) g;
      update teams set version = 1;
    `);
    await db.exec(`set maintenance_work_mem = '512MB'; ${indexes.map((i) => `${i.def};`).join('\n')}`);
    // As a server's book is after autovacuum has been over it: visibility map set, hint bits
    // written, statistics current (a copy made from it inherits all three).
    await db.exec('vacuum (freeze, analyze)');
    await db.exec(`comment on database ${name} is 'seeded'`);
    log(
      `Book: ${COMPANIES.toLocaleString('en')} companies and as many contacts from ${REPS} reps, loaded in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
  } finally {
    await db.close();
  }
}

/** Whether database `name` holds a complete book, made by an earlier run. */
async function seeded(admin: pg.Client, name: string): Promise<boolean> {
  const { rows } = await admin.query<{ comment: string | null }>(
    `select shobj_description(oid, 'pg_database') as comment from pg_database where datname = $1`,
    [name],
  );
  return rows[0]?.comment === 'seeded';
}

async function main() {
  if (flags.reuse) openKeptCluster();
  else pgctl('start', DIR, String(PORT));
  try {
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    try {
      if (!(await seeded(admin, BOOK))) {
        await admin.query(`drop database if exists ${BOOK}`);
        await admin.query(`create database ${BOOK}`);
        await seedBook(BOOK);
      } else
        log(
          `Book: ${COMPANIES.toLocaleString('en')} companies, seeded by an earlier run (${BOOK} in ${DIR})`,
        );
      if (flags['seed-only']) return;
      // Every run works on a fresh copy, so the sweep and the handover find the book as seeded.
      const t0 = performance.now();
      await admin.query('drop database if exists rulesbench');
      await admin.query(`create database rulesbench template ${BOOK} strategy file_copy`);
      log(`  copied for this run in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    } finally {
      await admin.end();
    }
    await run();
  } finally {
    if (!flags.keep) closeCluster();
  }
}

async function run() {
  const db = await openPostgres(DB_URL, 4);
  const now = NOW;
  try {
    await migrate(db); // a migration newer than the seeded book
    log(
      `load average before: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );

    if (PHASES.has('check')) await checkPhase(db);
    if (PHASES.has('sweep')) await sweepPhase(db, now);
    if (PHASES.has('handover')) await handoverPhase(db, now);
    if (PHASES.has('browser')) await browserPhase(db, now);
  } finally {
    await db.close();
  }
}

/** The duplicate check, as a rep asks it for an inquiry or a create. */
async function checkPhase(db: Database) {
  const asker: User = { id: 'rep-7', teamId: 1, email: '', name: 'Rep 7', role: 'rep' };
  const pick = () => 1 + Math.floor(Math.random() * COMPANIES);
  // Similar names: a book's own names as a rep would mistype them ("Flow Control" as
  // "Flowcontrol", a letter dropped), and names of companies the team has never had.
  const known = await db.query<{ name: string }>(
    `select data->>'name' as name from records where team_id = 1 and kind = 'companies' and id = any($1)`,
    [Array.from({ length: 400 }, () => `c${pick()}`)],
  );
  const misspell = (name: string, k: number) => {
    const words = name.replace(/ GmbH$/, '').split(' ');
    if (k % 2 && words.length > 2) return `${words.slice(0, -2).join(' ')} ${words.slice(-2).join('')} GmbH`;
    const w = words[1]!;
    words[1] = w.slice(0, 2) + w.slice(3);
    return `${words.join(' ')} GmbH`;
  };
  const syllables = ['ka', 'vo', 'lin', 'tes', 'zu', 'pim', 'rak', 'sel', 'oon', 'fey'];
  const brand = (k: number) => syllables[k % 10]! + syllables[(k * 7) % 10]! + syllables[(k * 3 + 1) % 10]!;
  const probes = Array.from({ length: 1000 }, (_, k) => {
    const g = pick();
    switch (k % 5) {
      case 0:
        return { email: `buyer@co${g}.example` };
      case 1:
        return { email: `someone.else@co${g}.example` };
      case 2:
        return { phones: [`+49 40 ${1000000 + g}`] };
      case 3:
        return { companyName: misspell(known[k % known.length]!.name, k) };
      default:
        return {
          email: `new${k}@unknown-${k}.example`,
          companyName: `Yantai ${brand(k)} Trading Co., Ltd.`,
        };
    }
  });
  for (const p of probes.slice(0, 50)) await db.transaction((tx) => checkProbe(tx, asker, p, 0.6)); // warm-up
  const samples: number[] = [];
  const byName: number[] = [];
  const cpu: number[] = [];
  const cpuByName: number[] = [];
  let found = 0;
  const pids = databasePids();
  for (const probe of probes) {
    const cpuStart = cpuMs(pids);
    const start = performance.now();
    const matches = await db.transaction((tx) => checkProbe(tx, asker, probe, 0.6));
    const took = performance.now() - start;
    const used = cpuMs(pids) - cpuStart;
    samples.push(took);
    cpu.push(used);
    if ('companyName' in probe) {
      byName.push(took);
      cpuByName.push(used);
    }
    if (matches.length) found++;
  }
  const check = summarize(samples);
  const nameCheck = summarize(byName);
  const cpuCheck = summarize(cpu);
  const cpuName = summarize(cpuByName);
  log(
    `Duplicate check (1,000 probes: address, domain, phone, similar name, unknown; ${found} found a customer):`,
  );
  log(
    `  wall clock: p50 ${ms(check.p50)}, p95 ${ms(check.p95)} (goal < 50 ms): ${check.p95 < 50 ? 'met' : 'NOT met'}`,
  );
  log(
    `  the 400 with a company name (trigram similarity): p50 ${ms(nameCheck.p50)}, p95 ${ms(nameCheck.p95)}`,
  );
  log(
    `  CPU time per check (PostgreSQL + Node), whatever the load: p50 ${ms(cpuCheck.p50)}, p95 ${ms(cpuCheck.p95)} (goal < 50 ms): ${cpuCheck.p95 < 50 ? 'met' : 'NOT met'}; with a company name p50 ${ms(cpuName.p50)}, p95 ${ms(cpuName.p95)}`,
  );
  log(
    `  load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
}

/** The pool's sweep over the whole book. */
async function sweepPhase(db: Database, now: number) {
  let start = performance.now();
  const first = await sweepTeam(db, 1, now);
  const sweepFirst = performance.now() - start;
  start = performance.now();
  const daily = await sweepTeam(db, 1, now + DAY);
  const sweepDaily = performance.now() - start;
  start = performance.now();
  const again = await sweepTeam(db, 1, now + DAY);
  const sweepAgain = performance.now() - start;
  log(`Pool sweep over ${COMPANIES.toLocaleString('en')} customers:`);
  log(
    `  first (catch-up): ${first.returned.toLocaleString('en')} returned, ${first.warned.toLocaleString('en')} warned in ${(sweepFirst / 1000).toFixed(1)} s`,
  );
  log(
    `  a day later: ${daily.returned.toLocaleString('en')} returned, ${daily.warned.toLocaleString('en')} warned in ${(sweepDaily / 1000).toFixed(1)} s`,
  );
  log(`  again at the same time (idempotent): ${again.returned + again.warned} changes in ${ms(sweepAgain)}`);
}

/** A handover of 10k companies with 100k logged contacts. */
async function handoverPhase(db: Database, now: number) {
  const manager: User = { id: 'manager', teamId: 1, email: '', name: 'Manager', role: 'manager' };
  const successor: User = { id: 'successor', teamId: 1, email: '', name: 'Successor', role: 'rep' };
  // The successor's browser is up to date before the click.
  let cookie: Cookie | null = null;
  for (;;) {
    const page = await pull(db, successor, 'bench-successor', cookie, 1000);
    cookie = page.cookie;
    if (!page.more) break;
  }
  const pids = databasePids();
  const cpuAtClick = cpuMs(pids);
  const click = performance.now();
  const record = await handOver(db, manager, 'leaver', ['successor'], now + 2 * DAY);
  const moved = performance.now() - click;
  let received = 0;
  let bytes = 0;
  let pages = 0;
  for (;;) {
    // As it crosses HTTP: the server serialises the page, the client parses and checks it.
    const body = JSON.stringify(await pull(db, successor, 'bench-successor', cookie, 1000));
    const page = PullResponseSchema.parse(JSON.parse(body));
    bytes += body.length;
    pages++;
    received += page.puts.length;
    cookie = page.cookie;
    if (!page.more) break;
  }
  const total = performance.now() - click;
  const cpuTotal = cpuMs(pids) - cpuAtClick;
  log(
    `Handover of ${record.companies.toLocaleString('en')} companies with ${record.interactions.toLocaleString('en')} logged contacts:`,
  );
  log(
    `  server transaction ${(moved / 1000).toFixed(1)} s; successor holds all ${received.toLocaleString('en')} records (${pages} pages) ${(total / 1000).toFixed(1)} s after the click (goal < 30 s): ${total < 30_000 ? 'met' : 'NOT met'}; ${(bytes / 1e6).toFixed(0)} MB of pull answers`,
  );
  log(
    `  CPU time from the click until the successor holds them (PostgreSQL + Node), whatever the load: ${(cpuTotal / 1000).toFixed(1)} s (goal < 30 s): ${cpuTotal < 30_000 ? 'met' : 'NOT met'}`,
  );
}

/** How long the browser phase waits for the successor's browser (a measurement stays short). */
const BROWSER_WAIT_MS = Number(process.env.RULES_BENCH_BROWSER_WAIT_S ?? 200) * 1000;
const HTTP_PORT = Number(process.env.RULES_BENCH_HTTP_PORT ?? 4200);
/**
 * RULES_BENCH_PROFILE=file.cpuprofile: the extension's service worker is profiled (V8's sampling
 * profiler, over the DevTools protocol on RULES_BENCH_DEVTOOLS_PORT or 4201) from the click until
 * the successor holds the book; open the file in Chromium's DevTools (Performance).
 */
const PROFILE_FILE = process.env.RULES_BENCH_PROFILE;
const DEVTOOLS_PORT = Number(process.env.RULES_BENCH_DEVTOOLS_PORT ?? 4201);

/** Starts V8's profiler in the extension's service worker; the returned function stops it and writes the profile. */
async function profileWorker(extensionId: string, file: string): Promise<() => Promise<void>> {
  const targets = (await (await fetch(`http://127.0.0.1:${DEVTOOLS_PORT}/json/list`)).json()) as {
    type: string;
    url: string;
    webSocketDebuggerUrl: string;
  }[];
  const worker = targets.find((t) => t.type === 'service_worker' && t.url.includes(extensionId));
  if (!worker) throw new Error('no service worker to profile');
  const socket = new WebSocket(worker.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  let next = 0;
  const answers = new Map<number, (result: unknown) => void>();
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) answers.get(message.id)?.(message.result);
  });
  const send = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve) => {
      const id = ++next;
      answers.set(id, resolve);
      socket.send(JSON.stringify({ id, method, params }));
    });
  await send('Profiler.enable');
  await send('Profiler.setSamplingInterval', { interval: 500 });
  await send('Profiler.start');
  return async () => {
    const { profile } = (await send('Profiler.stop')) as { profile: unknown };
    await writeFile(file, JSON.stringify(profile));
    socket.close();
    log(`  the service worker's profile: ${file}`);
  };
}

/** The process ids of a Chromium launched with profile `dir`: its browser process and every child. */
function chromiumPids(dir: string): string[] {
  const parent = new Map<string, string>();
  const roots: string[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      // "pid (comm) state ppid …": the name may hold spaces, so read after its closing bracket.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parent.set(pid, stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]!);
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`--user-data-dir=${dir}`)) roots.push(pid);
    } catch {
      // the process ended meanwhile
    }
  }
  const all = new Set(roots);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parent)
      if (!all.has(pid) && all.has(ppid)) {
        all.add(pid);
        grew = true;
      }
  }
  return [...all];
}

/** CPU time (ms) the whole machine has been busy so far, every core, every process (/proc/stat). */
function machineBusyMs(): number {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = ticks.map(Number);
  // USER_HZ is 100 on Linux.
  return (user! + nice! + system! + irq! + softirq! + steal!) * 10;
}

/**
 * CPU time (ms) so far of Chromium's processes `pids` by process kind and thread name ("browser
 * IndexedDB", "extension CrRendererMain", "network ThreadPoolForeg"…): where the browser's share of
 * a handover goes (IndexedDB's backing store works on threads of the browser process).
 */
function threadMs(pids: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const pid of pids) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const kind = cmdline.includes('--extension-process')
        ? 'extension'
        : (/--utility-sub-type=([\w.]+)/.exec(cmdline)?.[1]?.split('.')[0] ??
          /--type=([\w-]+)/.exec(cmdline)?.[1] ??
          'browser');
      for (const task of readdirSync(`/proc/${pid}/task`)) {
        const comm = readFileSync(`/proc/${pid}/task/${task}/comm`, 'utf8')
          .trim()
          .replace(/[\d:]+$/, '');
        const ns = Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
        const key = `${kind} ${comm}`;
        out.set(key, (out.get(key) ?? 0) + ns / 1e6);
      }
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/** Chromium's processes that run the extension's pages and worker (its JavaScript). */
const extensionProcesses = (pids: readonly string[]) =>
  pids.filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--extension-process');
    } catch {
      return false;
    }
  });

/**
 * What the successor's browser says of its sync, read from an extension page: cheap gets only
 * (IndexedDB counts walk the whole store, and reading them ten times a second while 100k records
 * go in would slow the writes measured), the counts when `counts`. A string, not a function:
 * tsx's helpers (`__name`) would not exist in the page.
 */
const held = (page: Page, counts: boolean): Promise<Held> =>
  page.evaluate(`(async () => {
    const idb = await new Promise((resolve, reject) => {
      const open = indexedDB.open('trade-inbox-crm');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const ask = (store, read) => new Promise((resolve, reject) => {
      const request = read(idb.transaction(store).objectStore(store));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      const cookie = await ask('syncMeta', (s) => s.get('cookie'));
      const connection = (await ask('syncMeta', (s) => s.get('connection')))?.value;
      return {
        synced: cookie !== undefined,
        lastSyncAt: connection?.lastSyncAt ?? 0,
        done: connection?.progress?.done ?? 0,
        error: connection?.lastError,
        companies: ${counts} ? await ask('companies', (s) => s.count()) : -1,
        interactions: ${counts} ? await ask('interactions', (s) => s.count()) : -1,
      };
    } finally {
      idb.close();
    }
  })()`);

interface Held {
  synced: boolean;
  /** When the last sync ended (the browser's clock). */
  lastSyncAt: number;
  /** Records received so far by a sync of several pages. */
  done: number;
  error?: string;
  /** -1: not counted. */
  companies: number;
  interactions: number;
}

/** Reads until `done` says so or `timeoutMs` passed; returns the last value read and whether it was done. */
async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
): Promise<{ value: T; done: boolean }> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return { value, done: true };
    if (performance.now() > deadline) return { value, done: false };
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * The handover end to end: the team server's app over the book (no pool sweep on a timer: the
 * book's clock is NOW, and the sweep is measured on its own), the successor signed in from the
 * extension's options page in Chromium, the manager's click as its HTTP call, then the poke,
 * the successor's pull of every page and its writes into IndexedDB.
 */
async function browserPhase(db: Database, now: number) {
  const passwordHash = await hash(PASSWORD);
  await db.query(`update users set password_hash = $1 where id in ('manager', 'successor')`, [passwordHash]);
  const start = performance.now();
  const app = await buildApp(db, { clock: { now: () => now + 2 * DAY + (performance.now() - start) } });
  // Each pull as the server serves it: its time there, and the browser's between two of them.
  const pulls: { start: number; end: number }[] = [];
  app.http.server.on('request', (request, response) => {
    if (request.method !== 'POST' || request.url !== '/api/pull') return;
    const served = { start: performance.now(), end: 0 };
    pulls.push(served);
    response.on('finish', () => (served.end = performance.now()));
  });
  const url = await app.http.listen({ host: '127.0.0.1', port: HTTP_PORT });
  const dir = await mkdtemp(path.join(tmpdir(), 'rules-bench-browser-'));
  let context: BrowserContext | undefined;
  try {
    context = await launchWithExtension(dir, {
      args: PROFILE_FILE ? [`--remote-debugging-port=${DEVTOOLS_PORT}`] : [],
    });
    const extensionId = extensionIdOf(await serviceWorker(context));
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/options.html#team`);
    // The options page only to sign in: then a page of the extension with nothing on it that
    // reads the book, so the figure is the sync's, not a page's redrawing.
    const answer = await page.evaluate(
      (m) => chrome.runtime.sendMessage(m) as Promise<{ ok: boolean; error?: string }>,
      { type: 'team/sign-in', serverUrl: url, email: 'successor@bench.example', password: PASSWORD },
    );
    if (!answer.ok) throw new Error(`the successor's sign-in: ${answer.error}`);
    // Signed in and up to date (an empty book) before the click.
    if (
      !(
        await until(
          () => held(page, false),
          (h) => h.synced,
          120_000,
        )
      ).done
    )
      throw new Error("the successor's first sync did not end in 2 minutes");
    await page.goto(`chrome-extension://${extensionId}/ipdb/SOURCE.txt`);
    const manager = await signInApi(url, 'manager@bench.example');
    const pids = [...databasePids(), ...chromiumPids(dir)];
    const cpuAtClick = cpuMs(pids);
    const chromiumAtClick = schedMs(chromiumPids(dir));
    const extensionAtClick = schedMs(extensionProcesses(chromiumPids(dir)));
    const threadsAtClick = threadMs(chromiumPids(dir));
    pulls.length = 0;
    const stopProfile = PROFILE_FILE ? await profileWorker(extensionId, PROFILE_FILE) : undefined;
    const machineAtClick = machineBusyMs();
    const clickWall = Date.now();
    const click = performance.now();
    const response = await fetch(`${url}/api/handover`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${manager.token}` },
      body: JSON.stringify({ fromRepId: 'leaver', toRepIds: ['successor'] }),
    });
    const answered = performance.now() - click;
    if (!response.ok) throw new Error(`handover: HTTP ${response.status} ${await response.text()}`);
    let shown = 0;
    const clickedAt = Date.now();
    // Done when a sync ended after the click with every record in (a sync that ended before the
    // handover's transaction committed brought nothing: the poke's sync follows it).
    const final = await until(
      async () => {
        const h = await held(page, false);
        return h.lastSyncAt > clickedAt ? held(page, true) : h;
      },
      (h) => {
        const at = performance.now() - click;
        if (at - shown > 10_000) {
          shown = at;
          log(
            `    ${(at / 1000).toFixed(0)} s after the click: ${h.done.toLocaleString('en')} records received`,
          );
        }
        return h.companies >= 10_000 && h.interactions >= 100_000;
      },
      BROWSER_WAIT_MS,
    );
    const total = performance.now() - click;
    await stopProfile?.();
    const cpuTotal = cpuMs(pids) - cpuAtClick;
    const machineCpu = machineBusyMs() - machineAtClick;
    const chromiumCpu = schedMs(chromiumPids(dir)) - chromiumAtClick;
    const extensionCpu = schedMs(extensionProcesses(chromiumPids(dir))) - extensionAtClick;
    const threads = [...threadMs(chromiumPids(dir))]
      .map(([name, ms]) => [name, ms - (threadsAtClick.get(name) ?? 0)] as const)
      .filter(([, ms]) => ms >= 300)
      .sort((a, b) => b[1] - a[1]);
    const done = pulls.filter((p) => p.end > 0);
    const serving = done.reduce((sum, p) => sum + p.end - p.start, 0);
    // The browser asks for the next page while it writes one: the time after the manager's call when
    // no pull was at the server.
    let waiting = 0;
    let reach = click + answered;
    const gaps: number[] = [];
    for (const p of done) {
      gaps.push(Math.max(0, p.start - reach));
      waiting += gaps.at(-1)!;
      reach = Math.max(reach, p.end);
    }
    waiting += Math.max(0, click + total - reach);
    const counted = final.done ? final.value : await held(page, true);
    const got = counted.companies + counted.interactions;
    log(`Handover in the successor's browser (Chromium, the built extension, the team server's HTTP app):`);
    log(
      `  the manager's call answered in ${(answered / 1000).toFixed(1)} s; ` +
        (final.done
          ? `all ${got.toLocaleString('en')} ${(total / 1000).toFixed(1)} s after it (goal < 30 s): ${total < 30_000 ? 'met' : 'NOT met'}`
          : `after ${(total / 1000).toFixed(0)} s it held ${got.toLocaleString('en')} of 110,000 (${counted.companies.toLocaleString('en')} companies, ${counted.interactions.toLocaleString('en')} logged contacts; goal < 30 s): NOT met${counted.error ? `; sync error: ${counted.error}` : ''}`),
    );
    log(
      `  of that: ${done.length} pulls served in ${(serving / 1000).toFixed(1)} s in all (the server's time, answers as JSON); ${(waiting / 1000).toFixed(1)} s after the call with no pull at the server (the browser parsing, checking and writing to IndexedDB with nothing to wait for, and reacting to the writes)`,
    );
    log(
      `  CPU time from the click (PostgreSQL + Node + Chromium): ${(cpuTotal / 1000).toFixed(1)} s, of which Chromium ${(chromiumCpu / 1000).toFixed(1)} s (the extension's process ${(extensionCpu / 1000).toFixed(1)} s, the rest — IndexedDB's storage among it — ${((chromiumCpu - extensionCpu) / 1000).toFixed(1)} s)`,
    );
    if (final.done)
      log(
        `  the successor's extension wrote the last page and ended its sync ${((final.value.lastSyncAt - clickWall) / 1000).toFixed(1)} s after the click (its own clock; the figure above is when this script's poll, every 250 ms, then counted both stores)`,
      );
    log(
      `  the machine's CPU time meanwhile, all processes: ${(machineCpu / 1000).toFixed(1)} s of ${((availableParallelism() * total) / 1000).toFixed(1)} s (${availableParallelism()} cores); of it, outside this measurement (other work not frozen): ${((machineCpu - cpuTotal) / 1000).toFixed(1)} s`,
    );
    log(
      `  the browser's time before each pull, one by one (ms; the first after the manager's call): ${gaps.map((g) => g.toFixed(0)).join(' ')}; after the last: ${Math.max(0, click + total - reach).toFixed(0)}`,
    );
    log(
      `  Chromium's CPU by process and thread (0.3 s or more): ${threads.map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`).join('; ')}`,
    );
  } finally {
    await context?.close();
    await app.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
