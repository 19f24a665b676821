import { MAX_MUTATIONS_PER_PUSH, type Mutation, type PushResponse } from '../../lib/sync/protocol';
import type { Database } from '../db/client';
import type { User } from '../rules/people';
import { pushGroup, type PushOutcome, type PushRequestOf } from './push';

// Group commit (docs/sync.md, "Group commit"). Every push of a team ends by taking the
// team's version row, held until its commit is flushed to disk, so a team's commits pass
// one at a time: one WAL flush each bounded its pushes per second. Pushes that arrive
// while a team's transactions are under way wait here and go together into the next
// transaction: one version, one commit, one flush for all of them. A quiet team pays
// nothing for it (a push finding no transaction under way starts one at once); a busy one
// commits in groups that grow with the load.

export interface PushQueueOptions {
  /**
   * Transactions of one team under way at once on this node. Two let a group do its work
   * while the one before flushes its commit; more only queue on the version row.
   */
  groupsPerTeam?: number;
  /** Mutations a group takes in at most (a push is never split: a big one goes alone). */
  maxMutations?: number;
}

interface Waiting extends PushRequestOf {
  resolve(response: PushResponse): void;
  reject(error: unknown): void;
}

interface TeamQueue {
  waiting: Waiting[];
  /** Transactions under way. */
  running: number;
  /** Clients with a push in a transaction under way: their next push waits for its answer. */
  busy: Set<string>;
  scheduled: boolean;
}

export class PushQueue {
  private readonly teams = new Map<number, TeamQueue>();
  private readonly groupsPerTeam: number;
  private readonly maxMutations: number;

  constructor(
    private readonly db: Database,
    options: PushQueueOptions = {},
  ) {
    this.groupsPerTeam = Math.max(1, options.groupsPerTeam ?? 2);
    this.maxMutations = Math.max(1, options.maxMutations ?? MAX_MUTATIONS_PER_PUSH);
  }

  /** One client's push, answered once the transaction it went into has committed. */
  push(
    user: User,
    clientId: string,
    mutations: readonly Mutation[],
    now: () => number = Date.now,
  ): Promise<PushResponse> {
    return new Promise((resolve, reject) => {
      let queue = this.teams.get(user.teamId);
      if (!queue) {
        queue = { waiting: [], running: 0, busy: new Set(), scheduled: false };
        this.teams.set(user.teamId, queue);
      }
      queue.waiting.push({ user, clientId, mutations, now, resolve, reject });
      // Pushes that arrive in the same turn of the event loop (parsed from one burst of
      // requests) can share a transaction even when none is under way.
      if (!queue.scheduled) {
        queue.scheduled = true;
        const team = queue;
        setImmediate(() => {
          team.scheduled = false;
          this.start(user.teamId, team);
        });
      }
    });
  }

  private start(teamId: number, queue: TeamQueue): void {
    while (queue.running < this.groupsPerTeam) {
      const group = this.take(queue);
      if (!group.length) break;
      queue.running++;
      for (const p of group) queue.busy.add(p.clientId);
      void this.run(group).finally(() => {
        queue.running--;
        for (const p of group) queue.busy.delete(p.clientId);
        if (queue.waiting.length) this.start(teamId, queue);
        else if (!queue.running && !queue.scheduled) this.teams.delete(teamId);
      });
    }
  }

  /** The next group: waiting pushes in order of arrival, each client once, to the mutation limit. */
  private take(queue: TeamQueue): Waiting[] {
    const group: Waiting[] = [];
    const clients = new Set<string>();
    let mutations = 0;
    const left: Waiting[] = [];
    for (const p of queue.waiting) {
      const fits = !group.length || mutations + p.mutations.length <= this.maxMutations;
      if (fits && !queue.busy.has(p.clientId) && !clients.has(p.clientId)) {
        group.push(p);
        clients.add(p.clientId);
        mutations += p.mutations.length;
      } else left.push(p);
    }
    queue.waiting = left;
    return group;
  }

  private async run(group: Waiting[]): Promise<void> {
    let outcomes: PushOutcome[];
    try {
      outcomes = await pushGroup(this.db, group);
    } catch (error) {
      if (group.length === 1) return group[0]!.reject(error);
      // The transaction failed (a deadlock, a lost connection, a push no one foresaw): none of
      // it was answered, and it may have failed for one push alone. Each push once more in a
      // transaction of its own, so that one push's failure is never another's.
      for (const p of group) {
        try {
          settle(p, (await pushGroup(this.db, [p]))[0]!);
        } catch (alone) {
          p.reject(alone);
        }
      }
      return;
    }
    group.forEach((p, n) => settle(p, outcomes[n]!));
  }
}

function settle(p: Waiting, outcome: PushOutcome): void {
  if (outcome.ok) p.resolve(outcome.response);
  else p.reject(outcome.error);
}
