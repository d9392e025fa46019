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
select 'employer', (row_number() over ())::integer, employer_id from employers
union all
select 'sector', (dense_rank() over (order by sector))::integer, sector
from (select distinct sector from employers)
union all
select 'district', (dense_rank() over (order by district))::integer, district
from (select distinct district from employers where district is not null);
