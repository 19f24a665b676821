import { db, type CrmDb } from './db/db';
import { keepDayRows } from './metrics/aggregates/maintain';
import { followTeamMode } from './sync/outbox';

// Each extension context (the background worker, the side panel, the options page, the dashboard)
// opens the one database here, at its start, with every room's reaction to writes: the change
// feed's readers run in the writing context's own transaction, so every context that writes
// registers all of them. Kept above lib/db, so the database imports no room above it; a test
// checks that every context starts with openBook.

let opened = false;

/** The database of this context, with the dashboard's day rows and team mode's outbox kept on every write. */
export function openBook(): CrmDb {
  if (opened) return db;
  opened = true;
  // The dashboard's day rows, kept in each write's transaction (and a new book's starting state).
  keepDayRows(true);
  // Team mode's outbox reads the feed while someone is signed in to a team server.
  followTeamMode(db);
  return db;
}
