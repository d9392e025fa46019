-- Shared definitions that every metric query builds on. Re-created by every
-- write (create or replace), so a release that changes a definition updates
-- existing databases on their next import (and db.ensure_current). Parameters of the scope macros are
-- the viewer's scope; each may be null (no restriction).

-- The integer key of a group (schema/derived/group_keys.sql): kind is 'program',
-- 'institution', 'employer', 'sector' or 'district'; null for an id without one.
create or replace macro group_key_of(p_kind, p_id) as (
    select group_key from group_keys where kind = p_kind and group_id = p_id
);

-- Whether p_date falls in a year from p_year_from to p_year_to (a null bound is no bound).
create or replace macro year_in(p_date, p_year_from, p_year_to) as
(p_year_from is null or year(p_date) >= p_year_from) and (p_year_to is null or year(p_date) <= p_year_to);

-- The dimension of a one-group cube row (queries/hires_by_year_cube.sql):
-- p_grouped is grouping(program, institution, employer, sector, district),
-- which has a 0 bit for the one column the row is grouped by ('' for none).
create or replace macro cube_dimension(p_grouped) as
case p_grouped
    when 15 then 'program'
    when 23 then 'institution'
    when 27 then 'employer'
    when 29 then 'sector'
    when 30 then 'district'
    else ''
end;

-- One row per hire: its participant's institution, its employer's sector and
-- district, and its source placement if it has one (derived/hire_rows.sql,
-- derived/hire_source_rows.sql). Both tables hold one row per hire in hire_id
-- order, so their rows are paired by position (tests/unit/test_import.py checks
-- the pairing after every kind of write).
create or replace view hire_facts as
select h.*, s.* exclude (hire_id)
from hire_rows as h
positional join hire_source_rows as s;

-- One row per hire from an internship, with its source placement and days to
-- hire (the rule is in derived/hire_source_rows.sql, computed at a write).
create or replace view hire_sources as
select hire_id, source_placement_id, days_to_hire, source_program_id
from hire_facts
where source_placement_id is not null;

-- Placements in scope: a program, its placements; an employer, placements
-- there; an institution, placements of its participants; a sector or a
-- district, placements at employers of that sector or in that district. Rows
-- carry integer keys, not ids: each scope id is looked up in group_keys once
-- (an id that is not there selects nothing), and a query that shows ids joins
-- group_keys after counting.
create or replace macro scoped_placements(
    p_program, p_institution, p_employer, p_sector, p_district
) as table
select
    start_date,
    end_date,
    status,
    participant_key,
    repeat_key,
    employer_key,
    program_key,
    institution_key,
    sector_key,
    district_key,
    outcome
from placement_facts
where (p_program is null or program_key = group_key_of('program', p_program))
    and (p_institution is null or institution_key = group_key_of('institution', p_institution))
    and (p_employer is null or employer_key = group_key_of('employer', p_employer))
    and (p_sector is null or sector_key = group_key_of('sector', p_sector))
    and (p_district is null or district_key = group_key_of('district', p_district));

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
-- and employed on the cohort's check date or not (the rules are in
-- derived/cohort_member_facts.sql and derived/cohort_placement_facts.sql).
-- Both tables hold one row per participant in participant_key order, so their
-- rows are paired by position (tests/unit/test_import.py checks the pairing after
-- every kind of write).
create or replace view cohort_members as
select
    m.institution_id,
    m.graduation_year,
    m.specialty,
    m.level,
    make_date(m.graduation_year + 1, 6, 30) as checked_on,
    p.placed,
    m.employed_on_check,
    m.hired,
    p.open_placement,
    p.last_placement_end
from cohort_member_facts as m
positional join cohort_placement_facts as p;

-- A graduation cohort's figures, one row per group of cohort members: cohort size;
-- placed = at least one placement; employed_1y numerator = a hire active on
-- (graduation_year + 1)-06-30; employed_observable is false while that date is
-- after p_as_of, and employed_1y is then null. The groups: graduation_year, with
-- institution_id when p_by_institution, and segment ('specialty' or 'level', by
-- p_split; null when p_split is null). The filters are null for "any".
create or replace macro cohort_figures(
    p_as_of, p_by_institution, p_split, p_institution, p_graduation_year, p_year_from, p_year_to
) as table
select
    case when p_by_institution then institution_id end as institution_id,
    graduation_year,
    case p_split::varchar when 'specialty' then specialty when 'level' then level end as segment,
    count(*) as cohort_size,
    count(*) filter (where placed) as placed,
    count(*) filter (where placed) / count(*) as placement_rate,
    count(*) filter (where employed_on_check) as employed_1y_numerator,
    min(checked_on) <= p_as_of::date as employed_observable,
    case
        when min(checked_on) <= p_as_of::date then count(*) filter (where employed_on_check) / count(*)
    end as employed_1y
from cohort_members
where (p_institution is null or institution_id = p_institution)
    and (p_graduation_year is null or graduation_year = p_graduation_year)
    and (p_year_from is null or graduation_year >= p_year_from)
    and (p_year_to is null or graduation_year <= p_year_to)
group by all;

-- The agreements in the viewer's scope, signed from p_year_from to p_year_to: an
-- agreement is in scope when its institution and employer are (the employer's
-- sector and district); a program does not restrict agreements.
create or replace macro scoped_agreements(
    p_institution, p_employer, p_sector, p_district, p_year_from, p_year_to
) as table
select a.*
from agreements as a
join employers as e on e.employer_id = a.employer_id
where (p_institution is null or a.institution_id = p_institution)
    and (p_employer is null or a.employer_id = p_employer)
    and (p_sector is null or e.sector = p_sector)
    and (p_district is null or e.district = p_district)
    and year(a.signed_on) between p_year_from and p_year_to;
