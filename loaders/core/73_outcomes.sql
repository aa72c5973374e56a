-- Outcome assessments (IPOS, AKPS), one per (partner, assessment_id): the row from the greatest period wins.
create or replace table outcomes as
select s.partner, s.period, s.assessment_id, s.person_id, s.episode_id, s.assessment_date, s.phase, s.ipos_total, s.akps
from stg_outcomes s
qualify row_number() over (partition by s.partner, s.assessment_id order by s.period desc, s.file_id desc) = 1;
