-- Schema version 2: the import history. Every import is a row of `imports`;
-- the keys it added are in `import_added`, and every stored row it replaced is
-- kept, as it was, in `replaced_<table>` so that the import can be rolled back.

create sequence import_id_sequence start 1;

create table imports (
    import_id integer primary key default nextval('import_id_sequence'),
    imported_at timestamp not null default current_timestamp,
    imported_by varchar,
    files varchar not null,    -- JSON list of {"name": ..., "sha256": ...}
    summary varchar not null,  -- JSON {table: {"added": n, "changed": n, "unchanged": n}}
    rolled_back_at timestamp,
    rolled_back_by varchar
);

create table import_added (
    import_id integer not null,
    table_name varchar not null,
    key varchar not null
);

create table replaced_institutions as select 0::integer as import_id, * from institutions limit 0;

create table replaced_employers as select 0::integer as import_id, * from employers limit 0;

create table replaced_programs as select 0::integer as import_id, * from programs limit 0;

create table replaced_agreements as select 0::integer as import_id, * from agreements limit 0;

create table replaced_participants as select 0::integer as import_id, * from participants limit 0;

create table replaced_placements as select 0::integer as import_id, * from placements limit 0;

create table replaced_hires as select 0::integer as import_id, * from hires limit 0;

create table replaced_published_figures as select 0::integer as import_id, * from published_figures limit 0;
