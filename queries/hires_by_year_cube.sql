-- One row per figure, year and group of one dimension (or the whole city, '')
-- with anything to count: the hire figures the Overview and the Employers page
-- show of the city and of every one-filter scope, so that they are protected
-- together (workforce/yearly.py, hire_cells). `measure` is one of
--   hires, internship_hires: hires dated in the year, and those of them from an
--     internship (hires in scope: CONTRACT.md; a program's are those whose
--     source placement is in it);
--   intern_hire_numerator: distinct participants with a hire from an internship
--     whose source placement ended in the year (metrics_by_year.sql);
--   intern_hire_denominator: distinct participants with a completed placement
--     in scope ending in the year.
-- `dimension` is program, institution, employer, sector, district or '' (the
-- city); a null group_id is the hires or placements without that group (no
-- program, no district), which no filter can choose.
-- No parameters: every year of the data.
with hiring as (
    select
        year(hire_date) as year,
        cube_dimension(grouping(source_program_id, institution_id, employer_id, sector, district)) as dimension,
        coalesce(source_program_id, institution_id, employer_id, sector, district) as group_id,
        count(*) as hires,
        count(source_placement_id) as internship_hires
    from hire_facts
    group by year(hire_date), grouping sets ((), source_program_id, institution_id, employer_id, sector, district)
),

hired_completers as (
    select
        year(source_end_date) as year,
        cube_dimension(grouping(source_program_id, institution_id, employer_id, sector, district)) as dimension,
        coalesce(source_program_id, institution_id, employer_id, sector, district) as group_id,
        count(distinct participant_key) as intern_hire_numerator
    from hire_facts
    where source_placement_id is not null
    group by year(source_end_date), grouping sets ((), source_program_id, institution_id, employer_id, sector, district)
),

completers_by_key as (
    select
        year(end_date) as year,
        cube_dimension(grouping(program_key, institution_key, employer_key, sector_key, district_key)) as dimension,
        coalesce(program_key, institution_key, employer_key, sector_key, district_key) as group_key,
        count(distinct participant_key) as intern_hire_denominator
    from placement_facts
    where status = 'completed' and end_date is not null
    group by year(end_date), grouping sets ((), program_key, institution_key, employer_key, sector_key, district_key)
),

-- placement_facts holds keys: each group's id from group_keys (none for no program or district)
completers as (
    select c.year, c.dimension, k.group_id, c.intern_hire_denominator
    from completers_by_key as c
    left join group_keys as k on k.kind = c.dimension and k.group_key = c.group_key
)

select 'hires' as measure, year, dimension, group_id, hires as value from hiring
union all
select 'internship_hires', year, dimension, group_id, internship_hires from hiring
union all
select 'intern_hire_numerator', year, dimension, group_id, intern_hire_numerator from hired_completers
union all
select 'intern_hire_denominator', year, dimension, group_id, intern_hire_denominator from completers
order by all
