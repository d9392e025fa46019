-- One row per import, newest first: when, by whom, its files (JSON list of
-- name and sha256), rows added/changed/unchanged per table (JSON), and whether
-- and when it was rolled back. No parameters.
select
    import_id,
    imported_at,
    imported_by,
    files,
    summary,
    rolled_back_at,
    rolled_back_by
from imports
order by import_id desc
