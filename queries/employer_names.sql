-- One row per employer, sorted by name: employer_id, name, sector and district (filter options).
-- No parameters.
select employer_id, name, sector, district
from employers
order by name, employer_id
