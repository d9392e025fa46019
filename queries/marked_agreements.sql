-- One row per agreement, to mark on the trend charts as an event: the day it
-- was signed (event_date), its institution and employer (ids and names), by
-- date and agreement. No parameters.
select
    a.agreement_id as event_id,
    a.signed_on as event_date,
    null::varchar as program_id,
    a.institution_id,
    a.employer_id,
    null::varchar as url,
    coalesce(i.name, a.institution_id) as institution_name,
    coalesce(e.name, a.employer_id) as employer_name
from agreements as a
left join institutions as i on i.institution_id = a.institution_id
left join employers as e on e.employer_id = a.employer_id
order by a.signed_on, a.agreement_id
