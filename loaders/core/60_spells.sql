-- Hospital spells, one per (partner, spell_id), the greatest period winning.
create or replace table spells as
select s.partner, s.period, s.spell_id, s.person_id, s.admission_date, s.discharge_date, s.admission_method,
  s.discharge_method, s.patient_classification, s.admission_source, s.spell_cost_gbp,
  s.admission_method in ('21', '22', '23', '24', '25', '2A', '2B', '2C', '2D', '28')
    and coalesce(s.patient_classification, '') not in ('3', '4') as is_emergency
from stg_admissions s
qualify row_number() over (partition by s.partner, s.spell_id order by s.period desc, s.file_id desc) = 1;
