-- One integer key per participant, 1..n, with the participant's institution
-- (which the placement and hire facts carry). Kept between writes: it changes
-- only with the participants, and every table of participant keys is rebuilt
-- with it.
create or replace table participant_keys (
    participant_id varchar using compression uncompressed, -- distinct per row: see hire_facts
    institution_id varchar,
    participant_key integer
);

insert into participant_keys
select participant_id, institution_id, (row_number() over ())::integer
from participants;
