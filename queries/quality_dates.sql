-- One row per kind of date problem, with how many rows have it:
-- dates in the future (after $today), dates out of order, ongoing placements
-- that have already ended, completed placements without an end date.
-- $today: the date to judge "future" by.
select 'placements' as table_name, 'start_date' as column_name, 'in_future' as problem, count(*) as row_count
from placements where start_date > $today::date
union all
select 'placements', 'end_date', 'out_of_order', count(*)
from placements where end_date < start_date
union all
select 'placements', 'end_date', 'ongoing_but_ended', count(*)
from placements where status = 'ongoing' and end_date < $today::date
union all
select 'placements', 'end_date', 'completed_without_end', count(*)
from placements where status = 'completed' and end_date is null
union all
select 'hires', 'hire_date', 'in_future', count(*)
from hires where hire_date > $today::date
union all
select 'hires', 'exit_date', 'in_future', count(*)
from hires where exit_date > $today::date
union all
select 'hires', 'exit_date', 'out_of_order', count(*)
from hires where exit_date < hire_date
union all
select 'agreements', 'signed_on', 'in_future', count(*)
from agreements where signed_on > $today::date
union all
select 'published_figures', 'period_end', 'out_of_order', count(*)
from published_figures where period_end < period_start
