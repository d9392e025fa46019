-- One row per published figure with a publication date, to mark on the trend
-- charts as an event: the day it was published, its scope (program,
-- institution, employer; null = not restricted), what it says (metric,
-- qualifier, value), its source and link, by date and figure_id. No parameters.
select
    figure_id,
    published_on,
    program_id,
    institution_id,
    employer_id,
    metric,
    qualifier,
    value,
    source,
    url
from published_figures
where published_on is not null
order by published_on, figure_id
