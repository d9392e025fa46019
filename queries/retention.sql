-- One row: 6- and 12-month retention of hires in scope as of $as_of.
-- A hire counts once observable (hire_date <= $as_of - 182 or - 365 days) and is
-- retained when it has no exit_date or exits after hire_date + 182 or + 365 days.
-- hires_to_date: every hire in scope up to $as_of, of which the observable ones are
-- the share of the picture each rate covers.
-- $program, $institution, $employer, $sector, $district: the scope; $as_of: a date.
with hires_in_scope as (
    select hire_date, exit_date
    from scoped_hires($program, $institution, $employer, $sector, $district)
),

counted as (
    select
        count(*) filter (where hire_date <= $as_of::date) as hires_to_date,
        count(*) filter (where hire_date <= $as_of::date - 182) as denominator_6m,
        count(*) filter (
            where hire_date <= $as_of::date - 182
            and (exit_date is null or exit_date > hire_date + 182)
        ) as numerator_6m,
        count(*) filter (where hire_date <= $as_of::date - 365) as denominator_12m,
        count(*) filter (
            where hire_date <= $as_of::date - 365
            and (exit_date is null or exit_date > hire_date + 365)
        ) as numerator_12m
    from hires_in_scope
)

select
    numerator_6m,
    denominator_6m,
    case when denominator_6m > 0 then numerator_6m / denominator_6m end as retention_6m,
    numerator_12m,
    denominator_12m,
    case when denominator_12m > 0 then numerator_12m / denominator_12m end as retention_12m,
    hires_to_date
from counted
