-- The team's rules (issue 13): the duplicate check, the public pool, transfer
-- requests and handover by a manager. Append-only: never edit this file once shipped.

-- Trigram similarity of company names (a trusted extension since PostgreSQL 13: the
-- database's owner may create it; PGlite loads it at open).
create extension if not exists pg_trgm;

-- The team's settings for these rules; a team without a row has the defaults.
create table team_settings (
  team_id bigint primary key references teams (id),
  -- A customer with no logged contact and no order for this many days returns to the pool.
  pool_idle_days int not null default 30 check (pool_idle_days between 1 and 3650),
  -- Its owner is warned this many days before.
  pool_warn_days int not null default 3 check (pool_warn_days between 0 and 365),
  -- A rep claims at most this many pool customers in any 24 hours.
  pool_claims_per_day int not null default 5 check (pool_claims_per_day between 0 and 1000),
  -- A rep whose customer returned to the pool waits this long before claiming it back.
  pool_cooldown_days int not null default 7 check (pool_cooldown_days between 0 and 3650),
  -- Company names at least this similar (pg_trgm similarity, 0..1) are the same customer.
  name_similarity real not null default 0.6 check (name_similarity > 0 and name_similarity <= 1),
  check (pool_warn_days < pool_idle_days)
);

-- What makes two customers the same, for every company and contact: addresses, registrable
-- domains (never free-mail ones), phone numbers in E.164, normalised company names
-- (lib/team/duplicateKeys.ts). Written with the record, in the same transaction.
create table duplicate_keys (
  team_id bigint not null references teams (id),
  kind text not null check (kind in ('companies', 'contacts')),
  id text not null,
  key_kind text not null check (key_kind in ('email', 'domain', 'phone', 'name')),
  value text not null check (length(value) between 1 and 400),
  primary key (team_id, kind, id, key_kind, value)
);
create index duplicate_keys_exact on duplicate_keys (team_id, key_kind, value);
-- Similar names: a trigram index serves `value % $name`.
create index duplicate_keys_name on duplicate_keys using gin (value gin_trgm_ops) where key_kind = 'name';

-- Each company's place in the rules: its owner (null: in the public pool) since when,
-- and when it was last worked on (a logged contact or an order, or being taken on),
-- on the server's clock. The sweep returns customers idle past the team's limit.
create table customers (
  team_id bigint not null references teams (id),
  company_id text not null,
  owner_id text references users (id),
  owner_since timestamptz not null,
  active_at timestamptz not null,
  -- The last logged contact or order (what the pool view shows).
  last_contact_at timestamptz,
  -- The activity time the owner was last warned for (a new contact needs a new warning).
  warned_for timestamptz,
  pool_since timestamptz,
  pool_reason text check (pool_reason in ('idle', 'released')),
  previous_owner_id text references users (id),
  primary key (team_id, company_id),
  check ((owner_id is null) = (pool_since is not null))
);
create index customers_idle on customers (team_id, active_at) where owner_id is not null;
create index customers_pool on customers (team_id, pool_since) where owner_id is null;
create index customers_owner on customers (team_id, owner_id);

-- Who took which pool customer, when, and how: a rep's own claim (counted against the
-- daily limit) or a manager's assignment.
create table pool_claims (
  id bigint generated always as identity primary key,
  team_id bigint not null references teams (id),
  company_id text not null,
  user_id text not null references users (id),
  by_id text not null references users (id),
  how text not null check (how in ('claim', 'assign')),
  at timestamptz not null
);
create index pool_claims_user_at on pool_claims (team_id, user_id, at);
create index pool_claims_team_at on pool_claims (team_id, at);

-- A rep asking for another rep's customer (or a pool one): the owner and the managers see it.
create table transfer_requests (
  id bigint generated always as identity primary key,
  team_id bigint not null references teams (id),
  company_id text not null,
  requested_by text not null references users (id),
  owner_id text references users (id),
  note text not null default '' check (length(note) <= 2000),
  status text not null default 'pending' check (status in ('pending', 'approved', 'declined')),
  created_at timestamptz not null,
  decided_by text references users (id),
  decided_at timestamptz
);
create unique index transfer_requests_one_pending on transfer_requests (team_id, company_id, requested_by)
  where status = 'pending';
create index transfer_requests_team_status on transfer_requests (team_id, status, created_at);

-- Every handover by a manager: who, when, from whom to whom, how many records.
create table handovers (
  id bigint generated always as identity primary key,
  team_id bigint not null references teams (id),
  from_user text not null references users (id),
  to_users text[] not null check (cardinality(to_users) between 1 and 100),
  by_user text not null references users (id),
  at timestamptz not null,
  companies int not null,
  contacts int not null,
  interactions int not null,
  orders int not null,
  reminders int not null
);
create index handovers_team_at on handovers (team_id, at);
