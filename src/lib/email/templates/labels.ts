import type { TemplateKind } from "../types";

/** How the app names each follow-up, and when it goes out (settings and campaign pages). */
export const TEMPLATE_LABELS: Record<TemplateKind, { title: string; when: string }> = {
  confirmation: { title: "Confirmation", when: "Sent when a call books a meeting." },
  reminder: { title: "Reminder", when: "Sent before a booked meeting." },
  missed_call: { title: "Missed call", when: "Sent when nobody answered or we reached voicemail." },
  not_interested: { title: "Not interested", when: "Sent when the lead said no, as a short goodbye." },
};
