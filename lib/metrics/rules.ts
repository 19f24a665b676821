import type { Intent } from '../db/types';

// The dashboard's rules, named so the definitions on the page and in the README can
// cite them. Each figure's full definition sits next to its function.

/** Intents that make an inbound message an inquiry (a customer asking to buy); complaints, follow-ups and "other" are not. */
export const INQUIRY_INTENTS: ReadonlySet<Intent> = new Set(['price-inquiry', 'sample-request', 'order']);

/** A complaint counts resolved once our reply after its last inbound complaint has stood this long without a new one. */
export const COMPLAINT_QUIET_DAYS = 14;

/** The "top customers" of golden-customer identification: this share of the period's buyers, by margin. */
export const GOLDEN_SHARE = 0.2;

/** A source is "best" only with at least this many prospects in the period (one inquiry converting is not a rate). */
export const MIN_PROSPECTS = 3;

/**
 * How far before the (previous) period the loader reads interactions, so a thread
 * or a complaint that began just before the period is seen whole enough to measure.
 */
export const LOOKBACK_DAYS = 14;

/** The "no reply yet" preference's default (lib/storage.ts): an inquiry this old without a reply is abandoned. */
export const DEFAULT_NO_REPLY_DAYS = 2;
