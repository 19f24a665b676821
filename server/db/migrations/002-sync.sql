-- The shared book and the sync bookkeeping (docs/sync.md). Append-only.

-- Every synced record of every team, one row each. `data` is the record as the
-- extension stores it (checked against its zod schema before it is written);
-- `scope` says who sees it: the user id of the rep who owns it (a company, or the
-- company's records), or 'team' for what the whole team shares.
create table records (
  team_id bigint not null references teams (id),
  kind text not null check (kind in ('companies', 'contacts', 'interactions', 'orders', 'reminders', 'knowledge', 'settings')),
  id text not null check (length(id) between 1 and 200),
  scope text not null check (length(scope) between 1 and 100),
  company_id text,
  data jsonb not null,
  deleted boolean not null default false,
  -- The team version of the push that last changed the row.
  version bigint not null check (version > 0),
  updated_by text references users (id),
  updated_at timestamptz not null default now(),
  primary key (team_id, kind, id)
);
-- A manager's pull: everything since a version, in version order.
create index records_team_version on records (team_id, version, kind, id);
-- A rep's pull: their own scope (and 'team') since a version.
create index records_scope_version on records (team_id, scope, version, kind, id);
-- A company's records, when it changes owner.
create index records_company on records (team_id, company_id) where company_id is not null;

-- A record that left a user's view (its company went to another rep): the user's
-- next pull deletes it from their browser.
create table view_exits (
  team_id bigint not null references teams (id),
  version bigint not null,
  user_id text not null references users (id),
  kind text not null,
  id text not null
);
create index view_exits_user_version on view_exits (team_id, user_id, version);

-- One browser profile's sync identity, and the last of its mutations processed.
create table clients (
  id text primary key check (length(id) between 8 and 100),
  user_id text not null references users (id),
  last_mutation_id bigint not null default 0 check (last_mutation_id >= 0),
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now()
);
create index clients_user on clients (user_id);

-- Why a mutation was refused, so a retried push gets the same answer.
create table rejections (
  client_id text not null references clients (id),
  mutation_id bigint not null,
  kind text not null,
  record_id text not null,
  code text not null,
  message text not null,
  at timestamptz not null default now(),
  primary key (client_id, mutation_id)
);
