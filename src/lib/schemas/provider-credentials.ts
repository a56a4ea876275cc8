import { z } from "zod";

export const credentialProviderSchema = z.enum(["retell", "vapi", "calcom"]);

const apiKey = z
  .string("Paste the API key.")
  .trim()
  .min(1, "Paste the API key.")
  .max(500, "That is longer than any provider key: check what was pasted.")
  .refine((v) => !/\s/.test(v), "A key has no spaces or line breaks: check what was pasted.");

// Blank means "keep the secret already stored" when replacing a key (the form never shows it).
const webhookSecret = z
  .string()
  .trim()
  .max(500, "That is longer than any webhook secret: check what was pasted.")
  .optional()
  .transform((v) => v || undefined);

// Forms send "" for an empty number field.
const optionalCount = z.preprocess(
  (v) => (v === "" || v === null ? undefined : v),
  z.coerce
    .number("Enter a whole number.")
    .int("Enter a whole number.")
    .min(1, "At least 1.")
    .max(10_000, "At most 10,000.")
    .optional(),
);

/** Adding or replacing an organization's key for one provider (admins). */
export const saveProviderCredentialsSchema = z.discriminatedUnion("provider", [
  z.object({
    provider: z.literal("retell"),
    apiKey,
    concurrency: optionalCount,
  }),
  z.object({
    provider: z.literal("vapi"),
    apiKey,
    webhookSecret,
    concurrency: optionalCount,
  }),
  z.object({
    provider: z.literal("calcom"),
    apiKey,
    webhookSecret,
    eventTypeId: z.preprocess(
      (v) => (v === "" || v === null ? undefined : v),
      z.coerce
        .number("Enter the event type id (a number, from the event type's URL in Cal.com).")
        .int("The event type id is a whole number.")
        .positive("The event type id is a positive number."),
    ),
  }),
]);
export type SaveProviderCredentialsInput = z.infer<typeof saveProviderCredentialsSchema>;

export const removeProviderCredentialsSchema = z.object({ provider: credentialProviderSchema });
export type RemoveProviderCredentialsInput = z.infer<typeof removeProviderCredentialsSchema>;
