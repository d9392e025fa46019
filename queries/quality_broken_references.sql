-- One row per reference between contract tables: how many rows point at a key
-- that does not exist. The importer refuses such rows, so anything above zero
-- means the file was changed outside the importer. No parameters.
-- Placements and hires are checked against participants in one join, so the
-- participants' ids are hashed once, not twice (at 10 million participants
-- that was a second of the page).
with broken_participant_ids as (
    select table_name, count(*) as broken
    from (
        select 'placements' as table_name, participant_id from placements
        union all
        select 'hires' as table_name, participant_id from hires
    )
    where participant_id is not null and participant_id not in (select participant_id from participants)
    group by table_name
)

select 'agreements' as table_name, 'employer_id' as column_name, 'employers' as refers_to, count(*) as broken
from agreements where "employer_id" is not null and "employer_id" not in (select "employer_id" from employers)
union all
select 'agreements' as table_name, 'institution_id' as column_name, 'institutions' as refers_to, count(*) as broken
from agreements where "institution_id" is not null and "institution_id" not in (select "institution_id" from institutions)
union all
select 'participants' as table_name, 'institution_id' as column_name, 'institutions' as refers_to, count(*) as broken
from participants where "institution_id" is not null and "institution_id" not in (select "institution_id" from institutions)
union all
select 'placements' as table_name, 'participant_id' as column_name, 'participants' as refers_to, coalesce((select broken from broken_participant_ids where table_name = 'placements'), 0) as broken
union all
select 'placements' as table_name, 'employer_id' as column_name, 'employers' as refers_to, count(*) as broken
from placements where "employer_id" is not null and "employer_id" not in (select "employer_id" from employers)
union all
select 'placements' as table_name, 'program_id' as column_name, 'programs' as refers_to, count(*) as broken
from placements where "program_id" is not null and "program_id" not in (select "program_id" from programs)
union all
select 'hires' as table_name, 'participant_id' as column_name, 'participants' as refers_to, coalesce((select broken from broken_participant_ids where table_name = 'hires'), 0) as broken
union all
select 'hires' as table_name, 'employer_id' as column_name, 'employers' as refers_to, count(*) as broken
from hires where "employer_id" is not null and "employer_id" not in (select "employer_id" from employers)
union all
select 'published_figures' as table_name, 'program_id' as column_name, 'programs' as refers_to, count(*) as broken
from published_figures where "program_id" is not null and "program_id" not in (select "program_id" from programs)
union all
select 'published_figures' as table_name, 'employer_id' as column_name, 'employers' as refers_to, count(*) as broken
from published_figures where "employer_id" is not null and "employer_id" not in (select "employer_id" from employers)
union all
select 'published_figures' as table_name, 'institution_id' as column_name, 'institutions' as refers_to, count(*) as broken
from published_figures where "institution_id" is not null and "institution_id" not in (select "institution_id" from institutions)
