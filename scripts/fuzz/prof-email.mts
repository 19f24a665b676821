import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCrmDb } from '../../lib/db/db';
import { enrichInquiry } from '../../lib/enrich/enrich';
import { detectLanguage } from '../../lib/lang/detect';
import { parseRawMessage } from '../../lib/mail/parse';
import { IPDB_FILE, loadIpDatabase } from '../../lib/origin/ipdb';
import { computeOrigin } from '../../lib/origin/origin';
import { computeRisk } from '../../lib/risk/risk';
import { hostileEmail, rng } from './generate';
const want = new Set(process.argv.slice(2).map(Number));
const r = rng(16 * 31 + 0);
const ipdb = loadIpDatabase(readFileSync(join(import.meta.dirname, '../../public', IPDB_FILE)));
const book = openCrmDb('p');
const raws: [number, string][] = [];
for (let i = 0; i < 2000; i++) {
  const raw = hostileEmail(r);
  if (want.has(i)) raws.push([i, raw]);
}
for (let k = 0; k < 3; k++)
  for (const [i, raw] of raws) {
    const stages: string[] = [];
    const c0 = process.cpuUsage();
    let t = performance.now();
    const { headers, inquiry } = await parseRawMessage(raw);
    stages.push(`parse ${(performance.now() - t).toFixed(0)}`);
    t = performance.now();
    const o = computeOrigin({ headers, inquiry, ipdb });
    stages.push(`origin ${(performance.now() - t).toFixed(0)}`);
    t = performance.now();
    detectLanguage(inquiry.bodyText ?? '');
    stages.push(`lang ${(performance.now() - t).toFixed(0)}`);
    t = performance.now();
    await enrichInquiry(book, inquiry, {});
    stages.push(`enrich ${(performance.now() - t).toFixed(0)}`);
    t = performance.now();
    computeRisk({ inquiry, origin: o, firstContact: true, knownCompanyDomains: [], domainSeenBefore: false });
    stages.push(`risk ${(performance.now() - t).toFixed(0)}`);
    const cpu = process.cpuUsage(c0);
    console.log(
      i,
      raw.length,
      (inquiry.bodyText ?? '').length,
      stages.join(' '),
      `cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)}`,
    );
  }
