-- One row per person: from the latest snapshots, the greatest period winning where two partners send one person.
create or replace table people as
with snapshot_rows as (
  select s.* from stg_people s join latest_snapshot_files f using (file_id)
),
one_per_person as (
  select * from snapshot_rows
  qualify row_number() over (partition by person_id order by period desc, file_id desc) = 1
)
select
  p.person_id, p.practice_code, pr.pcn, pr.locality, p.sex, p.age_band, p.ethnic_category,
  case
    when p.ethnic_category in ('A', 'B', 'C') then 'white'
    when p.ethnic_category in ('D', 'E', 'F', 'G') then 'mixed'
    when p.ethnic_category in ('H', 'J', 'K', 'L') then 'asian'
    when p.ethnic_category in ('M', 'N', 'P') then 'black'
    when p.ethnic_category in ('R', 'S') then 'other'
    when p.ethnic_category = 'Z' then 'not_stated'
    else 'unknown'
  end as ethnic_group,
  p.imd_quintile, p.diagnosis_group, p.partner
from one_per_person p
left join config_practices pr on pr.code = p.practice_code;
