import { Dexie, type ObservabilitySet } from 'dexie';
import { DB_NAME, type CrmDb } from '../db/db';
import { LookalikeIndex } from '../risk/lookalike';

/**
 * Book-wide lookups that risk scoring needs on every email (every company
 * domain; every domain some contact writes from), read from the indexes once
 * and kept until the book's companies or contacts change. Reading 50k keys on
 * each open email would cost more than the rest of the card.
 */
export class BookIndex {
  #companyDomains: Promise<string[]> | null = null;
  #lookalikes: Promise<LookalikeIndex> | null = null;
  #contactDomains: Promise<Set<string>> | null = null;
  readonly #db: CrmDb;
  readonly #onMutated: (parts: ObservabilitySet) => void;

  constructor(db: CrmDb, dbName: string = DB_NAME) {
    this.#db = db;
    this.#onMutated = (parts) => {
      let stale = false;
      for (const part of Object.keys(parts)) {
        if (part.startsWith(`idb://${dbName}/companies/`)) {
          this.#companyDomains = null;
          this.#lookalikes = null;
          stale = true;
        }
        if (part.startsWith(`idb://${dbName}/contacts/`)) {
          this.#contactDomains = null;
          stale = true;
        }
      }
      if (stale) this.#rewarm();
    };
    Dexie.on('storagemutated', this.#onMutated);
  }

  #warmAfterMs: number | null = null;
  #warmTimer: ReturnType<typeof setTimeout> | null = null;

  /**
   * Keeps the lookups built ahead of the cards that need them (the background worker: at its
   * start, and again `afterMs` after a write to the companies or contacts stopped coming), so no
   * card pays for reading every domain of the book.
   */
  keepWarm(afterMs = 1000): Promise<void> {
    this.#warmAfterMs = afterMs;
    return this.warm();
  }

  /** Builds every lookup now. */
  async warm(): Promise<void> {
    await Promise.all([this.lookalikes(), this.#hosts()]);
  }

  #rewarm(): void {
    if (this.#warmAfterMs === null) return;
    if (this.#warmTimer !== null) clearTimeout(this.#warmTimer);
    this.#warmTimer = setTimeout(() => {
      this.#warmTimer = null;
      void this.warm().catch(() => undefined);
    }, this.#warmAfterMs);
  }

  #hosts(): Promise<Set<string>> {
    this.#contactDomains ??= this.#db.contacts
      .orderBy('emails')
      .uniqueKeys()
      .then((keys) => new Set((keys as string[]).map((email) => email.slice(email.lastIndexOf('@') + 1))));
    return this.#contactDomains;
  }

  /** Every company domain in the book. */
  companyDomains(): Promise<string[]> {
    this.#companyDomains ??= this.#db.companies
      .orderBy('domains')
      .uniqueKeys()
      .then((keys) => keys as string[]);
    return this.#companyDomains;
  }

  /** Every company domain, prepared for look-alike checks (built once per change of the companies). */
  lookalikes(): Promise<LookalikeIndex> {
    this.#lookalikes ??= this.companyDomains().then((domains) => new LookalikeIndex(domains));
    return this.#lookalikes;
  }

  /** Whether some contact writes from this registrable domain (or a subdomain of it). */
  async hasContactOn(domain: string): Promise<boolean> {
    if (!domain) return false;
    const hosts = await this.#hosts();
    if (hosts.has(domain)) return true;
    for (const host of hosts) if (host.endsWith(`.${domain}`)) return true;
    return false;
  }

  /** Forgets everything (tests; a restore that replaced the book). */
  reset(): void {
    this.#companyDomains = null;
    this.#lookalikes = null;
    this.#contactDomains = null;
  }

  dispose(): void {
    this.#warmAfterMs = null;
    if (this.#warmTimer !== null) clearTimeout(this.#warmTimer);
    Dexie.on.storagemutated.unsubscribe(this.#onMutated);
  }
}
