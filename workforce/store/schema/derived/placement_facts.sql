-- One row per placement, with what every scope and metric asks of it: its
-- dates and status; integer keys of its participant, employer and program, the
-- participant's institution and the employer's sector and district (no text
-- ids: writing them took a third of the table's time); repeat_key, null when
-- the placement is its participant's only one starting in its calendar year,
-- else the participant's number among the participants with two or more
-- placements starting that year (1..n of that year). A year's distinct
-- participants in any scope are then its rows without a repeat_key plus the
-- distinct repeat_keys, counted as the set bits of a bitstring of n bits: a
-- quarter of the year's participants in the demo data (at 10 million
-- participants the split by district's count went from 0.9 to 0.5 s, against
-- a key over every participant of the year); and, for a completed placement
-- with an end_date, its outcome:
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
with employer_keys as (
    select
        e.employer_id,
        k.group_key as employer_key,
        s.group_key as sector_key,
        d.group_key as district_key
    from employers as e
    join group_keys as k on k.kind = 'employer' and k.group_id = e.employer_id
    join group_keys as s on s.kind = 'sector' and s.group_id = e.sector
    left join group_keys as d on d.kind = 'district' and d.group_id = e.district
),

-- per participant and start year, how many placements start that year
placements_per_year as (
    select year(start_date) as year, participant_id, count(*) as placements
    from placements
    group by all
),

-- the participants with two or more of them, numbered 1..n within the year
repeat_keys as (
    select
        year,
        participant_id,
        row_number() over (partition by year order by participant_id)::integer as repeat_key
    from placements_per_year
    where placements > 1
),

last_hire as (
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
    r.repeat_key,
    e.employer_key,
    gp.group_key as program_key,
    gi.group_key as institution_key,
    e.sector_key,
    e.district_key,
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
left join hired_by_host as hb on hb.placement_id = pl.placement_id
left join last_hire as lh on lh.participant_id = pl.participant_id
left join repeat_keys as r on r.year = year(pl.start_date) and r.participant_id = pl.participant_id;
