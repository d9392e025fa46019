-- One row per (institution, sector, outcome): how many completed placements in
-- scope, ending in a year from $year_from to $year_to, had that outcome. The
-- institution is the participant's; the sector is the host employer's. The
-- outcomes (hired_by_host, hired_elsewhere, not_hired) are defined, and
-- computed once per write, in workforce/schema/derived/placement_facts.sql.
-- $program, $institution, $employer, $sector, $district: the scope;
-- $year_from, $year_to: the period in calendar years of end_date (null = no bound).
with counted as (
    select institution_key, sector_key, outcome, count(*) as placements
    from scoped_placements($program, $institution, $employer, $sector, $district)
    where outcome is not null
        and year_in(end_date, $year_from, $year_to)
    group by all
)

select
    i.institution_id,
    i.name as institution_name,
    s.group_id as sector,
    c.outcome,
    c.placements
from counted as c
join group_keys as ik on ik.kind = 'institution' and ik.group_key = c.institution_key
join institutions as i on i.institution_id = ik.group_id
join group_keys as s on s.kind = 'sector' and s.group_key = c.sector_key
order by i.institution_id, sector, c.outcome
