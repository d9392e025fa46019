-- One row per institution with interns or hires in scope during the period:
-- interns = distinct participants of the institution with a placement in scope
-- (any status) starting in a year from $year_from to $year_to; hires = hires
-- in scope of its participants dated in those years (any hire, from an
-- internship or not). Sorted by interns, then hires, most first.
-- $program, $institution, $employer, $sector, $district: the scope;
-- $year_from, $year_to: the period in calendar years (null = no bound).
with interns_by_key as (
    select institution_key, count(distinct participant_key) as interns
    from scoped_placements($program, $institution, $employer, $sector, $district)
    where year_in(start_date, $year_from, $year_to)
    group by institution_key
),

interns as (
    select k.group_id as institution_id, n.interns
    from interns_by_key as n
    join group_keys as k on k.kind = 'institution' and k.group_key = n.institution_key
),

hired as (
    select institution_id, count(*) as hires
    from scoped_hires($program, $institution, $employer, $sector, $district)
    where year_in(hire_date, $year_from, $year_to)
    group by institution_id
)

select
    i.institution_id,
    i.name as institution_name,
    coalesce(n.interns, 0) as interns,
    coalesce(h.hires, 0) as hires
from interns as n
full join hired as h on h.institution_id = n.institution_id
join institutions as i on i.institution_id = coalesce(n.institution_id, h.institution_id)
order by interns desc, hires desc, i.institution_id
