-- One row per calendar year with a hire in scope: all hires dated that year,
-- and those of them that are hires from an internship (they have a source
-- placement, see the hire_sources view). $program, $institution, $employer,
-- $sector, $district: the scope (null = all).
select
    year(hire_date) as year,
    count(*) as hires,
    count(source_placement_id) as internship_hires
from scoped_hires($program, $institution, $employer, $sector, $district)
group by all
order by year
