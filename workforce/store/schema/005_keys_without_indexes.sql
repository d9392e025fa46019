-- Schema version 5: the contract tables without declared primary keys, and
-- the ids that are unique per row stored uncompressed.
--
-- A declared key makes DuckDB build and store an index (ART) of every key: at
-- 1.5 million placements that doubled the import's insert and added a second
-- to its commit, and no query reads by one key. Keys stay unique all the same:
-- the importer refuses a file with a key twice, and replaces a stored row by
-- deleting it before inserting its new version (importer._merge, and
-- history.rollback). NOT NULL and CHECK constraints are kept. The replaced_*
-- tables of version 2 never had keys.
--
-- A column of distinct ids does not compress by dictionary, and DuckDB's other
-- choice for text (FSST) tripled the time to write such a column (0.35 s
-- against 0.09 s for 1.5 million placement ids), for about 6 MB saved. The
-- columns with one value per participant, placement or hire are therefore
-- stored as they are (USING COMPRESSION uncompressed); every other column
-- keeps DuckDB's choice.

create table institutions_v5 (
    institution_id varchar not null,
    name varchar not null,
    kind varchar not null check (kind in ('university', 'college', 'technical_school')),
    district varchar
);
insert into institutions_v5 select * from institutions;
drop table institutions;
alter table institutions_v5 rename to institutions;

create table employers_v5 (
    employer_id varchar not null,
    name varchar not null,
    sector varchar not null,
    district varchar,
    zone varchar
);
insert into employers_v5 select * from employers;
drop table employers;
alter table employers_v5 rename to employers;

create table programs_v5 (
    program_id varchar not null,
    name varchar not null,
    operator varchar,
    kind varchar not null check (kind in ('internship', 'practice', 'targeted_training', 'scholarship'))
);
insert into programs_v5 select * from programs;
drop table programs;
alter table programs_v5 rename to programs;

create table agreements_v5 (
    agreement_id varchar not null,
    employer_id varchar not null,
    institution_id varchar not null,
    signed_on date not null,
    field varchar,
    scholarships boolean not null default false,
    guaranteed_practice boolean not null default false,
    guaranteed_employment boolean not null default false
);
insert into agreements_v5 select * from agreements;
drop table agreements;
alter table agreements_v5 rename to agreements;

create table participants_v5 (
    participant_id varchar not null using compression uncompressed,
    institution_id varchar not null,
    specialty varchar,
    level varchar not null check (level in ('vocational', 'bachelor', 'specialist', 'master')),
    graduation_year integer not null check (graduation_year between 1990 and 2100)
);
insert into participants_v5 select * from participants;
drop table participants;
alter table participants_v5 rename to participants;

create table placements_v5 (
    placement_id varchar not null using compression uncompressed,
    participant_id varchar not null using compression uncompressed,
    employer_id varchar not null,
    program_id varchar,
    start_date date not null,
    end_date date check (end_date >= start_date),
    status varchar not null check (status in ('ongoing', 'completed', 'dropped'))
);
insert into placements_v5 select * from placements;
drop table placements;
alter table placements_v5 rename to placements;

create table hires_v5 (
    hire_id varchar not null using compression uncompressed,
    participant_id varchar not null using compression uncompressed,
    employer_id varchar not null,
    hire_date date not null,
    exit_date date check (exit_date >= hire_date),
    monthly_salary double check (monthly_salary > 0)
);
insert into hires_v5 select * from hires;
drop table hires;
alter table hires_v5 rename to hires;

create table published_figures_v5 (
    figure_id varchar not null,
    program_id varchar,
    employer_id varchar,
    institution_id varchar,
    metric varchar not null check (metric in ('participants', 'employers', 'agreements', 'hires')),
    period_start date not null,
    period_end date not null,
    value double not null,
    qualifier varchar not null default 'exact'
        check (qualifier in ('exact', 'about', 'more_than', 'at_least')),
    source varchar not null,
    url varchar,
    published_on date
);
insert into published_figures_v5 select * from published_figures;
drop table published_figures;
alter table published_figures_v5 rename to published_figures;

create table import_added_v5 (
    import_id integer not null,
    table_name varchar not null,
    key varchar not null using compression uncompressed
);
insert into import_added_v5 select * from import_added;
drop table import_added;
alter table import_added_v5 rename to import_added;

-- Hire sources are columns of hire_facts (derived/hire_facts.sql) from this version on.
drop table if exists hire_source_facts;
