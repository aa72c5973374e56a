import { describe, expect, it } from "vitest";
import { checkFiles, csv, messagesFor } from "../helpers/exports.ts";

/**
 * One dataset's files are checked together in one statement (loaders/load-file.ts `checkReadFiles`). Each file
 * must still be judged as if alone: its own period folder, its own header order, duplicates only within itself,
 * and a refusal that takes only its own rows.
 */
describe("files of one dataset checked in one batch", () => {
  it("judges each file by its own period, header and keys, and refuses one file without touching the others", async () => {
    const reports = await checkFiles({
      // Q1: one contact dated in Q2, and a key repeated within the file
      "HOSPICE2/2024-25-Q1/spc_contacts.csv": csv(
        "contact_id,person_id,contact_date,service,contact_mode",
        "C1,pk_aaaa0001,2024-04-02,hospice_at_home,face_to_face",
        "C2,pk_aaaa0002,2024-07-02,hospice_at_home,",
        "C3,pk_aaaa0003,2024-05-01,day_hospice,",
        "C3,pk_aaaa0004,2024-05-02,day_hospice,",
      ),
      // Q2, columns in another order and case: the same key as a Q1 contact is not a duplicate of it
      "HOSPICE2/2024-25-Q2/spc_contacts.csv": csv(
        "Service,CONTACT_DATE,person_id,contact_id",
        "inpatient_unit,2024-07-03,pk_aaaa0001,C1",
        "inpatient_unit,2024-05-03,pk_aaaa0002,C9",
      ),
      // a person key that is an NHS number refuses this file whole
      "COMMUNITY/2024-25-Q1/spc_contacts.csv": csv(
        "contact_id,person_id,contact_date,service,contact_mode",
        "K1,pk_bbbb0001,2024-04-02,community_cns,telephone",
        "K2,9434765919,2024-04-03,community_cns,telephone",
      ),
      // a header and no rows: loaded, with none
      "COMMUNITY/2024-25-Q2/spc_contacts.csv": csv("contact_id,person_id,contact_date,service"),
    });
    const q1 = reports["HOSPICE2/2024-25-Q1/spc_contacts.csv"]!;
    expect(q1).toMatchObject({ status: "loaded", rowsRead: 4, rowsLoaded: 1, rowsRejected: 3 });
    expect(messagesFor(q1)).toEqual([
      "2:contact_date:dated 2024-07-02, outside the period folder 2024-25-Q1 (2024-04-01 to 2024-06-30)",
      "3:contact_id:the same contact_id is on 2 rows of this file (rows 3, 4): none of them is loaded",
      "4:contact_id:the same contact_id is on 2 rows of this file (rows 3, 4): none of them is loaded",
    ]);
    const q2 = reports["HOSPICE2/2024-25-Q2/spc_contacts.csv"]!;
    expect(q2).toMatchObject({ status: "loaded", rowsRead: 2, rowsLoaded: 1, rowsRejected: 1 });
    expect(messagesFor(q2)).toEqual(["2:contact_date:dated 2024-05-03, outside the period folder 2024-25-Q2 (2024-07-01 to 2024-09-30)"]);
    expect(messagesFor(q2, "warnings")).toEqual(["0:contact_mode:optional column contact_mode is missing: loaded as blank"]);
    const refused = reports["COMMUNITY/2024-25-Q1/spc_contacts.csv"]!;
    expect(refused).toMatchObject({ status: "refused", rowsRead: 2, rowsLoaded: 0, rowsRejected: 2 });
    expect(refused.reason).toMatch(/1 person_id value\(s\) are NHS numbers, not pseudonymised keys \(row 2\)/);
    expect(JSON.stringify(refused)).not.toContain("9434765919");
    expect(reports["COMMUNITY/2024-25-Q2/spc_contacts.csv"]).toMatchObject({ status: "loaded", rowsRead: 0, rowsLoaded: 0, rowsRejected: 0 });
  });
});
