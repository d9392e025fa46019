-- One row per employer or institution with no activity at all: an employer
-- with no placement, hire or agreement; an institution with no participant or
-- agreement. kind is 'employer' or 'institution'. No parameters. The lists are
-- made distinct first, so that a few thousand ids are hashed, not every row.
select 'employer' as kind, e.employer_id as id, e.name
from employers as e
where e.employer_id not in (select distinct employer_id from placements)
    and e.employer_id not in (select distinct employer_id from hires)
    and e.employer_id not in (select distinct employer_id from agreements)
union all
select 'institution', i.institution_id, i.name
from institutions as i
where i.institution_id not in (select distinct institution_id from participants)
    and i.institution_id not in (select distinct institution_id from agreements)
order by kind, id
