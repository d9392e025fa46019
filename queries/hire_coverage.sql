-- One row per year in which completed placements in scope ended, from $year_from
-- to $year_to: how many of their participants have a settled outcome as of $today. A hire from an internship can follow a placement for
-- 365 days after its end (CONTRACT.md, source placement), so a placement is
-- settled once it ended more than 365 days before $today; a participant of the
-- intern hire rate's denominator is settled once hired from one of these
-- placements, or once the last of them ended more than 365 days before $today.
-- interns, interns_settled: distinct participants (intern_hire_rate's denominator);
-- the placements themselves are counted by placement_coverage.sql.
-- $program, $institution, $employer, $sector, $district: the scope (null = all).
with completed as (
    select
        year(end_date) as year,
        participant_key,
        max(end_date) as last_end
    from scoped_placements($program, $institution, $employer, $sector, $district)
    where status = 'completed' and end_date is not null and year_in(end_date, $year_from, $year_to)
    group by 1, 2
),

hired as (
    select distinct year(source_end_date) as year, participant_key
    from scoped_hires($program, $institution, $employer, $sector, $district)
    where source_placement_id is not null
)

select
    c.year,
    count(*) as interns,
    count(*) filter (where h.participant_key is not null or c.last_end < $today::date - 365) as interns_settled
from completed as c
left join hired as h on h.year = c.year and h.participant_key = c.participant_key
group by c.year
order by c.year
