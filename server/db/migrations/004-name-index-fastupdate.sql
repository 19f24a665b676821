-- The duplicate check's name index without GIN's pending list. Append-only: never edit this
-- file once shipped.
--
-- With fastupdate on (PostgreSQL's default), names written since the last vacuum wait in an
-- unsorted pending list that every similar-name search reads in full, and the write that
-- finds the list over gin_pending_list_limit merges it while the rep waits. A team writes
-- names all day (every create, import and edit), and the check runs for every inquiry the
-- card shows: each write now goes straight into the index, a little dearer, and no search
-- ever scans a pending list.
alter index duplicate_keys_name set (fastupdate = off);
-- What was pending goes into the index now, not at the next vacuum.
select gin_clean_pending_list('duplicate_keys_name'::regclass);
