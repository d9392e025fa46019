-- One row per (year, promise) for every year from $year_from to $year_to:
-- how many agreements in scope were signed that year ('signed': all of them)
-- and how many of those promise scholarships, guaranteed practice or
-- guaranteed employment (promise = the column's name). An agreement is in
-- scope when its institution and employer are; a program does not restrict
-- agreements. $institution, $employer, $sector, $district: the scope (null =
-- all); $year_from, $year_to: the period.
with agreements_in_scope as (
    select * from scoped_agreements($institution, $employer, $sector, $district, $year_from, $year_to)
),

years as (
    select unnest(range($year_from::integer, $year_to::integer + 1)) as year
),

promises as (
    select unnest(['signed', 'scholarships', 'guaranteed_practice', 'guaranteed_employment']) as promise
)

select
    y.year,
    p.promise,
    count(a.agreement_id) filter (
        where p.promise = 'signed'
        or (p.promise = 'scholarships' and a.scholarships)
        or (p.promise = 'guaranteed_practice' and a.guaranteed_practice)
        or (p.promise = 'guaranteed_employment' and a.guaranteed_employment)
    ) as agreements
from years as y
cross join promises as p
left join agreements_in_scope as a on year(a.signed_on) = y.year
group by y.year, p.promise
order by y.year, list_position(['signed', 'scholarships', 'guaranteed_practice', 'guaranteed_employment'], p.promise)
