-- One row per graduation cohort (institution, graduation_year): how many
-- participants have a known outcome, and the knowledge rate (the share with a
-- known outcome that career-outcome surveys report beside their rates).
-- An outcome is known when the participant has a hire, or when all of their
-- placements are closed (completed or dropped) and the last one ended more than
-- 365 days before $today, so no hire from an internship can still follow.
-- Participants without any placement, or with one still open or recent, are unknown.
-- $today: the date of the check; $institution: one institution or null for all.
with last_placement as (
    select
        participant_id,
        bool_or(status = 'ongoing' or end_date is null) as open_placement,
        max(end_date) as last_end
    from placements
    group by participant_id
),

hired as (
    select distinct participant_id from hires
)

select
    pa.institution_id,
    pa.graduation_year,
    count(*) as cohort_size,
    count(*) filter (
        where h.participant_id is not null
        or (lp.participant_id is not null and not lp.open_placement and lp.last_end < $today::date - 365)
    ) as known,
    known / count(*) as knowledge_rate
from participants as pa
left join hired as h on h.participant_id = pa.participant_id
left join last_placement as lp on lp.participant_id = pa.participant_id
where $institution is null or pa.institution_id = $institution
group by pa.institution_id, pa.graduation_year
order by pa.institution_id, pa.graduation_year
