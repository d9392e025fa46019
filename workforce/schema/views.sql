-- Shared definitions that every metric query builds on. Re-created by every
-- write (create or replace), so a release that changes a definition updates
-- existing databases on their next import (and db.ensure_current). Parameters of the scope macros are
-- the viewer's scope; each may be null (no restriction).

-- One row per hire from an internship, with its source placement and days to
-- hire (the rule is in derived.sql, computed at every write).
create or replace view hire_sources as
select hire_id, source_placement_id, days_to_hire, source_program_id
from hire_facts
where source_placement_id is not null;

-- Placements in scope: a program, its placements; an employer, placements
-- there; an institution, placements of its participants; a sector or a
-- district, placements at employers of that sector or in that district.
create or replace macro scoped_placements(
    p_program, p_institution, p_employer, p_sector, p_district
) as table
select
    employer_id,
    program_id,
    start_date,
    end_date,
    status,
    institution_id,
    sector,
    district,
    participant_key,
    employer_key,
    program_key,
    institution_key,
    sector_key,
    district_key,
    outcome
from placement_facts
where (p_program is null or program_id = p_program)
    and (p_institution is null or institution_id = p_institution)
    and (p_employer is null or employer_id = p_employer)
    and (p_sector is null or sector = p_sector)
    and (p_district is null or district = p_district);

-- Hires in scope: no scope, all hires; an employer, its hires; an
-- institution, the hires of its participants; a program, the hires whose
-- source placement belongs to it; a sector or a district, hires by employers
-- of that sector or in that district. A hire's source placement has the
-- hire's participant and employer, so a hire from an internship is in a scope
-- exactly when its source placement is.
create or replace macro scoped_hires(
    p_program, p_institution, p_employer, p_sector, p_district
) as table
select
    hire_id,
    employer_id,
    hire_date,
    exit_date,
    monthly_salary,
    source_placement_id,
    days_to_hire,
    source_program_id,
    source_end_date,
    institution_id,
    sector,
    district,
    participant_key
from hire_facts
where (p_program is null or source_program_id = p_program)
    and (p_institution is null or institution_id = p_institution)
    and (p_employer is null or employer_id = p_employer)
    and (p_sector is null or sector = p_sector)
    and (p_district is null or district = p_district);

-- One row per participant as a member of a graduation cohort, placed or not
-- and employed on the cohort's check date or not (the rule is in derived.sql).
create or replace view cohort_members as
select
    institution_id,
    graduation_year,
    specialty,
    level,
    make_date(graduation_year + 1, 6, 30) as checked_on,
    open_placement or last_placement_end is not null as placed,
    employed_on_check,
    hired,
    open_placement,
    last_placement_end
from cohort_member_facts;
