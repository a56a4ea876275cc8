import type { LEAD_FIELDS } from "@/lib/schemas/lead-import";

export type LeadField = (typeof LEAD_FIELDS)[number];

export const FIELD_LABELS: Record<LeadField, string> = {
  phone: "Phone",
  firstName: "First name",
  lastName: "Last name",
  fullName: "Full name",
  company: "Company",
  email: "Email",
  timezone: "Time zone",
  consent: "Consent",
  consentSource: "Consent source",
  consentAt: "Consent date",
};
