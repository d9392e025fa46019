-- One row per program, sorted by name: program_id and its name (filter options).
-- No parameters.
select program_id, name
from programs
order by name, program_id
