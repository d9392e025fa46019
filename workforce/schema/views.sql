-- Shared definitions that every metric query builds on. Re-created by every
-- write (create or replace), so a release that changes a definition updates
-- existing databases on their next import (and db.ensure_current). Parameters of the scope macros are
-- the viewer's scope; each may be null (no restriction).

-- One row per hire from an internship, with its source placement and days to
-- hire (the rule is in derived.sql, computed at every write).
create or replace view hire_sources as
select hire_id, source_placement_id, days_to_hire, source_program_id
from hire_source_facts;

-- Placements in scope: a program, its placements; an employer, placements
-- there; an institution, placements of its participants; a sector or a
-- district, placements at employers of that sector or in that district.
create or replace macro scoped_placements(
    p_program, p_institution, p_employer, p_sector, p_district
) as table
select
    pl.placement_id,
    pl.participant_id,
    pl.employer_id,
    pl.program_id,
    pl.start_date,
    pl.end_date,
    pl.status,
    pa.institution_id,
    e.sector,
    e.district
from placements as pl
join participants as pa on pa.participant_id = pl.participant_id
join employers as e on e.employer_id = pl.employer_id
where (p_program is null or pl.program_id = p_program)
    and (p_institution is null or pa.institution_id = p_institution)
    and (p_employer is null or pl.employer_id = p_employer)
    and (p_sector is null or e.sector = p_sector)
    and (p_district is null or e.district = p_district);

-- Hires in scope: no scope, all hires; an employer, its hires; an
-- institution, the hires of its participants; a program, the hires whose
-- source placement belongs to it; a sector or a district, hires by employers
-- of that sector or in that district.
create or replace macro scoped_hires(
    p_program, p_institution, p_employer, p_sector, p_district
) as table
select
    h.hire_id,
    h.participant_id,
    h.employer_id,
    h.hire_date,
    h.exit_date,
    h.monthly_salary,
    s.source_placement_id,
    s.days_to_hire,
    pa.institution_id,
    e.sector,
    e.district
from hires as h
join participants as pa on pa.participant_id = h.participant_id
join employers as e on e.employer_id = h.employer_id
left join hire_sources as s on s.hire_id = h.hire_id
where (p_program is null or s.source_program_id = p_program)
    and (p_institution is null or pa.institution_id = p_institution)
    and (p_employer is null or h.employer_id = p_employer)
    and (p_sector is null or e.sector = p_sector)
    and (p_district is null or e.district = p_district);

-- One row per participant as a member of a graduation cohort (institution_id,
-- graduation_year): whether they had at least one placement (any status,
-- employer or program), and whether a hire (any employer) was active on the
-- cohort's check date, (graduation_year + 1)-06-30: hire_date <= that day and
-- exit_date empty or after it. The cohort queries aggregate this one definition.
create or replace view cohort_members as
select
    pa.participant_id,
    pa.institution_id,
    pa.graduation_year,
    pa.specialty,
    pa.level,
    make_date(pa.graduation_year + 1, 6, 30) as checked_on,
    exists (select 1 from placements as pl where pl.participant_id = pa.participant_id) as placed,
    exists (
        select 1
        from hires as h
        where h.participant_id = pa.participant_id
            and h.hire_date <= make_date(pa.graduation_year + 1, 6, 30)
            and (h.exit_date is null or h.exit_date > make_date(pa.graduation_year + 1, 6, 30))
    ) as employed_on_check
from participants as pa;
