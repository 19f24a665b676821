import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ClientIdSchema, PullRequestSchema, PushRequestSchema, SYNCED_KINDS } from '../../lib/sync/protocol';
import type { Database } from '../db/client';
import { pull, readRecord } from '../sync/pull';
import { PushError } from '../sync/push';
import { PushQueue } from '../sync/group';
import { PokeHub } from '../sync/poke';
import { authenticate } from './auth';
import { userOfToken } from '../rules/people';
import { systemClock, type Clock } from '../clock';

// The sync endpoints of docs/sync.md. Thin: validate, authorise, call sync/.

const issues = (error: z.ZodError) =>
  error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.')}: ${i.message}`)
    .join('; ');

export function syncRoutes(
  app: FastifyInstance,
  db: Database,
  hub: PokeHub,
  clock: Clock = systemClock,
  pushes: PushQueue = new PushQueue(db),
): void {
  const guard = { preHandler: authenticate(db) };

  app.post('/api/push', guard, async (request, reply) => {
    const body = PushRequestSchema.safeParse(request.body);
    if (!body.success) return reply.code(400).send({ error: 'invalid', message: issues(body.error) });
    try {
      return await pushes.push(request.user!, body.data.clientId, body.data.mutations, () => clock.now());
    } catch (error) {
      if (error instanceof PushError)
        return reply
          .code(403)
          .send({ error: error.code, message: 'This client id belongs to another person.' });
      throw error;
    }
  });

  app.post('/api/pull', guard, async (request, reply) => {
    const body = PullRequestSchema.safeParse(request.body);
    if (!body.success) return reply.code(400).send({ error: 'invalid', message: issues(body.error) });
    return pull(db, request.user!, body.data.clientId, body.data.cookie, body.data.limit);
  });

  // One record, for a direct look: the same view rules as pull (a refusal says nothing about the record).
  app.get('/api/records/:kind/:id', guard, async (request, reply) => {
    const params = z
      .object({ kind: z.enum(SYNCED_KINDS), id: z.string().min(1).max(200) })
      .safeParse(request.params);
    if (!params.success) return reply.code(400).send({ error: 'invalid', message: issues(params.error) });
    const record = await readRecord(db, request.user!, params.data.kind, params.data.id);
    if (!record) return reply.code(404).send({ error: 'not-found', message: 'No such record in your view.' });
    return record;
  });

  // The live connection: the browser sends {type:'hello', token, clientId} first, then a ping every
  // 20 s (which keeps an MV3 service worker alive); the server sends pokes.
  app.get('/api/poke', { websocket: true }, (socket) => {
    let remove: (() => void) | undefined;
    const timeout = setTimeout(() => socket.close(4001, 'hello expected'), 5000);
    socket.on('message', (raw: Buffer) => {
      let message: { type?: unknown; token?: unknown; clientId?: unknown };
      try {
        message = JSON.parse(raw.toString()) as typeof message;
      } catch {
        return socket.close(4000, 'bad message');
      }
      if (message.type === 'ping') return socket.send('{"type":"pong"}');
      if (message.type !== 'hello' || typeof message.token !== 'string' || remove) return;
      void userOfToken(db, message.token).then(
        (user) => {
          clearTimeout(timeout);
          if (!user) return socket.close(4401, 'signed-out');
          // Its own changes it has already (it pulls after each push): not poked for them.
          const clientId = ClientIdSchema.safeParse(message.clientId);
          remove = hub.add({
            socket,
            userId: user.id,
            teamId: user.teamId,
            role: user.role,
            ...(clientId.success && { clientId: clientId.data }),
          });
          socket.send('{"type":"poke"}'); // pull once now: changes may have landed while it was away
        },
        // The database is away (a restart): the browser reconnects and says hello again.
        () => socket.close(1011, 'try again'),
      );
    });
    socket.on('close', () => {
      clearTimeout(timeout);
      remove?.();
    });
  });
}
