-- One row per published figure, sorted by figure_id: the figure, the same
-- metric computed from the data over its period and its own scope (all of its
-- program, employer and institution that are given apply together; a program
-- does not restrict agreements), and whether the data matches its qualifier.
-- No parameters: a figure carries its own scope. Distinct participants and
-- employers are counted as the set bits of a bitstring over their integer keys.
with figures as (
    select
        *,
        coalesce(qualifier, 'exact') as rule,
        group_key_of('program', program_id) as program_key,
        group_key_of('employer', employer_id) as employer_key,
        group_key_of('institution', institution_id) as institution_key
    from published_figures
),

-- participants and employers of each such figure's scope and period, in one
-- pass over the placements for both (a figure without any placement has no row)
placement_counts as (
    select
        f.figure_id,
        bit_count(bitstring_agg(p.participant_key)) as participants,
        bit_count(bitstring_agg(p.employer_key)) as employers
    from figures as f
    join placement_facts as p
        -- the period as a difference of days, which DuckDB does not turn into a
        -- sorting range join: the few figures are checked against each row in one scan
        on p.start_date - f.period_start between 0 and f.period_end - f.period_start
        and (f.program_id is null or p.program_key = f.program_key)
        and (f.employer_id is null or p.employer_key = f.employer_key)
        and (f.institution_id is null or p.institution_key = f.institution_key)
    where f.metric in ('participants', 'employers')
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
            when 'hires' then (
                select count(*)
                from hire_facts as h
                where h.hire_date between f.period_start and f.period_end
                    and (f.program_id is null or h.source_program_id = f.program_id)
                    and (f.employer_id is null or h.employer_id = f.employer_id)
                    and (f.institution_id is null or h.institution_id = f.institution_id)
            )
        end as in_data
    from figures as f
    left join placement_counts as c on c.figure_id = f.figure_id
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
