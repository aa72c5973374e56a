-- The same carer sent by two partners is one carer: merged on (carer_id, person_id), taking the earliest
-- non-blank value of each date, from each partner's latest snapshot.
create or replace table carers as
select s.carer_id, s.person_id,
  min(s.identified_date) as identified_date,
  min(s.assessment_offered_date) as assessment_offered_date,
  min(s.assessment_completed_date) as assessment_completed_date,
  min(s.support_started_date) as support_started_date,
  min(s.bereavement_contact_date) as bereavement_contact_date,
  string_agg(distinct s.partner, ';' order by s.partner) as partners
from stg_carers s
join latest_snapshot_files f using (file_id)
group by s.carer_id, s.person_id;
