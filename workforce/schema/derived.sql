-- Tables derived from the contract tables, rebuilt at the end of every write
-- (db.writing), so that readers find them computed once instead of in every
-- query. Only definitions live here; the views and macros in views.sql read
-- them. Each is a pure function of the contract tables, so it can never
-- disagree with them.
--
-- The *_key columns are integers (32-bit: cheaper to write) that stand for text ids within one version of
-- the file, so that count(distinct ...) and group by hash integers instead of
-- text, and so that distinct participants can be counted as the set bits of a
-- bitstring (bitstring_agg needs keys in a narrow range). participant_key and
-- employer_key number the rows 1..n (participant_keys, employer_keys: temporary
-- tables of the write that builds the facts; not rowids, which DuckDB makes
-- huge for rows added in an open transaction); the group keys are listed in
-- group_keys. Keys are compared with one another, never with anything computed
-- at read time.
create or replace temp table participant_keys as
select
    participant_id, institution_id, graduation_year, specialty, level,
    (row_number() over ())::integer as participant_key
from participants;

create or replace temp table employer_keys as
select employer_id, sector, district, (row_number() over ())::integer as employer_key
from employers;

-- One integer key per group of each kind a query may select or group
-- placements by: program (the placement's), institution (the participant's),
-- employer, sector and district (the employer's). placement_facts holds only
-- the keys; a query turns a scope's id into its key here (scoped_placements)
-- and a key back into its id after counting.
create or replace table group_keys as
select 'program' as kind, (row_number() over ())::integer as group_key, program_id as group_id from programs
union all
select 'institution', (row_number() over ())::integer, institution_id from institutions
union all
select 'employer', employer_key, employer_id from employer_keys
union all
select 'sector', (dense_rank() over (order by sector))::integer, sector
from (select distinct sector from employers)
union all
select 'district', (dense_rank() over (order by district))::integer, district
from (select distinct district from employers where district is not null);

-- One row per placement, with what every scope and metric asks of it: its
-- dates and status; integer keys of its participant, employer and program, the
-- participant's institution and the employer's sector and district (no text
-- ids: writing them took a third of the table's time); and, for a completed
-- placement with an end_date, its outcome:
--   hired_by_host   = the participant has a hire at the placement's employer
--                     dated from its start_date to end_date + 365 days (the
--                     window in which the contract counts a hire as from an
--                     internship; so a hire's source placement is always
--                     hired_by_host);
--   hired_elsewhere = otherwise, the participant has a hire dated on or after the
--                     placement's start_date (at another employer, or at the
--                     same one more than 365 days after the placement ended);
--   not_hired       = otherwise.
-- The outcome depends on the placement alone, never on a scope.
create or replace table placement_facts as
with last_hire as (
    select participant_id, max(hire_date) as last_hire_date
    from hires
    group by participant_id
),

hired_by_host as (
    select distinct p.placement_id
    from placements as p
    join hires as h
        on h.participant_id = p.participant_id
        and h.employer_id = p.employer_id
        and h.hire_date between p.start_date and p.end_date + 365
    where p.status = 'completed'
)

select
    pl.start_date,
    pl.end_date,
    pl.status,
    pa.participant_key,
    e.employer_key,
    gp.group_key as program_key,
    gi.group_key as institution_key,
    gs.group_key as sector_key,
    gd.group_key as district_key,
    case
        when pl.status <> 'completed' or pl.end_date is null then null
        when hb.placement_id is not null then 'hired_by_host'
        when lh.last_hire_date >= pl.start_date then 'hired_elsewhere'
        else 'not_hired'
    end as outcome
from placements as pl
join participant_keys as pa on pa.participant_id = pl.participant_id
join employer_keys as e on e.employer_id = pl.employer_id
left join group_keys as gp on gp.kind = 'program' and gp.group_id = pl.program_id
left join group_keys as gi on gi.kind = 'institution' and gi.group_id = pa.institution_id
left join group_keys as gs on gs.kind = 'sector' and gs.group_id = e.sector
left join group_keys as gd on gd.kind = 'district' and gd.group_id = e.district
left join hired_by_host as hb on hb.placement_id = pl.placement_id
left join last_hire as lh on lh.participant_id = pl.participant_id;

-- One row per hire, with the participant's institution, the employer's sector
-- and district, an integer participant key, and, for a hire from an
-- internship, its source placement: among the participant's completed
-- placements at the hiring employer with start_date <= hire_date <= end_date +
-- 365 days, the one with the latest end_date (ties: the smallest
-- placement_id); with its days to hire, program and end_date. For any other
-- hire these are null. (The hire_sources view lists the hires that have one.)
create or replace table hire_facts (
    -- declared, not created from the query, so that the two columns of distinct
    -- ids are stored as they are: compressing them (FSST) took longer than the
    -- rest of the table (the same choice as for the contract tables, schema 5)
    hire_id varchar using compression uncompressed,
    employer_id varchar,
    hire_date date,
    exit_date date,
    monthly_salary double,
    institution_id varchar,
    sector varchar,
    district varchar,
    participant_key integer,
    source_placement_id varchar using compression uncompressed,
    days_to_hire bigint,
    source_program_id varchar,
    source_end_date date
);

insert into hire_facts
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
    h.employer_id,
    h.hire_date,
    h.exit_date,
    h.monthly_salary,
    pa.institution_id,
    e.sector,
    e.district,
    pa.participant_key,
    s.placement_id as source_placement_id,
    s.days_to_hire,
    s.program_id as source_program_id,
    s.end_date as source_end_date
from hires as h
join participant_keys as pa on pa.participant_id = h.participant_id
join employer_keys as e on e.employer_id = h.employer_id
left join sources as s on s.hire_id = h.hire_id;

-- One row per participant as a member of a graduation cohort (institution_id,
-- graduation_year): whether a hire (any employer) was active on the cohort's
-- check date, (graduation_year + 1)-06-30: hire_date <= that day and exit_date
-- empty or after it; and, for the data-quality knowledge rate, whether they
-- have any hire, whether a placement of theirs is still open (ongoing, or
-- without an end_date), and when their last placement ended. Whether they had
-- at least one placement (any status, employer or program) follows: exactly
-- then a placement is open or one has an end_date. The cohort queries
-- aggregate this one definition (through the cohort_members view, which adds
-- the check date and "placed").
create or replace table cohort_member_facts as
with placed as (
    select
        participant_key,
        bool_or(status = 'ongoing' or end_date is null) as open_placement,
        max(end_date) as last_placement_end
    from placement_facts
    group by participant_key
),

hired as (
    select
        h.participant_key,
        bool_or(
            h.hire_date <= make_date(pa.graduation_year + 1, 6, 30)
            and (h.exit_date is null or h.exit_date > make_date(pa.graduation_year + 1, 6, 30))
        ) as employed_on_check
    from hire_facts as h
    join participant_keys as pa on pa.participant_key = h.participant_key
    group by h.participant_key
)

select
    pa.institution_id,
    pa.graduation_year,
    pa.specialty,
    pa.level,
    coalesce(h.employed_on_check, false) as employed_on_check,
    h.participant_key is not null as hired,
    coalesce(pl.open_placement, false) as open_placement,
    pl.last_placement_end
from participant_keys as pa
left join placed as pl on pl.participant_key = pa.participant_key
left join hired as h on h.participant_key = pa.participant_key;
