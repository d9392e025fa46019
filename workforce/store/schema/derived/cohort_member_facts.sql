-- One row per participant as a member of a graduation cohort (institution_id,
-- graduation_year): whether a hire (any employer) was active on the cohort's
-- check date, (graduation_year + 1)-06-30: hire_date <= that day and exit_date
-- empty or after it; and whether they have any hire. What their placements add
-- (cohort_placement_facts) is kept apart, so that a write of placements alone
-- does not rebuild this table; the cohort queries aggregate the two through
-- the cohort_members view, which puts them side by side (both are stored in
-- participant_key order) and adds the check date.
create or replace table cohort_member_facts as
with hired as (
    select
        h.participant_id,
        bool_or(
            h.hire_date <= make_date(p.graduation_year + 1, 6, 30)
            and (h.exit_date is null or h.exit_date > make_date(p.graduation_year + 1, 6, 30))
        ) as employed_on_check
    from hires as h
    join participants as p on p.participant_id = h.participant_id
    group by h.participant_id
)

select
    pa.participant_key,
    p.institution_id,
    p.graduation_year,
    p.specialty,
    p.level,
    coalesce(h.employed_on_check, false) as employed_on_check,
    h.participant_id is not null as hired
from participants as p
join participant_keys as pa on pa.participant_id = p.participant_id
left join hired as h on h.participant_id = p.participant_id
order by pa.participant_key;
