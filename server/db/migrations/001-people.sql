-- Teams, their people and sign-in. Append-only: never edit this file once shipped.

create table teams (
  id bigint generated always as identity primary key,
  name text not null check (length(name) between 1 and 200),
  -- The team's sync version: every push transaction bumps it and so holds this row's
  -- lock until it commits, which orders the team's changes in commit order (docs/sync.md).
  version bigint not null default 0 check (version >= 0),
  created_at timestamptz not null default now()
);

create table users (
  id text primary key check (length(id) between 1 and 100),
  team_id bigint not null references teams (id),
  email text not null unique check (email = lower(email) and length(email) between 3 and 320),
  name text not null check (length(name) between 1 and 200),
  role text not null check (role in ('admin', 'manager', 'rep')),
  password_hash text not null,
  -- The team version of the user's last change, so a pull sends the team's people.
  version bigint not null default 0,
  created_at timestamptz not null default now(),
  disabled_at timestamptz
);
create index users_team_version on users (team_id, version);

-- Sign-in tokens: only a SHA-256 of each is stored, so a copy of the database holds
-- no usable token. A token is revoked by setting revoked_at; nothing else ends it.
create table tokens (
  hash text primary key check (length(hash) = 64),
  user_id text not null references users (id),
  created_at timestamptz not null default now(),
  last_used_at timestamptz not null default now(),
  revoked_at timestamptz
);
create index tokens_user on tokens (user_id);

-- Failed sign-ins, for the rate limit (per address and per client IP, across nodes).
create table sign_in_failures (
  id bigint generated always as identity primary key,
  email text not null,
  address text not null,
  at timestamptz not null default now()
);
create index sign_in_failures_email_at on sign_in_failures (email, at);
create index sign_in_failures_address_at on sign_in_failures (address, at);
