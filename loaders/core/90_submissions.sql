-- Every submission the config expects (partner x listed dataset x quarter, from the data start or the partner's
-- joining to the latest quarter in the exports), and what arrived: on time, late, missing or resubmitted.
create or replace table expected_submissions as
with expected as (
  select p.code as partner, d.dataset, q.period, q.period_start, q.period_end, q.due_date
  from config_partners p
  join config_partner_datasets d on d.partner = p.code
  join config_quarters q on q.period_end >= coalesce(p.from_date, q.period_start) and q.period_start <= coalesce(p.to_date, q.period_end)
),
arrived as (
  select partner, dataset, period, min(submitted_at) as submitted_at, bool_or(resubmitted) as resubmitted,
    sum(rows_read) as rows_read, sum(rows_loaded) as rows_loaded, sum(rows_rejected) as rows_rejected
  from files where status = 'loaded'
  group by all
),
refused as (
  select partner, dataset, period, count(*) as refused_files from files where status = 'refused' group by all
)
select e.*, a.submitted_at, coalesce(a.rows_read, 0) as rows_read, coalesce(a.rows_loaded, 0) as rows_loaded,
  coalesce(a.rows_rejected, 0) as rows_rejected, coalesce(r.refused_files, 0) as refused_files,
  case
    when a.submitted_at is null then 'missing'
    when a.submitted_at::date > e.due_date then 'late'
    else 'on_time'
  end as arrival,
  coalesce(a.resubmitted, false) as resubmitted
from expected e
left join arrived a using (partner, dataset, period)
left join refused r using (partner, dataset, period)
order by e.partner, e.dataset, e.period;
