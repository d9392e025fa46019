-- One row: how many placements there are, and the first and last calendar year
-- they cover (earliest start_date year, latest start_date or end_date year);
-- the years are null when there are no placements. No parameters.
-- (The years of the extreme dates, not the extremes of every row's year: no
-- year is computed per row. greatest skips a null max(end_date).)
select
    count(*) as placements,
    year(min(start_date)) as first_year,
    year(greatest(max(start_date), max(end_date))) as last_year
from placements
