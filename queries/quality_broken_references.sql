-- One row per reference between contract tables: how many rows point at a key
-- that does not exist. The importer refuses such rows, so anything above zero
-- means the file was changed outside the importer. No parameters.
select 'agreements' as table_name, 'employer_id' as column_name, 'employers' as refers_to, count(*) as broken
from agreements where "employer_id" is not null and "employer_id" not in (select "employer_id" from employers)
union all
select 'agreements' as table_name, 'institution_id' as column_name, 'institutions' as refers_to, count(*) as broken
from agreements where "institution_id" is not null and "institution_id" not in (select "institution_id" from institutions)
union all
select 'participants' as table_name, 'institution_id' as column_name, 'institutions' as refers_to, count(*) as broken
from participants where "institution_id" is not null and "institution_id" not in (select "institution_id" from institutions)
union all
select 'placements' as table_name, 'participant_id' as column_name, 'participants' as refers_to, count(*) as broken
from placements where "participant_id" is not null and "participant_id" not in (select "participant_id" from participants)
union all
select 'placements' as table_name, 'employer_id' as column_name, 'employers' as refers_to, count(*) as broken
from placements where "employer_id" is not null and "employer_id" not in (select "employer_id" from employers)
union all
select 'placements' as table_name, 'program_id' as column_name, 'programs' as refers_to, count(*) as broken
from placements where "program_id" is not null and "program_id" not in (select "program_id" from programs)
union all
select 'hires' as table_name, 'participant_id' as column_name, 'participants' as refers_to, count(*) as broken
from hires where "participant_id" is not null and "participant_id" not in (select "participant_id" from participants)
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
