import { defineDataset } from "../dataset-spec.ts";

export default defineDataset({
  name: "practice_list",
  kind: "event",
  description: "Registered list size of each member practice at quarter end.",
  uniqueKey: ["practice_code"],
  fields: [
    { name: "practice_code", type: "code", required: true, codesFrom: "practices", notes: "must be a member practice in the alliance config" },
    { name: "list_size", type: "int", required: true, min: 1, notes: "registered patients at quarter end" },
  ],
});
