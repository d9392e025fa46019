-- One row per (year, group) for every year from $year_from to $year_to and
-- every group with a placement in scope in that period, zeros included:
-- distinct participants and employers with a placement starting that year,
-- and growth against the year before (null when the year before had none).
-- A group is the placement's program, the participant's institution, or the
-- employer's sector or district, as $by says ('program', 'institution',
-- 'sector', 'district'); group_id is null for placements without one. Only
-- the $top groups with the most participants in the period keep their own
-- rows; the rest are counted together as group_id '(other)' (a participant
-- once however many of them it spans).
-- $program, $institution, $employer, $sector, $district: the scope (null = all);
-- $year_from, $year_to: the period; $by: the grouping; $top: how many groups.
with grouped as not materialized (
    select
        participant_key,
        employer_key,
        year(start_date) as year,
        case $by
            when 'program' then program_id
            when 'institution' then institution_id
            when 'sector' then sector
            when 'district' then district
        end as group_id
    from scoped_placements($program, $institution, $employer, $sector, $district)
),

ranked as (
    select
        group_id,
        row_number() over (order by count(distinct participant_key) desc, group_id) as place
    from grouped
    where year between $year_from and $year_to and group_id is not null
    group by group_id
),

placements_in_scope as not materialized (
    select
        g.participant_key,
        g.employer_key,
        g.year,
        case when r.place > $top then '(other)' else g.group_id end as group_id
    from grouped as g
    left join ranked as r on r.group_id = g.group_id
),

counted as (
    select
        year,
        group_id,
        count(distinct participant_key) as participants,
        count(distinct employer_key) as employers
    from placements_in_scope
    group by all
),

years as (
    select unnest(range($year_from::integer, $year_to::integer + 1)) as year
),

groups as (
    select distinct group_id
    from placements_in_scope
    where year between $year_from and $year_to
),

grid as (
    select
        y.year,
        g.group_id,
        coalesce(c.participants, 0) as participants,
        coalesce(c.employers, 0) as employers,
        coalesce(before.participants, 0) as participants_before
    from years as y
    cross join groups as g
    left join counted as c on c.year = y.year and c.group_id is not distinct from g.group_id
    left join counted as before
        on before.year = y.year - 1 and before.group_id is not distinct from g.group_id
)

select
    grid.year,
    grid.group_id,
    case
        when grid.group_id = '(other)' then null
        when $by = 'program' then p.name
        when $by = 'institution' then i.name
        else grid.group_id
    end as group_name,
    grid.participants,
    grid.employers,
    case
        when grid.participants_before > 0 then grid.participants / grid.participants_before - 1
    end as growth
from grid
left join programs as p on $by = 'program' and p.program_id = grid.group_id
left join institutions as i on $by = 'institution' and i.institution_id = grid.group_id
order by grid.year, grid.group_id = '(other)', grid.group_id is null, group_name
