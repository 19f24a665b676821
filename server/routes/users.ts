import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NewUserSchema } from '../../lib/sync/protocol';
import type { Database } from '../db/client';
import { isManager } from '../rules/access';
import { addUser, disableUser, enableUser, listUsers, PeopleError } from '../rules/people';
import { authenticate } from './auth';

// The team's people: managers and admins list them; admins add, disable and enable them.

export function userRoutes(app: FastifyInstance, db: Database): void {
  const guard = { preHandler: authenticate(db) };

  app.get('/api/users', guard, async (request, reply) => {
    if (!isManager(request.user!.role))
      return reply
        .code(403)
        .send({ error: 'managers-only', message: 'Only managers and admins see the team.' });
    return listUsers(db, request.user!.teamId);
  });

  app.post('/api/users', guard, async (request, reply) => {
    if (request.user!.role !== 'admin')
      return reply.code(403).send({ error: 'admins-only', message: 'Only an admin adds people.' });
    const body = NewUserSchema.safeParse(request.body);
    if (!body.success)
      return reply
        .code(400)
        .send({ error: 'invalid', message: body.error.issues.map((i) => i.message).join('; ') });
    try {
      const user = await addUser(db, body.data, request.user!.teamId);
      return reply.code(201).send({ id: user.id, email: user.email, name: user.name, role: user.role });
    } catch (error) {
      if (error instanceof PeopleError && error.code === 'email-taken')
        return reply
          .code(409)
          .send({ error: 'email-taken', message: 'Someone already has that e-mail address.' });
      throw error;
    }
  });

  // Disabling signs the person out everywhere at once; enabling lets them sign in again.
  for (const action of ['disable', 'enable'] as const)
    app.post(`/api/users/:id/${action}`, guard, async (request, reply) => {
      if (request.user!.role !== 'admin')
        return reply.code(403).send({ error: 'admins-only', message: `Only an admin ${action}s people.` });
      const params = z.object({ id: z.string().min(1).max(100) }).safeParse(request.params);
      if (!params.success) return reply.code(400).send({ error: 'invalid', message: 'Which person?' });
      try {
        await (action === 'disable' ? disableUser : enableUser)(db, request.user!.teamId, params.data.id);
        return reply.code(204).send();
      } catch (error) {
        if (error instanceof PeopleError)
          return reply
            .code(error.code === 'no-user' ? 404 : 409)
            .send({ error: error.code, message: error.message });
        throw error;
      }
    });
}
