import Fastify, { type FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import type { Database } from './db/client';
import { PokeHub } from './sync/poke';
import { PushQueue } from './sync/group';
import { authRoutes } from './routes/auth';
import { userRoutes } from './routes/users';
import { syncRoutes } from './routes/sync';
import { ruleRoutes } from './routes/rules';
import { testRoutes } from './routes/test-mode';
import { MovableClock, systemClock, type Clock } from './clock';
import { sweepAll } from './rules/pool';

// The HTTP app, built around a database: index.ts starts it, tests build it on
// a throwaway database and listen on a free port.

export interface App {
  http: FastifyInstance;
  hub: PokeHub;
  clock: Clock;
  close(): Promise<void>;
}

export interface AppOptions {
  logger?: boolean;
  trustProxy?: boolean;
  /** The rules' clock (the system's by default). */
  clock?: Clock;
  /** How often the pool's sweep runs (0: never on a timer, as in unit tests). */
  sweepEveryMs?: number;
  /** Test mode: a movable clock and /api/test/* (never on a real team's server). */
  testMode?: boolean;
  /** Push transactions of one team under way at once on this node (group commit, server/sync/group.ts). */
  pushGroupsPerTeam?: number;
}

export async function buildApp(db: Database, options: AppOptions = {}): Promise<App> {
  const clock = options.clock ?? (options.testMode ? new MovableClock() : systemClock);
  const http = Fastify({
    logger: options.logger ?? false,
    // A push of 500 records with long notes fits; anything bigger is refused before parsing.
    bodyLimit: 16 * 1024 * 1024,
    // Behind a TLS proxy the client's address (for the sign-in limit) is in X-Forwarded-For.
    trustProxy: options.trustProxy ?? false,
  });
  const hub = new PokeHub();
  await hub.start(db);
  await http.register(websocket, { options: { maxPayload: 4096 } });
  // Browser extensions call the API from their own origin. The API authenticates by bearer token,
  // never by cookie, so answering their CORS checks lends nobody's credentials to a page.
  http.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (!origin || !/^(chrome|moz)-extension:\/\/[a-z0-9-]+$/i.test(origin)) return;
    reply.header('access-control-allow-origin', origin);
    reply.header('vary', 'origin');
    if (request.method === 'OPTIONS') {
      reply.header('access-control-allow-methods', 'GET, POST');
      reply.header('access-control-allow-headers', 'authorization, content-type');
      reply.header('access-control-max-age', '600');
      return reply.code(204).send();
    }
  });
  http.get('/api/health', async () => ({ ok: true, database: db.kind }));
  authRoutes(http, db);
  userRoutes(http, db);
  syncRoutes(http, db, hub, clock, new PushQueue(db, { groupsPerTeam: options.pushGroupsPerTeam }));
  ruleRoutes(http, db, clock);
  if (options.testMode && clock instanceof MovableClock) testRoutes(http, db, clock);
  // The pool's sweep on the server's clock: idempotent, so every node may run it.
  const sweep = () =>
    sweepAll(db, clock.now()).catch((error: unknown) => http.log.warn({ error }, 'pool sweep failed'));
  const timer = options.sweepEveryMs ? setInterval(() => void sweep(), options.sweepEveryMs) : undefined;
  timer?.unref();
  if (options.sweepEveryMs) void sweep();
  return {
    http,
    hub,
    clock,
    async close() {
      clearInterval(timer);
      await http.close();
      await hub.close();
    },
  };
}
