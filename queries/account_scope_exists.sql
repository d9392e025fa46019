-- One row: whether the institution and the employer an account is to be bound
-- to exist (true for the one not given). $institution, $employer: ids or null.
select
    ($institution is null or exists (
        select 1 from institutions where institution_id = $institution
    )) as institution_exists,
    ($employer is null or exists (
        select 1 from employers where employer_id = $employer
    )) as employer_exists
