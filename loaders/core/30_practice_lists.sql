-- Registered list size per practice and quarter (one per practice and quarter; a resent quarter replaces).
create or replace table practice_lists as
select s.partner, s.period, s.practice_code, s.list_size
from stg_practice_list s
qualify row_number() over (partition by s.period, s.practice_code order by s.file_id desc) = 1;
