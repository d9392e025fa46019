-- Schema version 4: which version of the shared views and macros (views.sql)
-- a database file carries, so that a reader can tell when a release changed a
-- definition and the file must be refreshed (db.ensure_current).

create table definitions (
    name varchar primary key,
    checksum varchar not null,
    applied_at timestamp not null default current_timestamp
);
