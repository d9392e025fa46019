-- One row per (graduation_year, segment) of an institution's graduation
-- cohorts, the participants split by $split: 'specialty' or 'level' (a
-- participant without a specialty falls in the null segment). Same definitions
-- as cohorts.sql (the cohort_members view): cohort size; placed = at least one
-- placement; employed_1y numerator = a hire active on (graduation_year + 1)-06-30;
-- employed_1y is null while that date is after $as_of.
-- $institution: null = every institution pooled; $graduation_year: null = every
-- cohort; $split: 'specialty' or 'level'; $as_of: a date.
with cohort as (
    select
        *,
        case $split::varchar when 'specialty' then specialty when 'level' then level end as segment
    from cohort_members
    where ($institution is null or institution_id = $institution)
        and ($graduation_year is null or graduation_year = $graduation_year)
)

select
    graduation_year,
    segment,
    count(*) as cohort_size,
    count(*) filter (where placed) as placed,
    count(*) filter (where placed) / count(*) as placement_rate,
    count(*) filter (where employed_on_check) as employed_1y_numerator,
    min(checked_on) <= $as_of::date as employed_observable,
    case
        when min(checked_on) <= $as_of::date then count(*) filter (where employed_on_check) / count(*)
    end as employed_1y
from cohort
group by graduation_year, segment
order by graduation_year, count(*) desc, segment nulls last
