-- One row per program (program_id null = placements without a program) with
-- interns or hires from an internship in scope during the period: interns =
-- distinct participants with a placement in scope of that program (any status)
-- starting in a year from $year_from to $year_to; hires_from_internship = hires
-- in scope dated in those years whose source placement belongs to the program.
-- Hires that are not from an internship come from no program and are not listed.
-- $program, $institution, $employer, $sector, $district: the scope;
-- $year_from, $year_to: the period in calendar years (null = no bound).
with interns_by_key as (
    select program_key, count(distinct participant_key) as interns
    from scoped_placements($program, $institution, $employer, $sector, $district)
    where year_in(start_date, $year_from, $year_to)
    group by program_key
),

interns as (
    select k.group_id as program_id, n.interns
    from interns_by_key as n
    left join group_keys as k on k.kind = 'program' and k.group_key = n.program_key
),

hired as (
    select source_program_id as program_id, count(*) as hires_from_internship
    from scoped_hires($program, $institution, $employer, $sector, $district)
    where source_placement_id is not null
        and year_in(hire_date, $year_from, $year_to)
    group by source_program_id
),

programs_seen as (
    select program_id from interns
    union
    select program_id from hired
)

select
    s.program_id,
    pr.name as program_name,
    coalesce(n.interns, 0) as interns,
    coalesce(h.hires_from_internship, 0) as hires_from_internship
from programs_seen as s
left join interns as n on n.program_id is not distinct from s.program_id
left join hired as h on h.program_id is not distinct from s.program_id
left join programs as pr on pr.program_id = s.program_id
order by interns desc, hires_from_internship desc, s.program_id nulls last
