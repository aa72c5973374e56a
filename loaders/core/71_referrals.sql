-- Referrals, one per (partner, referral_id): the row from the greatest period wins.
create or replace table referrals as
select s.partner, s.period, s.referral_id, s.person_id, s.received_at, s.source, s.urgency, s.first_contact_at, s.outcome
from stg_referrals s
qualify row_number() over (partition by s.partner, s.referral_id order by s.period desc, s.file_id desc) = 1;
