import { z } from 'zod';
import type { CrmDb } from '../db/db';
import { KnowledgeItemSchema, type KnowledgeItem } from '../db/types';
import { demoKnowledge } from './demo';

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

export class KnowledgeValidationError extends Error {
  constructor(readonly issues: string[]) {
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
  if (!parsed.success) throw new KnowledgeValidationError(issuesOf(parsed.error));
  return db.transaction('rw', db.knowledge, async () => {
    const existing = parsed.data.id ? await db.knowledge.get(parsed.data.id) : undefined;
    const item = KnowledgeItemSchema.parse({
      ...parsed.data,
      id: parsed.data.id ?? crypto.randomUUID(),
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
