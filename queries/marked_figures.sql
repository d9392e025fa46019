-- One row per published figure with a publication date, to mark on the trend
-- charts as an event: the day it was published (event_date), its scope
-- (program, institution, employer; null = not restricted), its link, and what
-- it says (metric, qualifier, value, source), by date and figure. No parameters.
select
    figure_id as event_id,
    published_on as event_date,
    program_id,
    institution_id,
    employer_id,
    url,
    metric,
    qualifier,
    value,
    source
from published_figures
where published_on is not null
order by published_on, figure_id
