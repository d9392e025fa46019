-- One row per district that an employer is in, sorted (filter options: the employer's district).
-- No parameters.
select distinct district
from employers
where district is not null
order by district
