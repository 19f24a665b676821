import { RulesMessageSchema, type RulesAnswer, type RulesMessage } from './messages';

// The team rules in the background worker: each page message becomes one call to the
// team server with the signed-in token (which never leaves the worker). A change of
// ownership (a claim, an assignment, a handover, an approved transfer) syncs at once
// so the new owner's book has the customers within seconds; pokes tell the others.

export interface RulesDeps {
  /** An authenticated call to the team server (lib/sync/background.ts); throws when signed out. */
  api(path: string, init?: RequestInit): Promise<Response>;
  sync(): Promise<unknown>;
}

const ROUTES: Record<
  RulesMessage['type'],
  (m: never) => { path: string; method: 'GET' | 'POST' | 'PUT'; body?: unknown; moves?: boolean }
> = {
  'rules/check': (m: Extract<RulesMessage, { type: 'rules/check' }>) => ({
    path: '/api/duplicates/check',
    method: 'POST',
    body: m.probe,
  }),
  'rules/pool': () => ({ path: '/api/pool', method: 'GET' }),
  'rules/claim': (m: Extract<RulesMessage, { type: 'rules/claim' }>) => ({
    path: '/api/pool/claim',
    method: 'POST',
    body: { companyId: m.companyId },
    moves: true,
  }),
  'rules/release': (m: Extract<RulesMessage, { type: 'rules/release' }>) => ({
    path: '/api/pool/release',
    method: 'POST',
    body: m.request,
    moves: true,
  }),
  'rules/assign': (m: Extract<RulesMessage, { type: 'rules/assign' }>) => ({
    path: '/api/pool/assign',
    method: 'POST',
    body: m.request,
    moves: true,
  }),
  'rules/ask-transfer': (m: Extract<RulesMessage, { type: 'rules/ask-transfer' }>) => ({
    path: '/api/transfer-requests',
    method: 'POST',
    body: m.request,
  }),
  'rules/decide-transfer': (m: Extract<RulesMessage, { type: 'rules/decide-transfer' }>) => ({
    path: `/api/transfer-requests/${m.id}/${m.approve ? 'approve' : 'decline'}`,
    method: 'POST',
    body: {},
    moves: m.approve,
  }),
  'rules/handover': (m: Extract<RulesMessage, { type: 'rules/handover' }>) => ({
    path: '/api/handover',
    method: 'POST',
    body: m.request,
    moves: true,
  }),
  'rules/overview': () => ({ path: '/api/team/overview', method: 'GET' }),
  'rules/save-settings': (m: Extract<RulesMessage, { type: 'rules/save-settings' }>) => ({
    path: '/api/team/rules',
    method: 'PUT',
    body: m.settings,
  }),
};

export function createTeamRules(deps: RulesDeps) {
  async function handle(raw: unknown): Promise<RulesAnswer> {
    const parsed = RulesMessageSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, error: 'invalid', message: parsed.error.issues[0]?.message };
    const route = ROUTES[parsed.data.type](parsed.data as never);
    let response: Response;
    try {
      response = await deps.api(route.path, {
        method: route.method,
        body: route.body === undefined ? undefined : JSON.stringify(route.body),
      });
    } catch (error) {
      return {
        ok: false,
        error: error instanceof Error && error.message === 'signed-out' ? 'signed-out' : 'unreachable',
      };
    }
    const body = (await response.json().catch(() => null)) as {
      error?: string;
      message?: string;
      until?: number;
    } | null;
    if (!response.ok)
      return {
        ok: false,
        error: body?.error ?? String(response.status),
        message: body?.message,
        until: body?.until,
      };
    if (route.moves) void deps.sync();
    return { ok: true, data: body ?? undefined };
  }
  return { handle };
}
