-- One row: the largest value of each integer key that the counting queries set
-- bits for. bitstring_agg(key, 1, max) takes its range as constants (DuckDB 1.5
-- no longer reads it from statistics that a filtered or joined input lacks), so
-- db.run binds these to every query that names them (participant_key_max and
-- the like are never a caller's parameters). Keys start at 1; an empty table's
-- bound is 1 (derived/README.md).
select
    coalesce((select max(participant_key) from participant_keys), 1) as participant_key_max,
    coalesce((select max(repeat_key) from placement_facts), 1) as repeat_key_max,
    coalesce((select max(group_key) from group_keys where kind = 'employer'), 1) as employer_key_max
