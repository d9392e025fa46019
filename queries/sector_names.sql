-- One row per employer sector, sorted (filter options).
-- No parameters.
select distinct sector
from employers
where sector is not null
order by sector
