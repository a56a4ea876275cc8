import type { EmailKind } from "@/lib/db/schema/email";

/**
 * Email templates (docs/decisions/0005-email.md): per organization and kind, a subject and a plain-text body with
 * `{{variable}}` placeholders and blank-line paragraphs, rendered into HTML with React Email
 * components and into plain text. Unknown placeholders are refused when the template is saved,
 * never discovered at send time.
 */
export type TemplateKind = Exclude<EmailKind, "test">;

export type TemplateSource = { subject: string; body: string };

/** Values for the placeholders; every value a string, already formatted (times in the lead's zone). */
export type TemplateVariables = Record<string, string>;

export type RenderedEmail = { subject: string; html: string; text: string };

/** A problem with a template, for the editor: where and what. */
export type TemplateProblem = { field: "subject" | "body"; message: string };

// Implemented in src/lib/email/templates/ (render.tsx, defaults.ts, variables.ts):
//   renderEmail(kind: TemplateKind | "test", source: TemplateSource, variables: TemplateVariables,
//               options: { unsubscribeUrl: string | null }): Promise<RenderedEmail>
//   validateTemplate(kind: TemplateKind, source: TemplateSource): TemplateProblem[]
//   DEFAULT_TEMPLATES: Record<TemplateKind, TemplateSource>
//   TEMPLATE_VARIABLES: Record<TemplateKind, readonly string[]>   (which placeholders each kind may use)
//   sampleVariables(kind: TemplateKind): TemplateVariables        (for the live preview and test send)
