import type { Mutation, PushResponse } from '../../lib/sync/protocol';
import type { Database } from '../db/client';
import type { User } from '../rules/people';
import { pushBatch, type PushJob } from './push';

// Group commit for pushes (docs/sync.md, "Push"). A team's pushes are applied one
// transaction at a time on each server node: a push that arrives while none runs
// starts one at once; pushes that arrive meanwhile wait and are then applied
// together, in arrival order, in the next one. One commit, one version and one
// poke then serve them all, instead of each push paying its own (the team's
// version row is held from the end of a push until its commit, so pushes of one
// team cannot overlap there anyway). Every caller gets its answer only after the
// commit that holds its mutations: a change a client saw accepted is durable.

interface Waiting {
  job: PushJob;
  mutations: number;
  resolve: (response: PushResponse) => void;
  reject: (error: unknown) => void;
}

export interface PushQueueLimits {
  /** Most pushes applied in one transaction. */
  pushes: number;
  /** Most mutations in one transaction (a push bigger than this still goes, alone). */
  mutations: number;
}

export const DEFAULT_LIMITS: PushQueueLimits = { pushes: 200, mutations: 2000 };

export class PushQueue {
  private readonly teams = new Map<number, Waiting[]>();
  /** Transactions run so far, and the pushes they held (for the benchmark and the tests). */
  readonly stats = { batches: 0, pushes: 0 };

  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
    private readonly limits: PushQueueLimits = DEFAULT_LIMITS,
  ) {}

  push(user: User, clientId: string, mutations: readonly Mutation[]): Promise<PushResponse> {
    return new Promise((resolve, reject) => {
      const waiting = this.teams.get(user.teamId);
      const entry = { job: { user, clientId, mutations }, mutations: mutations.length, resolve, reject };
      if (waiting) waiting.push(entry);
      else {
        this.teams.set(user.teamId, [entry]);
        void this.run(user.teamId);
      }
    });
  }

  /** Applies the team's waiting pushes, a batch at a time, until none is left. */
  private async run(teamId: number): Promise<void> {
    const waiting = this.teams.get(teamId)!;
    while (waiting.length) {
      let size = 0;
      let count = 0;
      while (
        count < waiting.length &&
        count < this.limits.pushes &&
        (count === 0 || size + waiting[count]!.mutations <= this.limits.mutations)
      )
        size += waiting[count++]!.mutations;
      const batch = waiting.splice(0, count);
      this.stats.batches++;
      this.stats.pushes += batch.length;
      try {
        const outcomes = await pushBatch(
          this.db,
          batch.map((w) => w.job),
          this.now,
        );
        batch.forEach((w, i) => {
          const outcome = outcomes[i]!;
          if (outcome.ok) w.resolve(outcome.response);
          else w.reject(outcome.error);
        });
      } catch (error) {
        // The transaction failed as a whole (the database went away): nothing of it was kept.
        for (const w of batch) w.reject(error);
      }
    }
    this.teams.delete(teamId);
  }
}
