-- One row per calendar year, from the earliest start_date year to the latest
-- start_date or end_date year among placements in scope, zeros included:
-- participants, employers, growth, the intern hire rate's numerator and
-- denominator, median days to hire, hires and median salary (CONTRACT.md).
-- $program, $institution, $employer, $sector, $district: the scope (null = all).
-- Distinct participants are counted as the set bits of a bitstring over their
-- integer keys: exact, and many times faster than count(distinct) at scale
-- (completers: one bit per participant in the database per year; participants
-- by start year: the placements without a repeat_key, each its participant's
-- only one that year, plus one bit per repeat_key: derived/placement_facts.sql),
-- from 1 to $participant_key_max and $repeat_key_max (bound by db.run:
-- queries/key_bounds.sql).
-- Employers, a few thousand, are counted with count(distinct), which is faster
-- for so few (10 million participants: 0.3 CPU-seconds less).
-- (only the columns read below: DuckDB stores this CTE once for its three
-- readers; storing every column took 0.9 thread-seconds at 15 million rows)
with placements_in_scope as (
    select start_date, end_date, status, participant_key, repeat_key, employer_key
    from scoped_placements($program, $institution, $employer, $sector, $district)
),

hires_in_scope as (
    select * from scoped_hires($program, $institution, $employer, $sector, $district)
),

-- (greatest skips a null: max(end_date) is null when no placement has ended)
years as (
    select unnest(range(
        year(min(start_date)),
        year(greatest(max(start_date), max(end_date))) + 1
    )) as year
    from placements_in_scope
    having count(*) > 0
),

participation as (
    select
        year(start_date) as year,
        count(*) filter (where repeat_key is null)
            + coalesce(bit_count(bitstring_agg(repeat_key, 1, $repeat_key_max)), 0) as participants,
        count(distinct employer_key) as employers
    from placements_in_scope
    group by 1
),

completers as (
    select year(end_date) as year, bit_count(bitstring_agg(participant_key, 1, $participant_key_max)) as completers
    from placements_in_scope
    where status = 'completed' and end_date is not null
    group by 1
),

-- the hires whose source placement is in scope (a source placement is
-- completed and has an end_date), by the year the source placement ended
hired_completers as (
    select
        year(source_end_date) as year,
        bit_count(bitstring_agg(participant_key, 1, $participant_key_max)) as hired_completers,
        median(days_to_hire)::double as median_days_to_hire
    from hires_in_scope
    where source_placement_id is not null
    group by 1
),

hiring as (
    select
        year(hire_date) as year,
        count(*) as hires,
        median(monthly_salary)::double as median_salary
    from hires_in_scope
    group by 1
),

yearly as (
    select
        y.year,
        coalesce(p.participants, 0) as participants,
        coalesce(p.employers, 0) as employers,
        coalesce(hc.hired_completers, 0) as intern_hire_numerator,
        coalesce(c.completers, 0) as intern_hire_denominator,
        hc.median_days_to_hire,
        coalesce(h.hires, 0) as hires,
        h.median_salary
    from years as y
    left join participation as p on p.year = y.year
    left join completers as c on c.year = y.year
    left join hired_completers as hc on hc.year = y.year
    left join hiring as h on h.year = y.year
)

select
    year,
    participants,
    employers,
    case
        when lag(participants) over (order by year) > 0
            then participants / lag(participants) over (order by year) - 1
    end as growth,
    intern_hire_numerator,
    intern_hire_denominator,
    case
        when intern_hire_denominator > 0 then intern_hire_numerator / intern_hire_denominator
    end as intern_hire_rate,
    median_days_to_hire,
    hires,
    median_salary
from yearly
order by year
