-- Specialist palliative care contacts, one per (partner, contact_id): the row from the greatest period wins.
create or replace table spc_contacts as
select s.partner, s.period, s.contact_id, s.person_id, s.contact_date, s.service, s.contact_mode
from stg_spc_contacts s
qualify row_number() over (partition by s.partner, s.contact_id order by s.period desc, s.file_id desc) = 1;
