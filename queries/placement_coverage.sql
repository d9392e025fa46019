-- One row: the completed placements in scope that ended from $year_from to
-- $year_to (the Pipeline's count), and how many of them ended more than 365 days
-- before $today, so that no hire from an internship can still follow them
-- (CONTRACT.md, source placement): the others' "not hired" may still change.
-- $program, $institution, $employer, $sector, $district: the scope (null = all).
select
    count(*) as placements,
    count(*) filter (where end_date < $today::date - 365) as placements_settled
from scoped_placements($program, $institution, $employer, $sector, $district)
where status = 'completed' and end_date is not null and year_in(end_date, $year_from, $year_to)
