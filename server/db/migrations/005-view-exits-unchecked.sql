-- A handover's bookkeeping without two lookups a row. Append-only: never edit this file once
-- shipped.
--
-- view_exits holds a row for every record that left a rep's view (their pull deletes it from
-- their browser). A handover of 10k customers with 100k logged contacts writes 110,000 of them in
-- its one transaction, and the two foreign keys made PostgreSQL look up the team and the user of
-- each: 220,000 lookups, 1.6-2.4 s of a 6 s handover on a 1M-company book. The server writes
-- every row from the users and records it has just read and locked in the same transaction
-- (server/rules/ownership.ts, handover.ts), and teams and people are never deleted (a person is
-- disabled), so the checks could not fail. The index the pulls read stays.
alter table view_exits drop constraint view_exits_team_id_fkey;
alter table view_exits drop constraint view_exits_user_id_fkey;
