import { z } from 'zod';
import { plainCut } from '../plain-text';

// Where an email really comes from (domain.md, origin lookup). Filled by lib/origin.

export const ORIGIN_EVIDENCE_SOURCES = [
  'received-ip',
  'originating-ip-header',
  'cctld',
  'phone',
  'timezone',
  'claimed',
] as const;
export const CONFIDENCES = ['high', 'medium', 'low', 'none'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

export const OriginEvidenceSchema = z.object({
  source: z.enum(ORIGIN_EVIDENCE_SOURCES),
  /** ISO 3166-1 alpha-2 when the evidence points at one country. */
  country: z.string().max(2).optional(),
  /** Several candidate countries (a time zone offset spans many). */
  countries: z.array(z.string().max(2)).max(300).optional(),
  region: z.string().overwrite(plainCut(200)).optional(),
  /**
   * What was seen: the IP, the TLD, the phone number, the offset, the phrase. Header and body text
   * (a Received line of any length), so cut and stripped of markup at this door, never refused.
   */
  detail: z.string().overwrite(plainCut(500)),
  confidence: z.enum(CONFIDENCES),
});
export type OriginEvidence = z.infer<typeof OriginEvidenceSchema>;

export const OriginSchema = z.object({
  country: z.string().max(2).optional(),
  /** Never set: the shipped IP table is country-level only (README, The IP database). */
  region: z.string().max(200).optional(),
  ip: z.string().max(100).optional(),
  confidence: z.enum(CONFIDENCES),
  evidence: z.array(OriginEvidenceSchema).max(50),
  /** Evidence points at different countries. */
  mismatch: z.boolean(),
  /** The sender used a big webmail provider that hides the sender's IP. */
  providerHidesIp: z.boolean(),
  /** No raw source was available (the webmail did not give it). */
  headersAvailable: z.boolean(),
});
export type Origin = z.infer<typeof OriginSchema>;
