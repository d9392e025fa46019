-- One row per institution, specialty and level of one graduation cohort
-- ($graduation_year): its graduates (cohort_size), those placed (at least one
-- placement) and those employed on (graduation_year + 1)-06-30
-- (employed_1y_numerator); employed_observable is false while that date is
-- after $as_of. A null specialty is a stratum of its own. The strata of the
-- indirect standardisation (workforce/analysis/standardise.py); the same
-- definitions as cohorts.sql.
-- $graduation_year: the cohort; $as_of: a date.
select
    institution_id,
    specialty,
    level,
    count(*) as cohort_size,
    count(*) filter (where placed) as placed,
    count(*) filter (where employed_on_check) as employed_1y_numerator,
    min(checked_on) <= $as_of::date as employed_observable
from cohort_members
where graduation_year = $graduation_year
group by institution_id, specialty, level
order by institution_id, specialty nulls last, level
