-- One row per number of days and whether an exit was observed: how many hires
-- in scope, dated on or before $as_of, have that duration T (CONTRACT.md,
-- "Retention as a survival curve"). T = exit_date - hire_date when the hire
-- has an exit_date on or before $as_of (exited true), else $as_of - hire_date
-- (exited false: still employed, or not yet known to have left). The
-- Kaplan-Meier curve is computed from these rows (workforce/analysis/survival.py).
-- $program, $institution, $employer, $sector, $district: the scope; $as_of: a date.
with durations as (
    select
        coalesce(exit_date <= $as_of::date, false) as exited,
        case when exited then exit_date - hire_date else $as_of::date - hire_date end as days
    from scoped_hires($program, $institution, $employer, $sector, $district)
    where hire_date <= $as_of::date
)

select days, exited, count(*) as hires
from durations
group by days, exited
order by days, exited
