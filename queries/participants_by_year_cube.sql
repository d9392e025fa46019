-- One row per year and combination of groups of one grouping set, for every
-- combination with a placement starting that year: distinct participants and
-- employers with a placement starting in the year. The grouping sets are the
-- scopes a viewer who does not own them can see (the city, one program,
-- institution, employer, sector or district) and the splits pages show of
-- them (program x sector, program x district, sector x district, institution
-- x program), so that all of them are protected together (workforce/yearly.py,
-- CUBE_SETS). `dimensions` names the set's
-- columns joined by '+' ('' for the whole city, 'program+sector'); a null id
-- in one of them is a placement without that group (no program, no district).
-- An employer's rows carry its sector and district, which follow from it.
-- Counted by integer keys (group_keys, schema/derived/), ids joined at the end.
-- $year_from, $year_to: the years read.
with counted as (
    select
        year(start_date) as year,
        grouping(program_key) = 0 as by_program,
        grouping(institution_key) = 0 as by_institution,
        grouping(employer_key) = 0 as by_employer,
        grouping(sector_key) = 0 as by_sector,
        grouping(district_key) = 0 as by_district,
        program_key,
        institution_key,
        employer_key,
        sector_key,
        district_key,
        count(distinct participant_key) as participants,
        count(distinct employer_key) as employers
    from placement_facts
    where year(start_date) between $year_from and $year_to
    group by grouping sets (
        (year(start_date)),
        (year(start_date), program_key),
        (year(start_date), institution_key),
        (year(start_date), employer_key, sector_key, district_key),
        (year(start_date), sector_key),
        (year(start_date), district_key),
        (year(start_date), program_key, sector_key),
        (year(start_date), program_key, district_key),
        (year(start_date), sector_key, district_key),
        (year(start_date), institution_key, program_key)
    )
)

select
    c.year,
    concat_ws(
        '+',
        case when c.by_program then 'program' end,
        case when c.by_institution then 'institution' end,
        case when c.by_employer then 'employer' end,
        case when c.by_sector then 'sector' end,
        case when c.by_district then 'district' end
    ) as dimensions,
    p.group_id as program_id,
    i.group_id as institution_id,
    e.group_id as employer_id,
    s.group_id as sector,
    d.group_id as district,
    c.participants,
    c.employers
from counted as c
left join group_keys as p on p.kind = 'program' and p.group_key = c.program_key
left join group_keys as i on i.kind = 'institution' and i.group_key = c.institution_key
left join group_keys as e on e.kind = 'employer' and e.group_key = c.employer_key
left join group_keys as s on s.kind = 'sector' and s.group_key = c.sector_key
left join group_keys as d on d.kind = 'district' and d.group_key = c.district_key
order by all
