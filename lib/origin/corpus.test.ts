import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../lang/detect';
import { headerValues, parseRawMessage } from '../mail/parse';
import { computeRisk } from '../risk/risk';
import { IPDB_FILE, loadIpDatabase } from './ipdb';
import { computeOrigin } from './origin';
import { providerOfAddress, providerOfHost, providerOfIp } from './providers';
import { parseReceived } from './received';

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
    // Country-level data: no region is ever named, for the answer or any evidence.
    expect(origin.region).toBeUndefined();
    expect(origin.evidence.filter((e) => e.region !== undefined)).toEqual([]);
  });

  // The provider-hides-the-IP invariant, for every consumer mailbox whose provider
  // hides its users' address (Gmail and googlemail, Outlook.com/Hotmail/Live/MSN,
  // Yahoo, iCloud/me/mac, Alibaba, Zoho): no answer ever rests on one of the
  // provider's own servers (an address in its networks or a hop named like its
  // hosts), and without a client address seen in the chain the card says the
  // provider hides it.
  it("never places a big-webmail user in the provider's data-centre country", async () => {
    const covered = new Map<string, number>();
    for (const c of manifest.cases) {
      const raw = readFileSync(join(DIR, c.file), 'utf8');
      const { headers, inquiry } = await parseRawMessage(raw);
      const provider = providerOfAddress(inquiry.from.email);
      if (!provider?.hidesSenderIp) continue;
      covered.set(provider.id, (covered.get(provider.id) ?? 0) + 1);
      const providerAddresses = new Set<string>();
      for (const value of headerValues(headers, 'received')) {
        const hop = parseReceived(value);
        const named = [hop.rdns, hop.helo].some((name) => name && providerOfHost(name) === provider);
        if (hop.ip && (providerOfIp(hop.ip) === provider || named)) providerAddresses.add(hop.ip.text);
      }
      const origin = computeOrigin({ headers, inquiry, ipdb });
      const ipEvidence = origin.evidence.filter(
        (e) => e.source === 'received-ip' || e.source === 'originating-ip-header',
      );
      for (const e of ipEvidence) {
        const address = e.detail.replace(/^[\w-]+: /, '').split(' ')[0] ?? '';
        expect(providerAddresses.has(address), `${c.file}: ${e.detail}`).toBe(false);
      }
      if (origin.ip) expect(providerAddresses.has(origin.ip), c.file).toBe(false);
      else expect(origin.providerHidesIp, c.file).toBe(true);
      if (!ipEvidence.length && origin.country) {
        // The country then comes from the message's own evidence, never from an IP.
        expect(
          origin.evidence.some((e) => e.country === origin.country),
          c.file,
        ).toBe(true);
      }
    }
    // Every big provider is in the corpus, so the invariant is not vacuous.
    for (const id of ['google', 'microsoft', 'yahoo', 'apple'])
      expect(covered.get(id), id).toBeGreaterThan(1);
  });

  it("never places a Gmail user in the United States because of Google's servers", async () => {
    for (const c of manifest.cases) {
      const raw = readFileSync(join(DIR, c.file), 'utf8');
      const { headers, inquiry } = await parseRawMessage(raw);
      if (!/@(gmail|googlemail)\.com$/i.test(inquiry.from.email)) continue;
      const origin = computeOrigin({ headers, inquiry, ipdb });
      // Only a desktop client's own address, kept by smtp.gmail.com, can place a Gmail user.
      if (origin.ip)
        expect(origin.ip, c.file).not.toMatch(/^(209\.85|108\.177|172\.217|2a00:1450|2607:f8b0)/);
      else expect(origin.providerHidesIp, c.file).toBe(true);
      const received = origin.evidence.find((e) => e.source === 'received-ip');
      if (received) expect(received.detail, c.file).toMatch(/→ smtp\.gmail\.com\)$/);
    }
  });

  it("words every evidence in the headers' own terms, never in an English phrase of ours", async () => {
    // The panel shows a detail as it is in every language: an English gloss would stand in the Chinese UI.
    let received = 0;
    for (const c of manifest.cases) {
      const raw = readFileSync(join(DIR, c.file), 'utf8');
      const { headers, inquiry } = await parseRawMessage(raw);
      for (const e of computeOrigin({ headers, inquiry, ipdb }).evidence) {
        if (e.source === 'received-ip') received++;
        expect(e.detail, `${c.file}: ${e.detail}`).not.toMatch(
          /(webmail client|authenticated client|that server|mail server|no name)/i,
        );
      }
    }
    expect(received).toBeGreaterThan(10);
  });
});
