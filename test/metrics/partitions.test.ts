import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  concatenateCsv,
  type PartitionMeta,
  partitionDir,
  readPartition,
  TABLE_FILES,
  writePartitionMeta,
} from "../../metrics/engine/partitions.ts";
import { tempDir } from "../helpers/exports.ts";

describe("concatenateCsv", () => {
  it("writes the first part's header once and every part's rows byte for byte, in order", () => {
    const dir = tempDir("alliance-partitions-");
    const parts = [
      ["a,b\n1,\"x, y\"\n2,é\n", "p1.csv"],
      ["a,b\n", "p2.csv"], // a metric with no rows
      ["a,b\n3,z\n", "p3.csv"],
    ].map(([text, name]) => {
      writeFileSync(join(dir, name!), text!);
      return join(dir, name!);
    });
    const out = join(dir, "out.csv");
    concatenateCsv(out, parts);
    expect(readFileSync(out, "utf8")).toBe('a,b\n1,"x, y"\n2,é\n3,z\n');
  });

  it("keeps rows that run past the size it reads at a time", () => {
    const dir = tempDir("alliance-partitions-");
    const long = "v".repeat(5 << 20); // more than one 4 MB read
    writeFileSync(join(dir, "p1.csv"), "h\n1\n");
    writeFileSync(join(dir, "p2.csv"), `h\n${long}\n2\n`);
    concatenateCsv(join(dir, "out.csv"), [join(dir, "p1.csv"), join(dir, "p2.csv")]);
    expect(readFileSync(join(dir, "out.csv"), "utf8")).toBe(`h\n1\n${long}\n2\n`);
  });
});

describe("readPartition", () => {
  const meta: PartitionMeta = {
    metric: "POD-01",
    inputs: "i",
    units: "u",
    rows: 3,
    warnings: [],
    disclosure: { primary: 1, secondary: 0, rounds: 1 },
  };
  const whole = () => {
    const out = tempDir("alliance-partitions-");
    const dir = partitionDir(out, "POD-01");
    for (const file of TABLE_FILES) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), "");
    }
    writePartitionMeta(dir, meta);
    return { out, dir };
  };

  it("reads a whole partition's keys", () => {
    expect(readPartition(whole().out, "POD-01")).toEqual(meta);
  });
  it("is null when a table file is missing, the keys are unreadable or name another metric", () => {
    const a = whole();
    writeFileSync(join(a.dir, "partition.json"), "{");
    expect(readPartition(a.out, "POD-01")).toBeNull();
    const b = whole();
    expect(readPartition(b.out, "POD-02")).toBeNull();
    mkdirSync(partitionDir(b.out, "POD-02"), { recursive: true });
    writePartitionMeta(partitionDir(b.out, "POD-02"), { ...meta, metric: "POD-02" });
    expect(readPartition(b.out, "POD-02")).toBeNull(); // no table files
    const c = whole();
    writeFileSync(join(c.dir, "partition.json"), JSON.stringify({ ...meta, metric: "POD-03" }));
    expect(readPartition(c.out, "POD-01")).toBeNull();
  });
  it("lists every output table and its published copy, CSV and Parquet", () => {
    expect([...TABLE_FILES].sort()).toEqual(
      [
        "metric_values.csv",
        "metric_values.parquet",
        "spc.csv",
        "spc.parquet",
        "spc_suggestions.csv",
        "spc_suggestions.parquet",
        "published/metric_values.csv",
        "published/metric_values.parquet",
        "published/spc.csv",
        "published/spc.parquet",
        "published/spc_suggestions.csv",
        "published/spc_suggestions.parquet",
      ].sort(),
    );
  });
});
