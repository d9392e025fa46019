-- One row per participant with a placement (any status, employer or program),
-- for the cohort queries and the data-quality knowledge rate: whether a
-- placement of theirs is still open (ongoing, or without an end_date), and
-- when their last placement ended. A participant without a row had no
-- placement (the cohort_members view).
create or replace table cohort_placement_facts as
select
    participant_key,
    bool_or(status = 'ongoing' or end_date is null) as open_placement,
    max(end_date) as last_placement_end
from placement_facts
group by participant_key;
