-- One row per event (CONTRACT.md, "Targets and events"): its date, title,
-- scope (program, institution, employer; null = not restricted) and link, by
-- date and event_id. No parameters.
select event_id, event_date, title, program_id, institution_id, employer_id, url
from events
order by event_date, event_id
