-- Tables derived from the contract tables, rebuilt at the end of every write
-- (db.writing), so that readers find them computed once instead of in every
-- query. Only definitions live here; the views in views.sql read them.

-- One row per hire from an internship: the hire's source placement is, among
-- the participant's completed placements at the hiring employer with
-- start_date <= hire_date <= end_date + 365 days, the one with the latest
-- end_date (ties: the smallest placement_id). Kept with its days to hire and
-- the source placement's program.
create or replace table hire_source_facts as
with candidates as (
    select
        h.hire_id,
        p.placement_id,
        p.program_id,
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
)
select hire_id, placement_id as source_placement_id, days_to_hire, program_id as source_program_id
from candidates
where preference = 1;
