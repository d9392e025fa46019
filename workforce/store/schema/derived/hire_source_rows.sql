-- One row per hire, in hire_id order (as hire_rows), with, for a hire from an
-- internship, its source placement: among the participant's completed
-- placements at the hiring employer with start_date <= hire_date <= end_date +
-- 365 days, the one with the latest end_date (ties: the smallest
-- placement_id); with its days to hire, program and end_date. For any other
-- hire these are null. (The hire_sources view lists the hires that have one.)
create or replace table hire_source_rows (
    hire_id varchar using compression uncompressed, -- distinct per row: see hire_rows
    source_placement_id varchar using compression uncompressed,
    days_to_hire bigint,
    source_program_id varchar,
    source_end_date date
);

insert into hire_source_rows
with candidates as (
    select
        h.hire_id,
        p.placement_id,
        p.program_id,
        p.end_date,
        greatest(0, h.hire_date - p.end_date) as days_to_hire,
        row_number() over (
            partition by h.hire_id order by p.end_date desc, p.placement_id
        ) as preference
    from hires as h
    join placements as p
        on p.participant_id = h.participant_id
        and p.employer_id = h.employer_id
        and p.status = 'completed'
        and p.start_date <= h.hire_date
        and h.hire_date <= p.end_date + 365
),

sources as (
    select hire_id, placement_id, days_to_hire, program_id, end_date
    from candidates
    where preference = 1
)

select
    h.hire_id,
    s.placement_id as source_placement_id,
    s.days_to_hire,
    s.program_id as source_program_id,
    s.end_date as source_end_date
from hires as h
left join sources as s on s.hire_id = h.hire_id
order by h.hire_id;
