-- Fast-track (CHC) applications, one per (partner, application_id): the row from the greatest period wins.
create or replace table fast_track as
select s.partner, s.period, s.application_id, s.person_id, s.application_date, s.package_start_date, s.outcome
from stg_fast_track s
qualify row_number() over (partition by s.partner, s.application_id order by s.period desc, s.file_id desc) = 1;
