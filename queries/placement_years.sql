-- One row: how many placements there are, and the first and last calendar year
-- they cover (earliest start_date year, latest start_date or end_date year);
-- the years are null when there are no placements. No parameters.
select
    count(*) as placements,
    min(year(start_date)) as first_year,
    max(greatest(year(start_date), coalesce(year(end_date), year(start_date)))) as last_year
from placements
