// What the `fields` record of each knowledge kind means. KnowledgeItem.fields is a
// free string record in the book schema; these are the keys the reply engine reads.

/** Product facts a reply quotes. The product's name is the item's title. */
export const PRODUCT_FIELDS = [
  'specs',
  'moq',
  'leadTime',
  'priceTerms',
  'certifications',
  'keywords',
] as const;
export type ProductField = (typeof PRODUCT_FIELDS)[number];

/** FAQ topics: an email that talks about one of these gets that answer. */
export const FAQ_TOPICS = [
  'samples',
  'moq',
  'payment',
  'shipping',
  'certifications',
  'lead-time',
  'warranty',
  'price',
] as const;
export type FaqTopic = (typeof FAQ_TOPICS)[number];

/**
 * What a reply tries to do: answer and qualify; ask the questions that move the
 * deal; ask a new, risky sender to verify itself before any sample.
 */
export const REPLY_AIMS = ['answer', 'advance', 'verify'] as const;
export type ReplyAim = (typeof REPLY_AIMS)[number];

/** Which emails a template is for ('any' fits all). */
export const TEMPLATE_INTENTS = [
  'price-inquiry',
  'sample-request',
  'complaint',
  'order',
  'follow-up',
  'verification',
  'any',
] as const;
export type TemplateIntent = (typeof TEMPLATE_INTENTS)[number];

/** Placeholders the offline engine fills in templates; anything else is left empty. */
export const TEMPLATE_PLACEHOLDERS = [
  'greeting',
  'opening',
  'historyLine',
  'productFacts',
  'faqAnswers',
  'questions',
  'closing',
  'contactName',
  'companyName',
  'subject',
  'product',
  'specs',
  'moq',
  'leadTime',
  'priceTerms',
  'certifications',
] as const;

/** Splits a comma, semicolon or Chinese-comma separated list ("CE, RoHS；UL"). */
export function splitList(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(/[,;，；、\n]/)
    .map((part) => part.trim())
    .filter(Boolean);
}
