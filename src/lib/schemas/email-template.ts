import { z } from "zod";

/** The kinds an organization can word (the test send uses a kind's wording). */
export const TEMPLATE_KINDS = ["confirmation", "missed_call", "not_interested", "reminder"] as const;
export const templateKindSchema = z.enum(TEMPLATE_KINDS);

/** Length and placeholder rules live in validateTemplate, which names the field for the editor. */
export const emailTemplateSourceSchema = z.object({
  kind: templateKindSchema,
  subject: z.string().max(1_000),
  body: z.string().max(50_000),
});

export const saveEmailTemplateSchema = emailTemplateSourceSchema.extend({ enabled: z.boolean() });
export type SaveEmailTemplateInput = z.infer<typeof saveEmailTemplateSchema>;

export const resetEmailTemplateSchema = z.object({ kind: templateKindSchema });

/** The live preview and the test send render what is in the editor, saved or not. */
export const previewEmailTemplateSchema = emailTemplateSourceSchema;
export type EmailTemplateSourceInput = z.infer<typeof emailTemplateSourceSchema>;
