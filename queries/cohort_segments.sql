-- One row per (graduation_year, segment) of an institution's graduation
-- cohorts, the participants split by $split: 'specialty' or 'level' (a
-- participant without a specialty falls in the null segment). Same definitions
-- as cohorts.sql (the cohort_figures macro): cohort size; placed = at least one
-- placement; employed_1y numerator = a hire active on (graduation_year + 1)-06-30;
-- employed_1y is null while that date is after $as_of.
-- $institution: null = every institution pooled; $graduation_year: null = every
-- cohort; $split: 'specialty' or 'level'; $as_of: a date.
select * exclude (institution_id)
from cohort_figures($as_of, false, $split, $institution, $graduation_year, null, null)
order by graduation_year, cohort_size desc, segment nulls last
