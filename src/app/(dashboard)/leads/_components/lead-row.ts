import type { LeadStatus } from "@/lib/schemas/lead";

/** One row of the lead table as the client receives it: display-ready, dates as ISO strings. */
export type LeadRow = {
  id: string;
  name: string | null;
  company: string | null;
  email: string | null;
  /** E.164 formatted for reading. */
  phone: string;
  phoneExtension: string | null;
  status: LeadStatus;
  campaignId: string;
  campaignName: string;
  timezone: string;
  timezoneSource: "column" | "inferred" | "default";
  timezoneCandidates: string[] | null;
  consent: boolean | null;
  consentSource: string | null;
  consentAt: string | null;
  attempts: number;
  /** When a lead waiting for a retry or a callback will be called next. */
  nextAttemptAt: string | null;
  lastCalledAt: string | null;
  createdAt: string;
};

export type CampaignOption = { id: string; name: string };
