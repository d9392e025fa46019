-- One row per number of days and whether a hire was observed: how many
-- completed placements in scope, ended on or before $as_of, have that
-- duration U (CONTRACT.md, "Time to hire as a survival curve"). U = days from
-- the placement's end_date to its first hire from an internship (a hire whose
-- source placement it is) dated on or before $as_of, 0 for a hire before the
-- end (hired true); else $as_of - end_date (hired false). A hire from an
-- internship is in a scope exactly when its source placement is (views.sql,
-- scoped_hires), so the hired placements are counted from the hires and the
-- rest of each end_date's placements are the censored ones. The Kaplan-Meier
-- curve is computed from these rows (workforce/analysis/survival.py).
-- $program, $institution, $employer, $sector, $district: the scope; $as_of: a date.
with hired as (
    select source_end_date as end_date, min(days_to_hire) as days
    from scoped_hires($program, $institution, $employer, $sector, $district)
    where source_placement_id is not null
        and hire_date <= $as_of::date
        and source_end_date <= $as_of::date
    group by source_placement_id, source_end_date
),

hired_by_end as (
    select end_date, count(*) as hired
    from hired
    group by end_date
),

ended as (
    select end_date, count(*) as placements
    from scoped_placements($program, $institution, $employer, $sector, $district)
    where status = 'completed' and end_date <= $as_of::date
    group by end_date
),

durations as (
    select days, true as hired, count(*) as placements
    from hired
    group by days

    union all

    select $as_of::date - e.end_date, false, e.placements - coalesce(h.hired, 0)
    from ended as e
    left join hired_by_end as h on h.end_date = e.end_date
    where e.placements > coalesce(h.hired, 0)
)

select days, hired, sum(placements)::bigint as placements
from durations
group by days, hired
order by days, hired
