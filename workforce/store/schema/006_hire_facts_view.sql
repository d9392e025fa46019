-- Schema 6: hire_facts becomes a view of two derived tables, hire_rows and
-- hire_source_rows (derived/), so that an import of placements rebuilds only
-- the hires' source placements. The table of that name goes; the write that
-- runs this migration builds the two tables, and views.sql the view.
drop table if exists hire_facts;
