-- One row per graduation year, every institution's participants pooled: the
-- benchmark for an institution's cohorts, with the same definitions as
-- cohorts.sql (the cohort_figures macro): cohort size; placed = at least one
-- placement; employed_1y numerator = a hire active on (graduation_year + 1)-06-30;
-- employed_observable is false while that date is after $as_of, and employed_1y
-- is then null.
-- $as_of: a date; $year_from, $year_to: graduation years to list (null = no bound).
select * exclude (institution_id, segment)
from cohort_figures($as_of, false, null, null, null, $year_from, $year_to)
order by graduation_year
