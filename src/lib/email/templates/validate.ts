import type { TemplateKind, TemplateProblem, TemplateSource } from "../types";
import { parseTemplate } from "./parse";
import { isLinkVariable, TEMPLATE_VARIABLES } from "./variables";

export const SUBJECT_MAX_LENGTH = 150;
export const BODY_MAX_LENGTH = 10_000;

// A raw address in the body would skip our link handling (and is how phishing copy looks).
const RAW_LINK = /\b(?:https?:\/\/|www\.)\S+/i;

/**
 * Everything wrong with a template, for the editor, at save time: unknown or malformed
 * placeholders, empty or overlong fields, links typed in instead of coming from a variable.
 * An empty list means it will render for every lead that has the kind's variables.
 */
export function validateTemplate(kind: TemplateKind, source: TemplateSource): TemplateProblem[] {
  const allowed = TEMPLATE_VARIABLES[kind];
  const problems: TemplateProblem[] = [];
  const add = (field: TemplateProblem["field"], message: string) => {
    if (!problems.some((p) => p.field === field && p.message === message)) problems.push({ field, message });
  };

  for (const field of ["subject", "body"] as const) {
    const value = source[field];
    if (!value.trim()) {
      add(field, field === "subject" ? "Write a subject." : "Write the message.");
      continue;
    }
    const { parts, problems: syntax } = parseTemplate(value);
    for (const message of syntax) add(field, message);
    for (const part of parts) {
      if (part.type !== "variable") continue;
      if (!allowed.includes(part.name)) {
        add(
          field,
          `Unknown placeholder {{${part.name}}}. This email can use: ${allowed.map((n) => `{{${n}}}`).join(", ")}.`,
        );
      } else if (field === "subject" && isLinkVariable(part.name)) {
        add(field, `{{${part.name}}} is a link: put it in the message, not the subject.`);
      }
    }
    if (RAW_LINK.test(value)) {
      const links = allowed.filter(isLinkVariable);
      add(
        field,
        links.length > 0
          ? `Links come from placeholders only: use ${links.map((n) => `{{${n}}}`).join(" or ")} instead of typing an address.`
          : "Links come from placeholders only, and this email has none: remove the address.",
      );
    }
  }
  if (source.subject.length > SUBJECT_MAX_LENGTH) {
    add(
      "subject",
      `Keep the subject under ${SUBJECT_MAX_LENGTH} characters (it has ${source.subject.length}).`,
    );
  }
  if (/[\r\n]/.test(source.subject)) add("subject", "Keep the subject on one line.");
  if (source.body.length > BODY_MAX_LENGTH) {
    add("body", `Keep the message under ${BODY_MAX_LENGTH.toLocaleString("en-US")} characters.`);
  }
  return problems;
}
