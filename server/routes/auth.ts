import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SignInRequestSchema, type SignInResponse } from '../../lib/sync/protocol';
import type { Database } from '../db/client';
import { describeUser, revokeToken, signIn, SignInError, userOfToken, type User } from '../rules/people';

// Sign-in, sign-out, who am I; and the `authenticate` guard every other route uses.

declare module 'fastify' {
  interface FastifyRequest {
    user?: User;
    token?: string;
  }
}

export function bearer(request: FastifyRequest): string {
  const header = request.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice(7).trim() : '';
}

/** Refuses (401, no data) any request without a live token. */
export function authenticate(db: Database) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const token = bearer(request);
    const user = await userOfToken(db, token);
    if (!user) return reply.code(401).send({ error: 'signed-out', message: 'Sign in again.' });
    request.user = user;
    request.token = token;
  };
}

export function authRoutes(app: FastifyInstance, db: Database): void {
  app.post('/api/sign-in', async (request, reply) => {
    const body = SignInRequestSchema.safeParse(request.body);
    if (!body.success)
      return reply.code(400).send({ error: 'invalid', message: 'E-mail and password, please.' });
    try {
      const { token, user } = await signIn(db, body.data.email, body.data.password, request.ip);
      const answer: SignInResponse = { token, user: await describeUser(db, user) };
      return answer;
    } catch (error) {
      if (error instanceof SignInError && error.code === 'rate-limited')
        return reply.code(429).send({
          error: 'rate-limited',
          message: 'Too many failed sign-ins. Wait 15 minutes and try again.',
        });
      if (error instanceof SignInError)
        return reply.code(401).send({ error: 'bad-credentials', message: 'Wrong e-mail or password.' });
      throw error;
    }
  });

  app.post('/api/sign-out', { preHandler: authenticate(db) }, async (request, reply) => {
    await revokeToken(db, request.token!);
    return reply.code(204).send();
  });

  app.get('/api/me', { preHandler: authenticate(db) }, async (request) => describeUser(db, request.user!));
}
