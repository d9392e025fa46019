-- One row per (graduation_year, segment) of an institution's graduation
-- cohorts, the participants split by $split: 'specialty' or 'level' (a
-- participant without a specialty falls in the null segment). Same definitions
-- as cohorts.sql: cohort size; placed = at least one placement; employed_1y
-- numerator = a hire active on (graduation_year + 1)-06-30; employed_1y is null
-- while that date is after $as_of.
-- $institution: null = every institution pooled; $graduation_year: null = every
-- cohort; $split: 'specialty' or 'level'; $as_of: a date.
with cohort as (
    select
        participant_id,
        graduation_year,
        case $split::varchar when 'specialty' then specialty when 'level' then level end as segment,
        make_date(graduation_year + 1, 6, 30) as checked_on
    from participants
    where ($institution is null or institution_id = $institution)
        and ($graduation_year is null or graduation_year = $graduation_year)
),

placed as (
    select distinct participant_id from placements
),

employed as (
    select distinct c.participant_id
    from cohort as c
    join hires as h on h.participant_id = c.participant_id
    where h.hire_date <= c.checked_on
        and (h.exit_date is null or h.exit_date > c.checked_on)
)

select
    c.graduation_year,
    c.segment,
    count(*) as cohort_size,
    count(p.participant_id) as placed,
    count(p.participant_id) / count(*) as placement_rate,
    count(e.participant_id) as employed_1y_numerator,
    min(c.checked_on) <= $as_of::date as employed_observable,
    case
        when min(c.checked_on) <= $as_of::date then count(e.participant_id) / count(*)
    end as employed_1y
from cohort as c
left join placed as p on p.participant_id = c.participant_id
left join employed as e on e.participant_id = c.participant_id
group by c.graduation_year, c.segment
order by c.graduation_year, count(*) desc, c.segment nulls last
