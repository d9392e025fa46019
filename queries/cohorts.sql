-- One row per (institution, graduation_year) of participants in scope: cohort
-- size, how many had at least one placement, and how many had a hire active on
-- (graduation_year + 1)-06-30 (the cohort_figures macro, over the cohort_members
-- view); employed_observable is false while that date is after $as_of, and
-- employed_1y is then null.
-- $institution: the scope (null = every institution); $as_of: a date.
select * exclude (segment)
from cohort_figures($as_of, true, null, $institution, null, null, null)
order by institution_id, graduation_year
