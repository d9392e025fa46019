-- One row per (institution, sector, outcome): how many completed placements in
-- scope, ending in a year from $year_from to $year_to, had that outcome. The
-- institution is the participant's; the sector is the host employer's. The
-- outcomes (hired_by_host, hired_elsewhere, not_hired) are defined, and
-- computed once per write, with placement_facts in workforce/schema/derived.sql.
-- $program, $institution, $employer, $sector, $district: the scope;
-- $year_from, $year_to: the period in calendar years of end_date (null = no bound).
with classified as (
    select institution_id, sector, outcome
    from scoped_placements($program, $institution, $employer, $sector, $district)
    where outcome is not null
        and ($year_from is null or year(end_date) >= $year_from)
        and ($year_to is null or year(end_date) <= $year_to)
)

select
    c.institution_id,
    i.name as institution_name,
    c.sector,
    c.outcome,
    count(*) as placements
from classified as c
join institutions as i on i.institution_id = c.institution_id
group by all
order by c.institution_id, c.sector, c.outcome
