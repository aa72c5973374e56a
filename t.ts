import { DuckDBInstance } from "@duckdb/node-api";
const db = await DuckDBInstance.create(":memory:");
const c = await db.connect();
const q = async (s: string) => { try { console.log(s.slice(0,80)); console.table((await c.runAndReadAll(s)).getRowObjects()); } catch (e) { console.log("ERR", (e as Error).message); } };
await q(`select * from read_csv('/tmp/csvt/a.csv', header=false, all_varchar=true, delim=',', quote='"', escape='"') limit 1`);
await q(`create table raw as select * from read_csv('/tmp/csvt/a.csv', header=true, names=['c0','c1'], all_varchar=true, delim=',', quote='"', escape='"', store_rejects=true, null_padding=false, strict_mode=true)`);
await q(`select rowid, * from raw`);
await q(`select * exclude (scan_id, file_id) from reject_errors`);
await q(`select strptime('2024-1-2','%Y-%m-%d') a, try_strptime('1/2/2024','%d/%m/%Y') b, try_strptime('2024-01-02x','%Y-%m-%d') c, try_strptime('2024-02-30','%Y-%m-%d') d, try_cast('2024-02-03' as date) e, try_cast(' 12' as int) f, try_cast('1e3' as int) g, try_cast('12.0' as int) h`);
