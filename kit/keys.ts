import { createHmac } from "node:crypto";
import { DuckDBScalarFunction, VARCHAR } from "@duckdb/node-api";
import type { Db } from "../loaders/duckdb.ts";

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
