import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../lang/detect';
import { parseRawMessage } from '../mail/parse';
import { computeRisk } from '../risk/risk';
import { IPDB_FILE, loadIpDatabase } from './ipdb';
import { computeOrigin } from './origin';

// Every .eml in test/fixtures/eml/ against its expected origin, risk signals and
// language in expected.json: the shapes real mail arrives in (Gmail, Outlook.com,
// Exchange Online, Yahoo, iCloud, QQ, NetEase, Alibaba, Postfix, Exim, VPN,
// IPv6, forged lines, none at all).

const DIR = join(import.meta.dirname, '../../test/fixtures/eml');
const ipdb = loadIpDatabase(readFileSync(join(import.meta.dirname, '../../public', IPDB_FILE)));

interface Context {
  firstContact: boolean;
  domainSeenBefore: boolean;
  knownCompanyDomains: string[];
}
interface Case {
  file: string;
  description: string;
  context?: Partial<Context>;
  expect: {
    country: string | null;
    ip: string | null;
    providerHidesIp: boolean;
    mismatch: boolean;
    confidence: string;
    evidence: string[];
    signals: string[];
    level: string;
    language: string;
  };
}
const manifest = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as {
  defaults: { context: Context };
  cases: Case[];
};

describe('the .eml corpus', () => {
  it('has at least 40 cases, one per .eml file and none missing', () => {
    expect(manifest.cases.length).toBeGreaterThanOrEqual(40);
    const files = readdirSync(DIR).filter((f) => f.endsWith('.eml'));
    expect(manifest.cases.map((c) => c.file).sort()).toEqual(files.sort());
  });

  it.each(manifest.cases.map((c) => [c.file, c] as const))('%s', async (_file, c) => {
    const raw = readFileSync(join(DIR, c.file), 'utf8');
    const { headers, inquiry } = await parseRawMessage(raw);
    const origin = computeOrigin({ headers, inquiry, ipdb });
    const context = { ...manifest.defaults.context, ...c.context };
    const risk = computeRisk({ inquiry, origin, ...context });
    const got = {
      country: origin.country ?? null,
      ip: origin.ip ?? null,
      providerHidesIp: origin.providerHidesIp,
      mismatch: origin.mismatch,
      confidence: origin.confidence,
      evidence: c.expect.evidence.filter((source) => origin.evidence.some((e) => e.source === source)),
      signals: risk.signals.map((s) => s.id).sort(),
      level: risk.level,
      language: detectLanguage(`${inquiry.subject}\n${inquiry.bodyText}`),
    };
    expect(got, c.description).toEqual({ ...c.expect, signals: [...c.expect.signals].sort() });
  });

  it("never places a Gmail user in the United States because of Google's servers", async () => {
    for (const c of manifest.cases) {
      const raw = readFileSync(join(DIR, c.file), 'utf8');
      const { headers, inquiry } = await parseRawMessage(raw);
      if (!inquiry.from.email.endsWith('@gmail.com')) continue;
      const origin = computeOrigin({ headers, inquiry, ipdb });
      expect(origin.providerHidesIp, c.file).toBe(true);
      expect(origin.ip, c.file).toBeUndefined();
      expect(
        origin.evidence.some((e) => e.source === 'received-ip'),
        c.file,
      ).toBe(false);
    }
  });
});
