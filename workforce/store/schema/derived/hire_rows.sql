-- One row per hire, in hire_id order, with the participant's institution, the
-- employer's sector and district and an integer participant key. Its source
-- placement, which placements decide, is in hire_source_rows, one row per
-- hire in the same order; the hire_facts view puts the two side by side, so
-- that a write of placements alone rebuilds only that part.
create or replace table hire_rows (
    -- declared, not created from the query, so that the column of distinct ids
    -- is stored as it is: compressing it (FSST) took longer than the rest of
    -- the table (the same choice as for the contract tables, schema 5)
    hire_id varchar using compression uncompressed,
    employer_id varchar,
    hire_date date,
    exit_date date,
    monthly_salary double,
    institution_id varchar,
    sector varchar,
    district varchar,
    participant_key integer
);

insert into hire_rows
select
    h.hire_id,
    h.employer_id,
    h.hire_date,
    h.exit_date,
    h.monthly_salary,
    pa.institution_id,
    e.sector,
    e.district,
    pa.participant_key
from hires as h
join participant_keys as pa on pa.participant_id = h.participant_id
join employers as e on e.employer_id = h.employer_id
order by h.hire_id;
