-- Which loaded files feed the core model.
-- Snapshot datasets: each partner's snapshot of the greatest period wins (then the latest load); history is
-- read from the dates inside it. Event datasets: every file counts; key clashes across periods are settled
-- per table below (the greatest period wins).
create or replace table latest_snapshot_files as
with ranked as (
  select file_id, partner, dataset, period,
    row_number() over (partition by partner, dataset order by period desc, submitted_at desc, file_id desc) as rank
  from files
  where status = 'loaded' and dataset in ('people', 'register', 'carers')
)
select file_id, partner, dataset, period from ranked where rank = 1;
