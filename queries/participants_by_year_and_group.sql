-- One row per (year, group) for every year from $year_from to $year_to and
-- every group with a placement in scope in that period, zeros included:
-- distinct participants and employers with a placement starting that year,
-- and growth against the year before (null when the year before had none).
-- A group is the placement's program, or the employer's sector or district,
-- as $by says ('program', 'sector', 'district'); group_id is null for
-- placements without one. Only
-- the $top groups with the most participants in the period (summed over its
-- years) keep their own rows; the rest are counted together as group_id
-- '(other)' (a participant once however many of them it spans).
-- $program, $institution, $employer, $sector, $district: the scope (null = all);
-- $year_from, $year_to: the period; $by: the grouping; $top: how many groups.
-- Groups are counted by their integer keys (group_keys, schema/derived/); -1
-- stands for '(other)'. Only the years from $year_from - 1 (for growth) to
-- $year_to are read. Distinct participants are counted exactly and many
-- times faster than count(distinct) at scale: a placement without a
-- repeat_key is its participant's only one that year, so it counts once in
-- its one group; the others count as the set bits of a bitstring over
-- repeat_key (bit_count(bitstring_agg(...)); derived/placement_facts.sql),
-- employers likewise; the bitstrings span 1 to $repeat_key_max and
-- $employer_key_max (bound by db.run: queries/key_bounds.sql).
-- Each (year, group) takes one bit per participant with two or more
-- placements that year (0.13 MB at 10 million), which is why there is no
-- split by institution (hundreds of groups).
with grouped as not materialized (
    select
        repeat_key,
        employer_key,
        year(start_date) as year,
        case $by
            when 'program' then program_key
            when 'sector' then sector_key
            when 'district' then district_key
        end as group_key
    from scoped_placements($program, $institution, $employer, $sector, $district)
    where year(start_date) between $year_from - 1 and $year_to
),

-- every group on its own: one pass over the placements, whose bitstrings
-- also make "(other)" below
bits_by_group as materialized (
    select
        year,
        group_key,
        count(*) filter (where repeat_key is null) as sole_participants,
        bitstring_agg(repeat_key, 1, $repeat_key_max) as participant_bits,
        bitstring_agg(employer_key, 1, $employer_key_max) as employer_bits
    from grouped
    group by all
),

-- (materialized: bit_count reads every bitstring once, not once per reader)
counted_by_group as materialized (
    select
        year,
        group_key,
        sole_participants + coalesce(bit_count(participant_bits), 0) as participants,
        bit_count(employer_bits) as employers
    from bits_by_group
),

ranked as (
    select
        c.group_key,
        row_number() over (order by sum(c.participants) desc, k.group_id) as place
    from counted_by_group as c
    join group_keys as k on k.kind = $by and k.group_key = c.group_key
    where c.year between $year_from and $year_to
    group by c.group_key, k.group_id
),

-- the groups beyond the top ones together, each participant once: a
-- participant's only placement of the year is in one group, so those add up,
-- and the other participants' bitstrings are or-ed together (no second pass
-- over the placements)
other as (
    select
        b.year,
        -1 as group_key,
        sum(b.sole_participants)::bigint + coalesce(bit_count(bit_or(b.participant_bits)), 0) as participants,
        bit_count(bit_or(b.employer_bits)) as employers
    from bits_by_group as b
    join ranked as r on r.group_key = b.group_key
    where r.place > $top
    group by b.year
),

counted as (
    select c.*
    from counted_by_group as c
    left join ranked as r on r.group_key = c.group_key
    where r.place is null or r.place <= $top
    union all
    select * from other
),

years as (
    select unnest(range($year_from::integer, $year_to::integer + 1)) as year
),

groups as (
    select distinct c.group_key, case when c.group_key = -1 then '(other)' else k.group_id end as group_id
    from counted as c
    left join group_keys as k on k.kind = $by and k.group_key = c.group_key
    where c.year between $year_from and $year_to
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
    left join counted as c on c.year = y.year and c.group_key is not distinct from g.group_key
    left join counted as before
        on before.year = y.year - 1 and before.group_key is not distinct from g.group_key
)

select
    grid.year,
    grid.group_id,
    case
        when grid.group_id = '(other)' then null
        when $by = 'program' then p.name
        else grid.group_id
    end as group_name,
    grid.participants,
    grid.employers,
    case
        when grid.participants_before > 0 then grid.participants / grid.participants_before - 1
    end as growth
from grid
left join programs as p on $by = 'program' and p.program_id = grid.group_id
order by grid.year, grid.group_id = '(other)', grid.group_id is null, group_name
