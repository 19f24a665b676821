import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DAY_MS, type MovableClock } from '../clock';
import type { Database } from '../db/client';
import { sweepAll } from '../rules/pool';

// Test mode only (TEAM_TEST_MODE=1, refused unless the server listens on a loopback
// address): the end-to-end tests move the server's clock forward and run the pool's
// sweep at once, instead of waiting thirty days.

export function testRoutes(app: FastifyInstance, db: Database, clock: MovableClock): void {
  app.post('/api/test/clock', async (request, reply) => {
    const body = z.object({ advanceDays: z.number().min(0).max(3650) }).safeParse(request.body);
    if (!body.success) return reply.code(400).send({ error: 'invalid' });
    clock.advance(body.data.advanceDays * DAY_MS);
    const swept = await sweepAll(db, clock.now());
    return { now: clock.now(), ...swept };
  });
}
