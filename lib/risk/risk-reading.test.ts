import { describe, expect, it, vi } from 'vitest';
import { EmailInquirySchema } from '../email';
import { readInquiry } from '../reading/reading';
import { computeRisk } from './risk';

// The reading of an email's intent is the costliest part of its risk, and the risk reads it only
// for the signal it serves: samples asked for first, which only a first contact raises.
vi.mock('../reading/reading', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../reading/reading')>();
  return { ...actual, readInquiry: vi.fn(actual.readInquiry) };
});

describe("the risk's reading of the email", () => {
  it('is done for a first contact only', () => {
    const inquiry = EmailInquirySchema.parse({
      webmail: 'gmail',
      from: { name: '', email: 'buyer@newco-imports.com' },
      bodyText: 'Please send us free samples of all models by DHL.',
    });
    const input = { inquiry, origin: null, knownCompanyDomains: [], domainSeenBefore: true };
    vi.mocked(readInquiry).mockClear();
    expect(computeRisk({ ...input, firstContact: false }).signals).toEqual([]);
    expect(readInquiry).not.toHaveBeenCalled();
    expect(computeRisk({ ...input, firstContact: true }).signals.map((s) => s.id)).toContain(
      'free-samples-first',
    );
    expect(readInquiry).toHaveBeenCalledTimes(1);
  });
});
