-- Schema version 3: header mappings chosen by hand on the Data page, remembered
-- for the next file from the same source. A source is known by its table and
-- the set of its headers as written (the signature); an empty column means
-- "ignore this header".

create table column_mappings (
    signature varchar not null,
    header varchar not null,
    column_name varchar not null,
    saved_at timestamp not null default current_timestamp,
    primary key (signature, header)
);
