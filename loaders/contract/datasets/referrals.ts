import { defineDataset } from "../dataset-spec.ts";

export default defineDataset({
  name: "referrals",
  kind: "event",
  description: "Referrals received by the single point of contact in the quarter.",
  uniqueKey: ["referral_id"],
  eventDate: "received_at",
  fields: [
    { name: "referral_id", type: "text", required: true },
    { name: "person_id", type: "id", required: true },
    { name: "received_at", type: "datetime", required: true },
    { name: "source", type: "code", required: true, codes: ["gp", "hospital", "community", "care_home", "ambulance", "self_family", "other"] },
    { name: "urgency", type: "code", required: true, codes: ["urgent", "routine"] },
    { name: "first_contact_at", type: "datetime", notBefore: "received_at", notes: "blank if not yet contacted" },
    { name: "outcome", type: "code", codes: ["accepted", "signposted", "declined", "died_before_contact"] },
  ],
});
