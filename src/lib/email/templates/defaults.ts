import type { TemplateKind, TemplateSource } from "../types";

/**
 * The wording that ships: warm, short, signed by the sender. It speaks for the business and
 * never claims a person made the call.
 */
export const DEFAULT_TEMPLATES: Record<TemplateKind, TemplateSource> = {
  confirmation: {
    subject: "You're booked: {{meeting_time}}",
    body: `Hi {{first_name}},

Thanks for speaking with us today. Your meeting with {{business_name}} is confirmed for {{meeting_time}}.

If that time stops working, you can pick another one here: {{reschedule_link}}
Or cancel: {{cancel_link}}

Talk soon,
{{sender_name}}`,
  },
  reminder: {
    subject: "Reminder: your meeting with {{business_name}} on {{meeting_date}}",
    body: `Hi {{first_name}},

A quick reminder that we're meeting {{meeting_time}}. We're looking forward to it.

Need a different time? {{reschedule_link}}
Can't make it at all? {{cancel_link}}

See you then,
{{sender_name}}`,
  },
  missed_call: {
    subject: "Sorry we missed you, {{first_name}}",
    body: `Hi {{first_name}},

We tried to reach you today from {{business_name}} but couldn't get through.

If now is a better time, you can call us back at {{callback_number}}, or simply reply to this email.

Best,
{{sender_name}}`,
  },
  not_interested: {
    subject: "Thanks for your time, {{first_name}}",
    body: `Hi {{first_name}},

Thanks for letting us know, and for taking a moment to talk with {{business_name}}. We won't take up more of your time.

If anything changes, just reply to this email.

All the best,
{{sender_name}}`,
  },
};
