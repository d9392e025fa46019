-- One row per (institution, graduation_year) of participants in scope: cohort
-- size, how many had at least one placement, and how many had a hire active on
-- (graduation_year + 1)-06-30; employed_observable is false while that date is
-- after $as_of. $institution: the scope (null = every institution); $as_of: a date.
with cohort as (
    select
        participant_id,
        institution_id,
        graduation_year,
        make_date(graduation_year + 1, 6, 30) as checked_on
    from participants
    where $institution is null or institution_id = $institution
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
    c.institution_id,
    c.graduation_year,
    count(*) as cohort_size,
    count(p.participant_id) as placed,
    case when count(*) > 0 then count(p.participant_id) / count(*) end as placement_rate,
    count(e.participant_id) as employed_1y_numerator,
    min(c.checked_on) <= $as_of::date as employed_observable,
    case
        when min(c.checked_on) <= $as_of::date then count(e.participant_id) / count(*)
    end as employed_1y
from cohort as c
left join placed as p on p.participant_id = c.participant_id
left join employed as e on e.participant_id = c.participant_id
group by c.institution_id, c.graduation_year
order by c.institution_id, c.graduation_year
