-- One death per person, ever: where a death appears in more than one quarter, the greatest period wins.
create or replace table deaths as
select s.partner, s.period, s.person_id, s.date_of_death, s.registration_date, s.place_of_death, s.usual_residence,
  s.expected_death, s.external_cause, s.cause_group, s.ppod_variance_reason
from stg_deaths s
qualify row_number() over (partition by s.person_id order by s.period desc, s.file_id desc) = 1;
