-- One row per target (CONTRACT.md, "Targets and events"): its scope (program,
-- institution, employer; null = not restricted), metric, year, value and
-- source, by year and target_id. No parameters.
select target_id, program_id, institution_id, employer_id, metric, year, value, source
from targets
order by year, target_id
