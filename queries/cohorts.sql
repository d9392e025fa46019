-- One row per (institution, graduation_year) of participants in scope: cohort
-- size, how many had at least one placement, and how many had a hire active on
-- (graduation_year + 1)-06-30 (see the cohort_members view); employed_observable
-- is false while that date is after $as_of, and employed_1y is then null.
-- $institution: the scope (null = every institution); $as_of: a date.
select
    institution_id,
    graduation_year,
    count(*) as cohort_size,
    count(*) filter (where placed) as placed,
    count(*) filter (where placed) / count(*) as placement_rate,
    count(*) filter (where employed_on_check) as employed_1y_numerator,
    min(checked_on) <= $as_of::date as employed_observable,
    case
        when min(checked_on) <= $as_of::date then count(*) filter (where employed_on_check) / count(*)
    end as employed_1y
from cohort_members
where $institution is null or institution_id = $institution
group by institution_id, graduation_year
order by institution_id, graduation_year
