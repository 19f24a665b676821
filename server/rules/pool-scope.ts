/**
 * The scope (and `ownerRepId`) of a customer in the public pool: no rep's pull holds it,
 * and no rep may write it; managers see it. Not a user id (user ids are UUIDs).
 */
export const POOL_SCOPE = 'pool';
