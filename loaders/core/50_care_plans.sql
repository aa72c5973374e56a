-- Advance care planning records from every partner (no key: several same-day records are all kept).
create or replace table care_plans as
select s.partner, s.period, s.person_id, s.record_type, s.recorded_date, s.preferred_place
from stg_care_plans s;
