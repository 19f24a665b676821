import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  AssignRequestSchema,
  ClaimRequestSchema,
  DuplicateProbeSchema,
  HandoverRequestSchema,
  ReleaseRequestSchema,
  TeamRuleSettingsSchema,
  TransferRequestInputSchema,
  type TeamOverview,
} from '../../lib/team/protocol';
import type { Clock } from '../clock';
import type { Database } from '../db/client';
import { isManager } from '../rules/access';
import { checkProbe } from '../rules/duplicates';
import { handOver, HandoverError, listHandovers } from '../rules/handover';
import { assign, claim, listPool, PoolError, release } from '../rules/pool';
import { readRuleSettings, writeRuleSettings } from '../rules/settings';
import { decideTransfer, pendingTransfers, requestTransfer, TransferError } from '../rules/transfers';
import { authenticate } from './auth';

// The team rules' endpoints (issue 13): the duplicate check, the pool, transfer
// requests, handover and the manager's overview. Thin: validate, authorise, call rules/.

const issues = (error: z.ZodError) =>
  error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.')}: ${i.message}`)
    .join('; ');

const MESSAGES: Record<string, string> = {
  'not-in-pool': 'That customer is not in the public pool (any more).',
  'cool-down': 'This customer was yours: the cool-down is not over yet.',
  'daily-limit': 'You have claimed as many pool customers as the team allows in 24 hours.',
  'not-a-rep': 'Someone named is not an active member of the team.',
  'not-yours': 'Only its owner or a manager releases a customer to the pool.',
  'already-in-pool': 'That customer is in the public pool already.',
  'same-rep': 'The successor cannot be the rep who leaves.',
  'no-company': 'No such customer in the team.',
  yours: 'That customer is already yours.',
  'no-request': 'No such pending request.',
};

function refuse(reply: FastifyReply, error: unknown) {
  if (error instanceof PoolError || error instanceof HandoverError || error instanceof TransferError) {
    const status =
      error.code === 'no-company' || error.code === 'no-request'
        ? 404
        : error.code === 'not-yours'
          ? 403
          : 409;
    const until = error instanceof PoolError ? error.until : undefined;
    return reply.code(status).send({ error: error.code, message: MESSAGES[error.code], until });
  }
  throw error;
}

export function ruleRoutes(app: FastifyInstance, db: Database, clock: Clock): void {
  const guard = { preHandler: authenticate(db) };
  const managersOnly = (reply: FastifyReply) =>
    reply.code(403).send({ error: 'managers-only', message: 'Only a manager does this.' });

  app.post('/api/duplicates/check', guard, async (request, reply) => {
    const body = DuplicateProbeSchema.safeParse(request.body);
    if (!body.success) return reply.code(400).send({ error: 'invalid', message: issues(body.error) });
    const user = request.user!;
    const matches = await db.transaction(async (tx) =>
      checkProbe(tx, user, body.data, (await readRuleSettings(tx, user.teamId)).nameSimilarity),
    );
    return { matches };
  });

  app.get('/api/pool', guard, async (request) => listPool(db, request.user!, clock.now()));

  app.post('/api/pool/claim', guard, async (request, reply) => {
    const body = ClaimRequestSchema.safeParse(request.body);
    if (!body.success) return reply.code(400).send({ error: 'invalid', message: issues(body.error) });
    try {
      await claim(db, request.user!, body.data.companyId, clock.now());
      return reply.code(204).send();
    } catch (error) {
      return refuse(reply, error);
    }
  });

  app.post('/api/pool/release', guard, async (request, reply) => {
    const body = ReleaseRequestSchema.safeParse(request.body);
    if (!body.success) return reply.code(400).send({ error: 'invalid', message: issues(body.error) });
    try {
      return { released: await release(db, request.user!, body.data.companyIds, clock.now()) };
    } catch (error) {
      return refuse(reply, error);
    }
  });

  app.post('/api/pool/assign', guard, async (request, reply) => {
    if (!isManager(request.user!.role)) return managersOnly(reply);
    const body = AssignRequestSchema.safeParse(request.body);
    if (!body.success) return reply.code(400).send({ error: 'invalid', message: issues(body.error) });
    try {
      return {
        assigned: await assign(db, request.user!, body.data.companyIds, body.data.repIds, clock.now()),
      };
    } catch (error) {
      return refuse(reply, error);
    }
  });

  app.post('/api/transfer-requests', guard, async (request, reply) => {
    const body = TransferRequestInputSchema.safeParse(request.body);
    if (!body.success) return reply.code(400).send({ error: 'invalid', message: issues(body.error) });
    try {
      const id = await requestTransfer(db, request.user!, body.data.companyId, body.data.note, clock.now());
      return reply.code(201).send({ id });
    } catch (error) {
      return refuse(reply, error);
    }
  });

  app.post('/api/transfer-requests/:id/:decision', guard, async (request, reply) => {
    if (!isManager(request.user!.role)) return managersOnly(reply);
    const params = z
      .object({ id: z.coerce.number().int().positive(), decision: z.enum(['approve', 'decline']) })
      .safeParse(request.params);
    if (!params.success) return reply.code(400).send({ error: 'invalid', message: issues(params.error) });
    try {
      await decideTransfer(
        db,
        request.user!,
        params.data.id,
        params.data.decision === 'approve',
        clock.now(),
      );
      return reply.code(204).send();
    } catch (error) {
      return refuse(reply, error);
    }
  });

  app.post('/api/handover', guard, async (request, reply) => {
    if (!isManager(request.user!.role)) return managersOnly(reply);
    const body = HandoverRequestSchema.safeParse(request.body);
    if (!body.success) return reply.code(400).send({ error: 'invalid', message: issues(body.error) });
    try {
      return await handOver(db, request.user!, body.data.fromRepId, body.data.toRepIds, clock.now());
    } catch (error) {
      return refuse(reply, error);
    }
  });

  app.get('/api/team/rules', guard, async (request) => readRuleSettings(db, request.user!.teamId));

  app.put('/api/team/rules', guard, async (request, reply) => {
    if (!isManager(request.user!.role)) return managersOnly(reply);
    const body = TeamRuleSettingsSchema.safeParse(request.body);
    if (!body.success) return reply.code(400).send({ error: 'invalid', message: issues(body.error) });
    await writeRuleSettings(db, request.user!.teamId, body.data);
    return body.data;
  });

  app.get('/api/team/overview', guard, async (request, reply) => {
    const user = request.user!;
    if (!isManager(user.role)) return managersOnly(reply);
    const since = new Date(clock.now() - 30 * 24 * 60 * 60 * 1000).toISOString();
    const reps = await db.query<TeamOverview['reps'][number]>(
      `select u.id, u.name, u.role, u.disabled_at is not null as disabled,
              (select count(*)::int from customers c where c.team_id = u.team_id and c.owner_id = u.id) as customers,
              (select count(*)::int from pool_claims p where p.team_id = u.team_id and p.user_id = u.id
                  and p.at > $2::timestamptz) as claimed,
              (select count(*)::int from customers c where c.team_id = u.team_id and c.previous_owner_id = u.id
                  and c.owner_id is null and c.pool_since > $2::timestamptz) as returned
         from users u where u.team_id = $1 order by u.name, u.email`,
      [user.teamId, since],
    );
    const [pool] = await db.query<{ n: number }>(
      'select count(*)::int as n from customers where team_id = $1 and owner_id is null',
      [user.teamId],
    );
    const answer: TeamOverview = {
      reps,
      pool: pool!.n,
      transfers: await pendingTransfers(db, user.teamId),
      handovers: await listHandovers(db, user.teamId),
      settings: await readRuleSettings(db, user.teamId),
    };
    return answer;
  });
}
