-- Event datasets keyed within a partner: the row from the greatest period wins.
create or replace table spc_contacts as
select s.partner, s.period, s.contact_id, s.person_id, s.contact_date, s.service, s.contact_mode
from stg_spc_contacts s
qualify row_number() over (partition by s.partner, s.contact_id order by s.period desc, s.file_id desc) = 1;

create or replace table referrals as
select s.partner, s.period, s.referral_id, s.person_id, s.received_at, s.source, s.urgency, s.first_contact_at, s.outcome
from stg_referrals s
qualify row_number() over (partition by s.partner, s.referral_id order by s.period desc, s.file_id desc) = 1;

create or replace table fast_track as
select s.partner, s.period, s.application_id, s.person_id, s.application_date, s.package_start_date, s.outcome
from stg_fast_track s
qualify row_number() over (partition by s.partner, s.application_id order by s.period desc, s.file_id desc) = 1;

create or replace table outcomes as
select s.partner, s.period, s.assessment_id, s.person_id, s.episode_id, s.assessment_date, s.phase, s.ipos_total, s.akps
from stg_outcomes s
qualify row_number() over (partition by s.partner, s.assessment_id order by s.period desc, s.file_id desc) = 1;
