import { z } from 'zod';
import type { CrmDb } from '../db/db';
import { KnowledgeItemSchema, type KnowledgeItem } from '../db/types';
import { demoKnowledge } from './demo';
import { newId } from '../db/ids';

// Create, read, update and delete knowledge items. Every write is validated with
// the book's own schema, so what the options page saves is what an import accepts.

/** What an editor submits: an item without the bookkeeping the store fills in. */
export const KnowledgeDraftSchema = KnowledgeItemSchema.partial({
  id: true,
  authorRepId: true,
  createdAt: true,
  updatedAt: true,
}).extend({ title: z.string().trim().min(1).max(500) });
export type KnowledgeDraft = z.input<typeof KnowledgeDraftSchema>;

/** What is wrong with a knowledge item or file, in words the page translates (i18n: knowledge.problem.<code>). */
export const KNOWLEDGE_PROBLEMS = [
  'empty-file',
  'not-json',
  'not-a-list',
  'missing-columns',
  'csv-quotes',
  'csv-fields',
  'csv-unreadable',
  'repeated-id',
  'required',
  'too-short',
  'too-long',
  'too-many',
  'not-one-of',
  'invalid',
] as const;
export type KnowledgeProblemCode = (typeof KNOWLEDGE_PROBLEMS)[number];

export interface KnowledgeProblem {
  code: KnowledgeProblemCode;
  /** `field` is the item's path ('title', 'fields.moq', 'tags.2'); the page names it. */
  params: Record<string, string | number>;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** Zod's issues as problem codes: its own messages are English only. */
export function problemsOf(error: z.ZodError, input: unknown): KnowledgeProblem[] {
  return error.issues.map((issue): KnowledgeProblem => {
    const field = issue.path.map(String).join('.');
    switch (issue.code) {
      case 'too_small':
        return Number(issue.minimum) <= 1
          ? { code: 'required', params: { field } }
          : { code: 'too-short', params: { field, min: Number(issue.minimum) } };
      case 'too_big':
        return {
          code: issue.origin === 'array' ? 'too-many' : 'too-long',
          params: { field, max: Number(issue.maximum) },
        };
      case 'invalid_type':
        return { code: valueAt(input, issue.path) === undefined ? 'required' : 'invalid', params: { field } };
      case 'invalid_value':
        return { code: 'not-one-of', params: { field, allowed: issue.values.map(String).join(', ') } };
      default:
        return { code: 'invalid', params: { field } };
    }
  });
}

export class KnowledgeValidationError extends Error {
  constructor(
    readonly issues: string[],
    readonly problems: KnowledgeProblem[] = [],
  ) {
    super(issues.join('; '));
    this.name = 'KnowledgeValidationError';
  }
}

export interface WriteOptions {
  now?: number;
  /** Who writes new items; existing items keep their author. */
  authorRepId?: string;
}

export function issuesOf(error: z.ZodError): string[] {
  return error.issues.map((issue) =>
    issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
  );
}

const KIND_ORDER = { product: 0, faq: 1, template: 2 } as const;

/** Every item, products first, then FAQ, then templates, each by title. */
export async function listKnowledge(db: CrmDb): Promise<KnowledgeItem[]> {
  const items = await db.knowledge.toArray();
  return items.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.title.localeCompare(b.title));
}

export async function getKnowledge(db: CrmDb, id: string): Promise<KnowledgeItem | undefined> {
  return db.knowledge.get(id);
}

/** Adds a new item or updates the one with the draft's id. Throws KnowledgeValidationError on bad input. */
export async function saveKnowledge(
  db: CrmDb,
  draft: KnowledgeDraft,
  { now = Date.now(), authorRepId = 'local' }: WriteOptions = {},
): Promise<KnowledgeItem> {
  const parsed = KnowledgeDraftSchema.safeParse(draft);
  if (!parsed.success)
    throw new KnowledgeValidationError(issuesOf(parsed.error), problemsOf(parsed.error, draft));
  return db.transaction('rw', db.knowledge, async () => {
    const existing = parsed.data.id ? await db.knowledge.get(parsed.data.id) : undefined;
    const item = KnowledgeItemSchema.parse({
      ...parsed.data,
      id: parsed.data.id ?? newId(),
      authorRepId: existing?.authorRepId ?? parsed.data.authorRepId ?? authorRepId,
      createdAt: existing?.createdAt ?? parsed.data.createdAt ?? now,
      updatedAt: now,
    });
    await db.knowledge.put(item);
    return item;
  });
}

export async function deleteKnowledge(db: CrmDb, id: string): Promise<void> {
  await db.knowledge.delete(id);
}

/** Puts the demo set in the book (idempotent: the demo ids are stable). */
export async function loadDemoKnowledge(db: CrmDb, now: number = Date.now()): Promise<number> {
  const items = demoKnowledge(now);
  await db.knowledge.bulkPut(items);
  return items.length;
}
