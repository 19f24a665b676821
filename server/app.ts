import Fastify, { type FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import type { Database } from './db/client';
import { PokeHub } from './sync/poke';
import { authRoutes } from './routes/auth';
import { userRoutes } from './routes/users';
import { syncRoutes } from './routes/sync';

// The HTTP app, built around a database: index.ts starts it, tests build it on
// a throwaway database and listen on a free port.

export interface App {
  http: FastifyInstance;
  hub: PokeHub;
  close(): Promise<void>;
}

export async function buildApp(
  db: Database,
  options: { logger?: boolean; trustProxy?: boolean } = {},
): Promise<App> {
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
  syncRoutes(http, db, hub);
  return {
    http,
    hub,
    async close() {
      await http.close();
      await hub.close();
    },
  };
}
