import type { TemplateKind, TemplateVariables } from "../types";

/** Placeholders every template may use. */
const COMMON = ["first_name", "last_name", "company", "sender_name", "business_name"] as const;
/** Placeholders about a booked meeting; times are already formatted in the lead's zone. */
const MEETING = ["meeting_time", "meeting_date", "reschedule_link", "cancel_link"] as const;

/** Which placeholders each kind may use; anything else is refused when the template is saved. */
export const TEMPLATE_VARIABLES: Record<TemplateKind, readonly string[]> = {
  confirmation: [...COMMON, ...MEETING],
  reminder: [...COMMON, ...MEETING],
  missed_call: [...COMMON, "callback_number"],
  not_interested: [...COMMON],
};

/** Placeholders whose values are URLs: rendered as links, and the only way a template links anywhere. */
export const LINK_VARIABLES: Record<string, string> = {
  reschedule_link: "Reschedule",
  cancel_link: "Cancel the meeting",
};

export function isLinkVariable(name: string): boolean {
  return Object.hasOwn(LINK_VARIABLES, name);
}

/** What each placeholder holds, for the editor's list. */
export const VARIABLE_DESCRIPTIONS: Record<string, string> = {
  first_name: "The lead's first name",
  last_name: "The lead's last name",
  company: "The lead's company",
  sender_name: "Who signs the email",
  business_name: "Your organization's name",
  meeting_time: "Day and time in the lead's zone",
  meeting_date: "The date in the lead's zone",
  reschedule_link: "Link to pick another time",
  cancel_link: "Link to cancel",
  callback_number: "The number to call back",
};

/**
 * A meeting's start as the lead reads it, in their zone: meeting_time "Tuesday, December 8 at
 * 10:30 AM (Central Time)" and meeting_date "Tuesday, December 8". Shared by the sender and the
 * sample data so the preview shows what leads get.
 */
export function meetingVariables(
  startsAt: Date,
  timeZone: string,
): { meeting_time: string; meeting_date: string } {
  const meetingDate = new Intl.DateTimeFormat("en-US", {
    weekday: "long",
    month: "long",
    day: "numeric",
    timeZone,
  }).format(startsAt);
  const time = new Intl.DateTimeFormat("en-US", { hour: "numeric", minute: "2-digit", timeZone }).format(
    startsAt,
  );
  const zoneName =
    new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longGeneric" })
      .formatToParts(startsAt)
      .find((p) => p.type === "timeZoneName")?.value ?? timeZone;
  return { meeting_time: `${meetingDate} at ${time} (${zoneName})`, meeting_date: meetingDate };
}

/** Realistic values for the live preview and the test send. */
export function sampleVariables(kind: TemplateKind): TemplateVariables {
  const common = {
    first_name: "Dana",
    last_name: "Whitaker",
    company: "Whitaker Roofing",
    sender_name: "Sam from Acme Solar",
    business_name: "Acme Solar",
  };
  const values: TemplateVariables = {
    ...common,
    // A fixed Tuesday morning in Chicago, so the preview reads the same every time.
    ...meetingVariables(new Date("2026-12-08T16:30:00Z"), "America/Chicago"),
    reschedule_link: "https://cal.com/reschedule/sample-booking",
    cancel_link: "https://cal.com/booking/sample-booking?cancel=true",
    callback_number: "+1 (415) 555-0100",
  };
  return Object.fromEntries(TEMPLATE_VARIABLES[kind].map((name) => [name, values[name] ?? ""]));
}
