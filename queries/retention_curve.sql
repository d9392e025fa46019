-- One row per month m = 1..24 after hire: m months is floor(m * 365 / 12) days
-- (month 6 = 182 days, month 12 = 365 days, the contract's retention_6m and
-- retention_12m). observable = hires in scope dated at least that many days
-- before $as_of; retained = those of them with exit_date empty or after
-- hire_date + that many days; share = retained / observable (null when none is
-- observable). The observable hires change from month to month, so the share
-- need not fall monotonically.
-- $program, $institution, $employer, $sector, $district: the scope; $as_of: a date.
with months as (
    select month, (month * 365 // 12)::integer as days
    from (select unnest(range(1, 25)) as month)
),

hires_in_scope as (
    select hire_date, exit_date
    from scoped_hires($program, $institution, $employer, $sector, $district)
)

select
    m.month,
    m.days,
    count(h.hire_date) as observable,
    count(h.hire_date) filter (
        where h.exit_date is null or h.exit_date > h.hire_date + m.days
    ) as retained,
    case
        when count(h.hire_date) > 0
            then count(h.hire_date) filter (
                where h.exit_date is null or h.exit_date > h.hire_date + m.days
            ) / count(h.hire_date)
    end as share
from months as m
left join hires_in_scope as h on h.hire_date <= $as_of::date - m.days
group by m.month, m.days
order by m.month
