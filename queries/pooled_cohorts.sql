-- One row per graduation year, every institution's participants pooled: the
-- benchmark for an institution's cohorts, with the same definitions as
-- cohorts.sql (the cohort_members view): cohort size; placed = at least one
-- placement; employed_1y numerator = a hire active on (graduation_year + 1)-06-30;
-- employed_observable is false while that date is after $as_of, and employed_1y
-- is then null.
-- $as_of: a date; $year_from, $year_to: graduation years to list (null = no bound).
select
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
where ($year_from is null or graduation_year >= $year_from)
    and ($year_to is null or graduation_year <= $year_to)
group by graduation_year
order by graduation_year
