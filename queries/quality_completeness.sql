-- One row per contract column: how many rows of its table have a value in it.
-- completeness = filled / total_rows (null for an empty table). No parameters.
with counted as (
    select 'institutions' as table_name, 'institution_id' as column_name, true as required,
        count("institution_id") as filled, count(*) as total_rows from institutions

    union all

    select 'institutions' as table_name, 'name' as column_name, true as required,
        count("name") as filled, count(*) as total_rows from institutions

    union all

    select 'institutions' as table_name, 'kind' as column_name, true as required,
        count("kind") as filled, count(*) as total_rows from institutions

    union all

    select 'institutions' as table_name, 'district' as column_name, false as required,
        count("district") as filled, count(*) as total_rows from institutions

    union all

    select 'employers' as table_name, 'employer_id' as column_name, true as required,
        count("employer_id") as filled, count(*) as total_rows from employers

    union all

    select 'employers' as table_name, 'name' as column_name, true as required,
        count("name") as filled, count(*) as total_rows from employers

    union all

    select 'employers' as table_name, 'sector' as column_name, true as required,
        count("sector") as filled, count(*) as total_rows from employers

    union all

    select 'employers' as table_name, 'district' as column_name, false as required,
        count("district") as filled, count(*) as total_rows from employers

    union all

    select 'employers' as table_name, 'zone' as column_name, false as required,
        count("zone") as filled, count(*) as total_rows from employers

    union all

    select 'programs' as table_name, 'program_id' as column_name, true as required,
        count("program_id") as filled, count(*) as total_rows from programs

    union all

    select 'programs' as table_name, 'name' as column_name, true as required,
        count("name") as filled, count(*) as total_rows from programs

    union all

    select 'programs' as table_name, 'operator' as column_name, false as required,
        count("operator") as filled, count(*) as total_rows from programs

    union all

    select 'programs' as table_name, 'kind' as column_name, true as required,
        count("kind") as filled, count(*) as total_rows from programs

    union all

    select 'agreements' as table_name, 'agreement_id' as column_name, true as required,
        count("agreement_id") as filled, count(*) as total_rows from agreements

    union all

    select 'agreements' as table_name, 'employer_id' as column_name, true as required,
        count("employer_id") as filled, count(*) as total_rows from agreements

    union all

    select 'agreements' as table_name, 'institution_id' as column_name, true as required,
        count("institution_id") as filled, count(*) as total_rows from agreements

    union all

    select 'agreements' as table_name, 'signed_on' as column_name, true as required,
        count("signed_on") as filled, count(*) as total_rows from agreements

    union all

    select 'agreements' as table_name, 'field' as column_name, false as required,
        count("field") as filled, count(*) as total_rows from agreements

    union all

    select 'agreements' as table_name, 'scholarships' as column_name, false as required,
        count("scholarships") as filled, count(*) as total_rows from agreements

    union all

    select 'agreements' as table_name, 'guaranteed_practice' as column_name, false as required,
        count("guaranteed_practice") as filled, count(*) as total_rows from agreements

    union all

    select 'agreements' as table_name, 'guaranteed_employment' as column_name, false as required,
        count("guaranteed_employment") as filled, count(*) as total_rows from agreements

    union all

    select 'participants' as table_name, 'participant_id' as column_name, true as required,
        count("participant_id") as filled, count(*) as total_rows from participants

    union all

    select 'participants' as table_name, 'institution_id' as column_name, true as required,
        count("institution_id") as filled, count(*) as total_rows from participants

    union all

    select 'participants' as table_name, 'specialty' as column_name, false as required,
        count("specialty") as filled, count(*) as total_rows from participants

    union all

    select 'participants' as table_name, 'level' as column_name, true as required,
        count("level") as filled, count(*) as total_rows from participants

    union all

    select 'participants' as table_name, 'graduation_year' as column_name, true as required,
        count("graduation_year") as filled, count(*) as total_rows from participants

    union all

    select 'placements' as table_name, 'placement_id' as column_name, true as required,
        count("placement_id") as filled, count(*) as total_rows from placements

    union all

    select 'placements' as table_name, 'participant_id' as column_name, true as required,
        count("participant_id") as filled, count(*) as total_rows from placements

    union all

    select 'placements' as table_name, 'employer_id' as column_name, true as required,
        count("employer_id") as filled, count(*) as total_rows from placements

    union all

    select 'placements' as table_name, 'program_id' as column_name, false as required,
        count("program_id") as filled, count(*) as total_rows from placements

    union all

    select 'placements' as table_name, 'start_date' as column_name, true as required,
        count("start_date") as filled, count(*) as total_rows from placements

    union all

    select 'placements' as table_name, 'end_date' as column_name, false as required,
        count("end_date") as filled, count(*) as total_rows from placements

    union all

    select 'placements' as table_name, 'status' as column_name, true as required,
        count("status") as filled, count(*) as total_rows from placements

    union all

    select 'hires' as table_name, 'hire_id' as column_name, true as required,
        count("hire_id") as filled, count(*) as total_rows from hires

    union all

    select 'hires' as table_name, 'participant_id' as column_name, true as required,
        count("participant_id") as filled, count(*) as total_rows from hires

    union all

    select 'hires' as table_name, 'employer_id' as column_name, true as required,
        count("employer_id") as filled, count(*) as total_rows from hires

    union all

    select 'hires' as table_name, 'hire_date' as column_name, true as required,
        count("hire_date") as filled, count(*) as total_rows from hires

    union all

    select 'hires' as table_name, 'exit_date' as column_name, false as required,
        count("exit_date") as filled, count(*) as total_rows from hires

    union all

    select 'hires' as table_name, 'monthly_salary' as column_name, false as required,
        count("monthly_salary") as filled, count(*) as total_rows from hires

    union all

    select 'published_figures' as table_name, 'figure_id' as column_name, true as required,
        count("figure_id") as filled, count(*) as total_rows from published_figures

    union all

    select 'published_figures' as table_name, 'program_id' as column_name, false as required,
        count("program_id") as filled, count(*) as total_rows from published_figures

    union all

    select 'published_figures' as table_name, 'employer_id' as column_name, false as required,
        count("employer_id") as filled, count(*) as total_rows from published_figures

    union all

    select 'published_figures' as table_name, 'institution_id' as column_name, false as required,
        count("institution_id") as filled, count(*) as total_rows from published_figures

    union all

    select 'published_figures' as table_name, 'metric' as column_name, true as required,
        count("metric") as filled, count(*) as total_rows from published_figures

    union all

    select 'published_figures' as table_name, 'period_start' as column_name, true as required,
        count("period_start") as filled, count(*) as total_rows from published_figures

    union all

    select 'published_figures' as table_name, 'period_end' as column_name, true as required,
        count("period_end") as filled, count(*) as total_rows from published_figures

    union all

    select 'published_figures' as table_name, 'value' as column_name, true as required,
        count("value") as filled, count(*) as total_rows from published_figures

    union all

    select 'published_figures' as table_name, 'qualifier' as column_name, false as required,
        count("qualifier") as filled, count(*) as total_rows from published_figures

    union all

    select 'published_figures' as table_name, 'source' as column_name, true as required,
        count("source") as filled, count(*) as total_rows from published_figures

    union all

    select 'published_figures' as table_name, 'url' as column_name, false as required,
        count("url") as filled, count(*) as total_rows from published_figures

    union all

    select 'published_figures' as table_name, 'published_on' as column_name, false as required,
        count("published_on") as filled, count(*) as total_rows from published_figures
)

select
    table_name,
    column_name,
    required,
    filled,
    total_rows,
    case when total_rows > 0 then filled / total_rows end as completeness
from counted
