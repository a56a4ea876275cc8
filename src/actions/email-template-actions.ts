"use server";

import { revalidatePath } from "next/cache";
import { returnValidationErrors } from "next-safe-action";
import { getOrganization } from "@/lib/db/queries/organizations";
import { placeholdersIn } from "@/lib/email/templates/parse";
import { renderEmail, TemplateRenderError } from "@/lib/email/templates/render";
import { validateTemplate } from "@/lib/email/templates/validate";
import { sampleVariables } from "@/lib/email/templates/variables";
import { isAppError } from "@/lib/errors";
import { memberActionClient, orgActionClient } from "@/lib/next/safe-action";
import {
  previewEmailTemplateSchema,
  resetEmailTemplateSchema,
  saveEmailTemplateSchema,
} from "@/lib/schemas/email-template";
import { resetEmailTemplate } from "@/lib/services/email/reset-email-template";
import { saveEmailTemplate } from "@/lib/services/email/save-email-template";
import { sendTestEmail } from "@/lib/services/email/send-test-email";

/** A template problem is a field error under subject or body, not a failed request. */
function rethrowAsFieldErrors(error: unknown): never {
  const fields = isAppError(error) ? error.details?.fields : undefined;
  if (fields && (fields.subject || fields.body)) {
    returnValidationErrors(saveEmailTemplateSchema, {
      ...(fields.subject ? { subject: { _errors: [fields.subject] } } : {}),
      ...(fields.body ? { body: { _errors: [fields.body] } } : {}),
    });
  }
  throw error;
}

export const saveEmailTemplateAction = orgActionClient
  .inputSchema(saveEmailTemplateSchema)
  .action(async ({ parsedInput, ctx }) => {
    try {
      const row = await saveEmailTemplate({ tx: ctx.tx, actor: ctx.actor, input: parsedInput });
      revalidatePath("/settings");
      return { kind: row.kind, subject: row.subject, body: row.body, enabled: row.enabled };
    } catch (error) {
      rethrowAsFieldErrors(error);
    }
  });

export const resetEmailTemplateAction = orgActionClient
  .inputSchema(resetEmailTemplateSchema)
  .action(async ({ parsedInput, ctx }) => {
    const template = await resetEmailTemplate({ tx: ctx.tx, actor: ctx.actor, kind: parsedInput.kind });
    revalidatePath("/settings");
    return template;
  });

/**
 * The live preview: what is in the editor, rendered with sample data and the organization's
 * name. Never fails on a bad template: placeholders it can't fill stay visible, and the
 * problems come back for the editor.
 */
export const previewEmailTemplateAction = orgActionClient
  .inputSchema(previewEmailTemplateSchema)
  .action(async ({ parsedInput, ctx }) => {
    const { kind, subject, body } = parsedInput;
    const org = await getOrganization(ctx.tx, { orgId: ctx.actor.orgId });
    const variables: Record<string, string> = {
      ...sampleVariables(kind),
      ...(org ? { business_name: org.name, sender_name: org.name } : {}),
    };
    for (const name of [...placeholdersIn(subject), ...placeholdersIn(body)])
      variables[name] ??= `{{${name}}}`;
    const problems = validateTemplate(kind, { subject, body });
    try {
      const email = await renderEmail(kind, { subject, body }, variables, {
        unsubscribeUrl: "https://example.com/unsubscribe/preview",
      });
      return { subject: email.subject, html: email.html, problems };
    } catch (error) {
      if (error instanceof TemplateRenderError) return { subject: null, html: null, problems };
      throw error;
    }
  });

/**
 * Sends what is in the editor, with sample data, to the signed-in person's own address. Not
 * `orgActionClient`: that holds a member transaction open, and this writes the email row as the
 * service role and waits on the mail service (on PGlite's single connection it would deadlock).
 */
export const sendTestEmailAction = memberActionClient
  .inputSchema(previewEmailTemplateSchema)
  .action(async ({ parsedInput, ctx }) => {
    try {
      const sent = await sendTestEmail({ actor: ctx.actor, input: parsedInput });
      revalidatePath("/outbox");
      return sent;
    } catch (error) {
      rethrowAsFieldErrors(error);
    }
  });
