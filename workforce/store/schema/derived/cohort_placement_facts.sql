-- One row per participant, for the cohort queries and the data-quality
-- knowledge rate: whether they had a placement (any status, employer or
-- program), whether one of theirs is still open (ongoing, or without an
-- end_date), and when their last placement ended. Stored in participant_key
-- order, as cohort_member_facts is, one row for each of its rows: the
-- cohort_members view puts the two side by side (a positional join) instead of
-- hashing 10 million keys at every read.
create or replace table cohort_placement_facts as
with placed as (
    select
        participant_key,
        bool_or(status = 'ongoing' or end_date is null) as open_placement,
        max(end_date) as last_placement_end
    from placement_facts
    group by participant_key
)

select
    pa.participant_key,
    pl.participant_key is not null as placed,
    coalesce(pl.open_placement, false) as open_placement,
    pl.last_placement_end
from participant_keys as pa
left join placed as pl on pl.participant_key = pa.participant_key
order by pa.participant_key;
