-- One row per published figure, sorted by figure_id: the figure, the same
-- metric computed from the data over its period and its own scope (all of its
-- program, employer and institution that are given apply together; a program
-- does not restrict agreements), and whether the data matches its qualifier.
-- No parameters of the caller's: a figure carries its own scope. Distinct
-- participants and employers are counted as the set bits of a bitstring over
-- their integer keys, from 1 to $participant_key_max and $employer_key_max
-- (bound by db.run: queries/key_bounds.sql).
with figures as (
    select
        *,
        coalesce(qualifier, 'exact') as rule,
        group_key_of('program', program_id) as program_key,
        group_key_of('employer', employer_id) as employer_key,
        group_key_of('institution', institution_id) as institution_key
    from published_figures
),

-- the placements of each participants or employers figure's scope and period,
-- found through the figure's first given key: a hash join on the program's key,
-- else on the employer's, else every placement against the period (checking
-- every figure against every placement in one nested loop took 4 times as long)
figure_placements as (
    select f.figure_id, p.participant_key, p.employer_key
    from figures as f
    join placement_facts as p
        on p.program_key = f.program_key
        and p.start_date between f.period_start and f.period_end
        and (f.employer_id is null or p.employer_key = f.employer_key)
        and (f.institution_id is null or p.institution_key = f.institution_key)
    where f.metric in ('participants', 'employers') and f.program_id is not null

    union all

    select f.figure_id, p.participant_key, p.employer_key
    from figures as f
    join placement_facts as p
        on p.employer_key = f.employer_key
        and p.start_date between f.period_start and f.period_end
        and (f.institution_id is null or p.institution_key = f.institution_key)
    where f.metric in ('participants', 'employers')
        and f.program_id is null and f.employer_id is not null

    union all

    select f.figure_id, p.participant_key, p.employer_key
    from figures as f
    join placement_facts as p
        -- the period as a difference of days, which DuckDB does not turn into a
        -- sorting range join: the few figures are checked against each row in one scan
        on p.start_date - f.period_start between 0 and f.period_end - f.period_start
        and (f.institution_id is null or p.institution_key = f.institution_key)
    where f.metric in ('participants', 'employers')
        and f.program_id is null and f.employer_id is null
),

-- participants and employers of each such figure (a figure without any
-- placement has no row)
placement_counts as (
    select
        figure_id,
        bit_count(bitstring_agg(participant_key, 1, $participant_key_max)) as participants,
        bit_count(bitstring_agg(employer_key, 1, $employer_key_max)) as employers
    from figure_placements
    group by figure_id
),

-- hires of each hires figure's scope and period, counted in one join (a
-- subquery per figure was run for every figure, whatever its metric), the
-- period written as in the last branch above
hire_counts as (
    select f.figure_id, count(*) as hires
    from figures as f
    join hire_facts as h
        on h.hire_date - f.period_start between 0 and f.period_end - f.period_start
        and (f.program_id is null or h.source_program_id = f.program_id)
        and (f.employer_id is null or h.employer_id = f.employer_id)
        and (f.institution_id is null or h.institution_id = f.institution_id)
    where f.metric = 'hires'
    group by f.figure_id
),

checked as (
    select
        f.*,
        case f.metric
            when 'participants' then coalesce(c.participants, 0)
            when 'employers' then coalesce(c.employers, 0)
            when 'agreements' then (
                select count(*)
                from agreements as a
                where a.signed_on between f.period_start and f.period_end
                    and (f.employer_id is null or a.employer_id = f.employer_id)
                    and (f.institution_id is null or a.institution_id = f.institution_id)
            )
            when 'hires' then coalesce(h.hires, 0)
        end as in_data
    from figures as f
    left join placement_counts as c on c.figure_id = f.figure_id
    left join hire_counts as h on h.figure_id = f.figure_id
)

select
    figure_id,
    program_id,
    employer_id,
    institution_id,
    metric,
    period_start,
    period_end,
    value,
    rule as qualifier,
    source,
    url,
    published_on,
    in_data,
    case rule
        when 'exact' then in_data = value
        when 'about' then abs(in_data - value) * 10 <= abs(value)
        when 'more_than' then in_data > value
        when 'at_least' then in_data >= value
    end as matched
from checked
order by figure_id
