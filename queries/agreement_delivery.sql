-- One row per agreement in scope signed in the period, newest first: who
-- signed it, what it promises, and what happened between its institution and
-- its employer in the 365 days before and after signing: placements starting
-- (of the institution's participants at the employer) and hires (of the
-- institution's participants by the employer). status: 'too_early' while the
-- 365 days after signing have not passed by $as_of, 'nothing' when nothing
-- happened after, 'grew' when placements or hires rose, else 'no_growth';
-- promise_unmet: guaranteed practice without a placement after, or guaranteed
-- employment without a hire after (once the year has passed).
-- $institution, $employer, $sector, $district: the scope (a program does not
-- restrict agreements); $year_from, $year_to: the period; $as_of: a date.
with agreements_in_scope as (
    select
        a.*,
        e.name as employer_name,
        i.name as institution_name,
        group_key_of('institution', a.institution_id) as institution_key,
        group_key_of('employer', a.employer_id) as employer_key
    from scoped_agreements($institution, $employer, $sector, $district, $year_from, $year_to) as a
    join employers as e on e.employer_id = a.employer_id
    join institutions as i on i.institution_id = a.institution_id
),

placements_in_scope as (
    select * from scoped_placements(null, $institution, $employer, $sector, $district)
),

hires_in_scope as (
    select * from scoped_hires(null, $institution, $employer, $sector, $district)
),

placed as (
    select
        a.agreement_id,
        count(*) filter (where p.start_date >= a.signed_on - 365 and p.start_date < a.signed_on)
            as placements_before,
        count(*) filter (where p.start_date >= a.signed_on and p.start_date < a.signed_on + 365)
            as placements_after
    from agreements_in_scope as a
    join placements_in_scope as p
        on p.institution_key = a.institution_key and p.employer_key = a.employer_key
    group by all
),

hired as (
    select
        a.agreement_id,
        count(*) filter (where h.hire_date >= a.signed_on - 365 and h.hire_date < a.signed_on) as hires_before,
        count(*) filter (where h.hire_date >= a.signed_on and h.hire_date < a.signed_on + 365) as hires_after
    from agreements_in_scope as a
    join hires_in_scope as h
        on h.institution_id = a.institution_id and h.employer_id = a.employer_id
    group by all
),

counted as (
    select
        a.*,
        coalesce(p.placements_before, 0) as placements_before,
        coalesce(p.placements_after, 0) as placements_after,
        coalesce(h.hires_before, 0) as hires_before,
        coalesce(h.hires_after, 0) as hires_after,
        a.signed_on + 365 <= $as_of::date as year_passed
    from agreements_in_scope as a
    left join placed as p on p.agreement_id = a.agreement_id
    left join hired as h on h.agreement_id = a.agreement_id
)

select
    agreement_id,
    signed_on,
    institution_id,
    institution_name,
    employer_id,
    employer_name,
    field,
    scholarships,
    guaranteed_practice,
    guaranteed_employment,
    placements_before,
    placements_after,
    hires_before,
    hires_after,
    case
        when not year_passed then 'too_early'
        when placements_after = 0 and hires_after = 0 then 'nothing'
        when placements_after > placements_before or hires_after > hires_before then 'grew'
        else 'no_growth'
    end as status,
    year_passed and (
        (guaranteed_practice and placements_after = 0) or (guaranteed_employment and hires_after = 0)
    ) as promise_unmet
from counted
order by signed_on desc, agreement_id
