-- One row per graduation cohort (institution, graduation_year): how many
-- participants have a known outcome, and the knowledge rate (the share with a
-- known outcome that career-outcome surveys report beside their rates).
-- An outcome is known when the participant has a hire, or when all of their
-- placements are closed (completed or dropped) and the last one ended more than
-- 365 days before $today, so no hire from an internship can still follow.
-- Participants without any placement, or with one still open or recent, are unknown.
-- $today: the date of the check; $institution: one institution or null for all.
-- Read from the cohort_members view (its columns hired, open_placement and
-- last_placement_end are computed at every write).
select
    institution_id,
    graduation_year,
    count(*) as cohort_size,
    count(*) filter (
        where hired or (placed and not open_placement and last_placement_end < $today::date - 365)
    ) as known,
    known / count(*) as knowledge_rate
from cohort_members
where $institution is null or institution_id = $institution
group by institution_id, graduation_year
order by institution_id, graduation_year
