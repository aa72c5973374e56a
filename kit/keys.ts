import { createHash, createHmac } from "node:crypto";
import { DuckDBScalarFunction, VARCHAR } from "@duckdb/node-api";
import { type Db, rows, run } from "../loaders/duckdb.ts";

/**
 * Pseudonymised keys from NHS numbers: HMAC-SHA-256 keyed with the alliance's shared secret over the ten
 * digits, as lower-case hex, behind a `pk_` prefix so the key is never all digits (the contract needs a letter).
 * The same NHS number gives the same key at every partner holding the same secret; without the secret the key
 * cannot be turned back into the number, nor recomputed from a guessed one.
 */

export const KEY_PREFIX = "pk_";

export function pseudonymFor(secret: Buffer, nhsDigits: string): string {
  return KEY_PREFIX + createHmac("sha256", secret).update(nhsDigits, "utf8").digest("hex");
}

/** The SQL name of the keyed function the kit registers on its own in-memory database. */
export const KEY_FUNCTION = "kit_pseudonym";

/**
 * Registers `kit_pseudonym(digits)` on the connection, so DuckDB calls Node's crypto a chunk at a time over a
 * whole column. The kit's database is in memory and closed at the end of the run; nothing of it is written.
 */
export function registerPseudonymFunction(db: Db, secret: Buffer): void {
  db.connection.registerScalarFunction(
    DuckDBScalarFunction.create({
      name: KEY_FUNCTION,
      returnType: VARCHAR,
      parameterTypes: [VARCHAR],
      mainFunction: (_info, input, output) => {
        const digits = input.getColumnVector(0);
        for (let row = 0; row < input.rowCount; row++) {
          const value = digits.getItem(row);
          output.setItem(row, typeof value === "string" ? pseudonymFor(secret, value) : null);
        }
        output.flush();
      },
    }),
  );
}

/**
 * The same keys computed by DuckDB itself, over a whole column, with no JavaScript per row: HMAC-SHA-256 as
 * RFC 2104 defines it, sha256((K xor opad) || sha256((K xor ipad) || message)), with the two padded keys
 * worked out here once by Node's crypto and held in a one-row temp table of the in-memory database (never in SQL
 * text, so no error message can quote them). `KEY_SQL(column)` is the key expression; the query must cross join
 * `kit_hmac`. `checkSqlKeys` proves it equals Node's `createHmac` on the run's own secret before it is used.
 */
export const KEY_TABLE = "kit_hmac";

export const KEY_SQL = (column: string) => `'${KEY_PREFIX}' || sha256(${KEY_TABLE}.opad || unhex(sha256(${KEY_TABLE}.ipad || ${column}::blob)))`;

export async function registerSqlKeys(db: Db, secret: Buffer): Promise<void> {
  const block = 64; // SHA-256 block size in bytes
  const key = secret.length > block ? createHash("sha256").update(secret).digest() : secret;
  const padded = Buffer.concat([key, Buffer.alloc(block - key.length)]);
  const pad = (byte: number) => Buffer.from(padded.map((b) => b ^ byte)).toString("hex");
  await run(db, `create or replace temp table ${KEY_TABLE} as select unhex($ipad) as ipad, unhex($opad) as opad`, { ipad: pad(0x36), opad: pad(0x5c) });
}

/** Node's crypto and the SQL form agree on a few test-range numbers with this secret, or the kit stops. */
export async function checkSqlKeys(db: Db, secret: Buffer): Promise<void> {
  const samples = ["9990000018", "9434765919", "0000000000"];
  const got = await rows<{ digits: string; key: string }>(
    db,
    `select s.digits, ${KEY_SQL("s.digits")} as key from (select unnest(from_json($samples, '["varchar"]')) as digits) s cross join ${KEY_TABLE}`,
    { samples: JSON.stringify(samples) },
  );
  for (const { digits, key } of got) if (key !== pseudonymFor(secret, digits)) throw new Error("the database's HMAC-SHA-256 does not match Node's crypto");
}
