-- One row per agreement, to mark on the trend charts as an event: the day it
-- was signed, its institution and employer (ids and names), by date and
-- agreement_id. No parameters.
select
    a.agreement_id,
    a.signed_on,
    a.institution_id,
    a.employer_id,
    coalesce(i.name, a.institution_id) as institution_name,
    coalesce(e.name, a.employer_id) as employer_name
from agreements as a
left join institutions as i on i.institution_id = a.institution_id
left join employers as e on e.employer_id = a.employer_id
order by a.signed_on, a.agreement_id
