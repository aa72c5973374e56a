-- Hospital spells, one per (partner, spell_id), the greatest period winning.
-- Care-home admission sources are 55 and 56 and the retired 54, 65 and 85 (CARE_HOME_ADMISSION_SOURCES in
-- loaders/contract/datasets/admissions.ts); transfers from another provider are methods 2B and 81.
create or replace table spells as
select s.partner, s.period, s.spell_id, s.person_id, s.admission_date, s.discharge_date, s.admission_method,
  s.discharge_method, s.patient_classification, s.admission_source, s.discharge_destination, s.spell_cost_gbp,
  s.admission_method in ('21', '22', '23', '24', '25', '2A', '2B', '2C', '2D', '28')
    and coalesce(s.patient_classification, '') not in ('3', '4') as is_emergency,
  coalesce(s.admission_source in ('55', '56', '54', '65', '85'), false) as from_care_home,
  s.admission_method in ('2B', '81') as is_transfer
from stg_admissions s
qualify row_number() over (partition by s.partner, s.spell_id order by s.period desc, s.file_id desc) = 1;
