-- One row per stage of one graduation cohort's funnel, each stage a subset of
-- the one before: 1 cohort = the institution's participants with that
-- graduation_year; 2 placed = of them, those with at least one placement (any
-- status, employer or program); 3 hired = of those, those with at least one
-- hire (any employer, from an internship or not); 4 still_employed = of those,
-- those with a hire dated on or before $as_of that was still active
-- min(hire_date + 365 days, $as_of): exit_date empty or after that date. For a
-- hire at least 365 days old this is the contract's retention_12m rule (exit
-- after hire_date + 365 days); a younger hire counts when it is active on $as_of.
-- share_of_cohort = participants / cohort size (null for an empty cohort).
-- $institution: null = every institution pooled; $graduation_year; $as_of: a date.
with cohort as (
    select participant_id
    from participants
    where ($institution is null or institution_id = $institution)
        and graduation_year = $graduation_year
),

placed as (
    select distinct c.participant_id
    from cohort as c
    join placements as p on p.participant_id = c.participant_id
),

hired as (
    select distinct p.participant_id
    from placed as p
    join hires as h on h.participant_id = p.participant_id
),

still_employed as (
    select distinct x.participant_id
    from hired as x
    join hires as h on h.participant_id = x.participant_id
    where h.hire_date <= $as_of::date
        and (h.exit_date is null or h.exit_date > least(h.hire_date + 365, $as_of::date))
),

stages as (
    select 1 as step, 'cohort' as stage, count(*) as participants from cohort
    union all
    select 2, 'placed', count(*) from placed
    union all
    select 3, 'hired', count(*) from hired
    union all
    select 4, 'still_employed', count(*) from still_employed
)

select
    step,
    stage,
    participants,
    case
        when max(participants) over () > 0 then participants / max(participants) over ()
    end as share_of_cohort
from stages
order by step
