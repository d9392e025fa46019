-- One row per employer of the same sector as $employer (the employer itself
-- included, is_selected true), with three figures and the sector's median of
-- each across the employers for which it is defined:
-- intern_hire_rate = of the distinct participants with a completed placement at
-- the employer, in scope, ending in a year from $year_from to $year_to, the
-- share with a hire from an internship whose source placement is one of those
-- placements (the contract's intern_hire_rate over the whole period);
-- median_days_to_hire = the median days to hire of the hires whose source
-- placement is one of those placements; retention_12m = the contract's, over
-- the employer's hires in scope, as of $as_of. The sector median is the median
-- over employers (the mean of the middle two for an even number), each employer
-- weighing the same; sector_employers_* count the employers it is taken over.
-- $employer: the employer compared; $program, $institution, $district: the rest
-- of the scope (null = all); $year_from, $year_to: the period (null = no
-- bound); $as_of: a date.
with peers as (
    select e.employer_id, e.name, k.group_key as employer_key
    from employers as e
    join group_keys as k on k.kind = 'employer' and k.group_id = e.employer_id
    where e.sector = (select sector from employers where employer_id = $employer)
),

completers as (
    select e.employer_id, count(distinct pl.participant_key) as intern_hire_denominator
    from scoped_placements($program, $institution, null, null, $district) as pl
    join peers as e on e.employer_key = pl.employer_key
    where pl.status = 'completed'
        and pl.end_date is not null
        and year_in(pl.end_date, $year_from, $year_to)
    group by e.employer_id
),

-- the hires whose source placement is one of those placements (a hire's source
-- placement has the hire's participant and employer, and is in scope exactly
-- when the hire is)
hired_completers as (
    select
        h.employer_id,
        count(distinct h.participant_key) as intern_hire_numerator,
        median(h.days_to_hire)::double as median_days_to_hire
    from scoped_hires($program, $institution, null, null, $district) as h
    join peers as e on e.employer_id = h.employer_id
    where h.source_placement_id is not null
        and year_in(h.source_end_date, $year_from, $year_to)
    group by h.employer_id
),

interning as (
    select
        c.employer_id,
        c.intern_hire_denominator,
        coalesce(hc.intern_hire_numerator, 0) as intern_hire_numerator,
        hc.median_days_to_hire
    from completers as c
    left join hired_completers as hc on hc.employer_id = c.employer_id
),

retaining as (
    select
        h.employer_id,
        count(*) as retention_12m_denominator,
        count(*) filter (
            where h.exit_date is null or h.exit_date > h.hire_date + 365
        ) as retention_12m_numerator
    from scoped_hires($program, $institution, null, null, $district) as h
    join peers as e on e.employer_id = h.employer_id
    where h.hire_date <= $as_of::date - 365
    group by h.employer_id
),

per_employer as (
    select
        e.employer_id,
        e.name as employer_name,
        e.employer_id = $employer as is_selected,
        coalesce(i.intern_hire_numerator, 0) as intern_hire_numerator,
        coalesce(i.intern_hire_denominator, 0) as intern_hire_denominator,
        case
            when i.intern_hire_denominator > 0
                then i.intern_hire_numerator / i.intern_hire_denominator
        end as intern_hire_rate,
        i.median_days_to_hire,
        coalesce(r.retention_12m_numerator, 0) as retention_12m_numerator,
        coalesce(r.retention_12m_denominator, 0) as retention_12m_denominator,
        case
            when r.retention_12m_denominator > 0
                then r.retention_12m_numerator / r.retention_12m_denominator
        end as retention_12m
    from peers as e
    left join interning as i on i.employer_id = e.employer_id
    left join retaining as r on r.employer_id = e.employer_id
)

select
    *,
    median(intern_hire_rate) over () as sector_median_intern_hire_rate,
    count(intern_hire_rate) over () as sector_employers_intern_hire_rate,
    median(median_days_to_hire) over () as sector_median_days_to_hire,
    count(median_days_to_hire) over () as sector_employers_days_to_hire,
    median(retention_12m) over () as sector_median_retention_12m,
    count(retention_12m) over () as sector_employers_retention_12m
from per_employer
order by is_selected desc, employer_id
