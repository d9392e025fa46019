-- One row per institution, sorted by name: institution_id, name, kind and district (filter options).
-- No parameters.
select institution_id, name, kind, district
from institutions
order by name, institution_id
