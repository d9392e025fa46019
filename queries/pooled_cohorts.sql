-- One row per graduation year, every institution's participants pooled: the
-- benchmark for an institution's cohorts, with the same definitions as
-- cohorts.sql (cohort size; placed = at least one placement; employed_1y
-- numerator = a hire active on (graduation_year + 1)-06-30; employed_observable
-- is false while that date is after $as_of, and employed_1y is then null).
-- $as_of: a date; $year_from, $year_to: graduation years to list (null = no bound).
with cohort as (
    select
        participant_id,
        graduation_year,
        make_date(graduation_year + 1, 6, 30) as checked_on
    from participants
    where ($year_from is null or graduation_year >= $year_from)
        and ($year_to is null or graduation_year <= $year_to)
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
group by c.graduation_year
order by c.graduation_year
