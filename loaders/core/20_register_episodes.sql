-- Palliative care register episodes, from each primary care partner's latest snapshot.
create or replace table register_episodes as
select s.partner, s.person_id, s.practice_code, s.date_added, s.date_removed, s.removal_reason, s.keyworker_assigned_date
from stg_register s
join latest_snapshot_files f using (file_id);
