-- Schema version 1: one table per contract table (../shared/CONTRACT.md).
-- Keys, NOT NULL and CHECK constraints mirror the contract. References between
-- tables ("must exist in") are checked by the importer over whole files and by
-- rollback, not declared here: DuckDB's foreign keys refuse to replace a
-- referenced row even when its key stays the same, which the contract's
-- "a changed row replaces the stored one by key" needs.

create table institutions (
    institution_id varchar primary key,
    name varchar not null,
    kind varchar not null check (kind in ('university', 'college', 'technical_school')),
    district varchar
);

create table employers (
    employer_id varchar primary key,
    name varchar not null,
    sector varchar not null,
    district varchar,
    zone varchar
);

create table programs (
    program_id varchar primary key,
    name varchar not null,
    operator varchar,
    kind varchar not null check (kind in ('internship', 'practice', 'targeted_training', 'scholarship'))
);

create table agreements (
    agreement_id varchar primary key,
    employer_id varchar not null,
    institution_id varchar not null,
    signed_on date not null,
    field varchar,
    scholarships boolean not null default false,
    guaranteed_practice boolean not null default false,
    guaranteed_employment boolean not null default false
);

create table participants (
    participant_id varchar primary key,
    institution_id varchar not null,
    specialty varchar,
    level varchar not null check (level in ('vocational', 'bachelor', 'specialist', 'master')),
    graduation_year integer not null check (graduation_year between 1990 and 2100)
);

create table placements (
    placement_id varchar primary key,
    participant_id varchar not null,
    employer_id varchar not null,
    program_id varchar,
    start_date date not null,
    end_date date check (end_date >= start_date),
    status varchar not null check (status in ('ongoing', 'completed', 'dropped'))
);

create table hires (
    hire_id varchar primary key,
    participant_id varchar not null,
    employer_id varchar not null,
    hire_date date not null,
    exit_date date check (exit_date >= hire_date),
    monthly_salary double check (monthly_salary > 0)
);

create table published_figures (
    figure_id varchar primary key,
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

-- Which schema migrations this file has had, newest last.
create table schema_version (
    version integer primary key,
    applied_at timestamp not null default current_timestamp
);
