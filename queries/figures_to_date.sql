-- One row: a scope's yearly figures (CONTRACT.md, by_year) over the dates
-- $date_from to $date_to instead of a calendar year: participants and
-- employers with a placement in scope starting in the period; hires in scope
-- dated in it; the intern hire rate's denominator (distinct participants with
-- a completed placement in scope ending in it) and numerator (those of them
-- hired from such a placement). Over a whole calendar year it gives that
-- year's by_year figures; a target of the current year reads it to date.
-- $program, $institution, $employer, $sector, $district: the scope;
-- $date_from, $date_to: the period, both days included.
with placed as (
    select
        count(distinct participant_key) as participants,
        count(distinct employer_key) as employers
    from scoped_placements($program, $institution, $employer, $sector, $district)
    where start_date between $date_from::date and $date_to::date
),

completed as (
    select count(distinct participant_key) as intern_hire_denominator
    from scoped_placements($program, $institution, $employer, $sector, $district)
    where status = 'completed' and end_date between $date_from::date and $date_to::date
),

hired as (
    select
        count(*) filter (where hire_date between $date_from::date and $date_to::date) as hires,
        count(distinct participant_key) filter (
            where source_placement_id is not null
            and source_end_date between $date_from::date and $date_to::date
        ) as intern_hire_numerator
    from scoped_hires($program, $institution, $employer, $sector, $district)
)

select
    p.participants,
    p.employers,
    h.hires,
    h.intern_hire_numerator,
    c.intern_hire_denominator,
    case
        when c.intern_hire_denominator > 0 then h.intern_hire_numerator / c.intern_hire_denominator
    end as intern_hire_rate
from placed as p, completed as c, hired as h
