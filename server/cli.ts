import { parseArgs } from 'node:util';
import { NewUserSchema } from '../lib/sync/protocol';
import type { Database } from './db/client';
import { addUser, listUsers, defaultTeam, PeopleError } from './rules/people';

// `npm run server -- user add --email … --name … --role admin|manager|rep [--password …]`
// and `npm run server -- user list`. The password may come from TEAM_PASSWORD
// instead of the command line (which other users of the machine can see).

export const USAGE = `Usage:
  npm run server                                   start the server
  npm run server -- user add --email E --name N --role admin|manager|rep [--password P]
  npm run server -- user list
Settings (environment): DATABASE_URL, TEAM_DATA_DIR, HOST, PORT, TRUST_PROXY, LOG.`;

export async function runCommand(db: Database, argv: string[], out: (line: string) => void): Promise<number> {
  const [group, action, ...rest] = argv;
  if (group !== 'user' || (action !== 'add' && action !== 'list')) {
    out(USAGE);
    return 2;
  }
  if (action === 'list') {
    const team = await defaultTeam(db);
    for (const u of await listUsers(db, team))
      out(`${u.email}\t${u.role}\t${u.name}${u.disabled ? '\t(disabled)' : ''}`);
    return 0;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string', default: 'rep' },
      password: { type: 'string' },
    },
    strict: true,
  });
  const input = NewUserSchema.safeParse({
    ...values,
    password: values.password ?? process.env.TEAM_PASSWORD,
  });
  if (!input.success) {
    out(`Cannot add: ${input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    out(USAGE);
    return 2;
  }
  try {
    const user = await addUser(db, input.data);
    out(`Added ${user.role} ${user.name} <${user.email}> (${user.id})`);
    return 0;
  } catch (error) {
    if (error instanceof PeopleError && error.code === 'email-taken') {
      out(`Cannot add: someone already has ${input.data.email}`);
      return 1;
    }
    throw error;
  }
}
