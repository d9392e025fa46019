-- Schema 7: the two optional tables of CONTRACT.md's "Targets and events"
-- (added 2026-12-04): targets set for a metric and year in a scope, and dated
-- events to mark on the trends. Both start empty. As the other contract tables
-- since schema 5, their keys are kept unique by the importer, not by an index;
-- replaced_<table> keeps a replaced row for rollback (schema 2).
create table targets (
    target_id varchar not null,
    program_id varchar,
    institution_id varchar,
    employer_id varchar,
    metric varchar not null check (metric in ('participants', 'employers', 'hires', 'intern_hire_rate')),
    year integer not null check (year between 1990 and 2100),
    value double not null check (value >= 0 and (metric <> 'intern_hire_rate' or value <= 1)),
    source varchar
);

create table events (
    event_id varchar not null,
    event_date date not null,
    title varchar not null,
    program_id varchar,
    institution_id varchar,
    employer_id varchar,
    url varchar
);

create table replaced_targets as select 0::integer as import_id, * from targets limit 0;

create table replaced_events as select 0::integer as import_id, * from events limit 0;
