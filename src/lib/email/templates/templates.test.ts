import { describe, expect, it } from "vitest";
import type { TemplateKind } from "../types";
import { DEFAULT_TEMPLATES } from "./defaults";
import { parseTemplate } from "./parse";
import { renderEmail, TemplateRenderError } from "./render";
import { validateTemplate } from "./validate";
import { meetingVariables, sampleVariables, TEMPLATE_VARIABLES } from "./variables";

const KINDS = Object.keys(DEFAULT_TEMPLATES) as TemplateKind[];
const UNSUBSCRIBE = "https://app.example.com/unsubscribe/tok_123";

describe("default templates", () => {
  it.each(KINDS)("%s validates and renders with sample data", async (kind) => {
    expect(validateTemplate(kind, DEFAULT_TEMPLATES[kind])).toEqual([]);
    const email = await renderEmail(kind, DEFAULT_TEMPLATES[kind], sampleVariables(kind), {
      unsubscribeUrl: UNSUBSCRIBE,
    });
    expect(email.subject).not.toContain("{{");
    expect(email.html).not.toContain("{{");
    expect(email.text).not.toContain("{{");
    expect(email.html).toContain("Dana");
    // Every email is signed by the sender.
    expect(email.text.split("\n\n---")[0]?.trimEnd().endsWith("\nSam from Acme Solar")).toBe(true);
    expect(email.html).toContain(`href="${UNSUBSCRIBE}"`);
  });

  it("never claims a human made the call", () => {
    for (const kind of KINDS) {
      const all = `${DEFAULT_TEMPLATES[kind].subject} ${DEFAULT_TEMPLATES[kind].body}`.toLowerCase();
      expect(all).not.toMatch(/\b(ai|robot|human|real person)\b/);
    }
  });
});

describe("validateTemplate", () => {
  it("names an unknown placeholder and lists the allowed ones", () => {
    const problems = validateTemplate("missed_call", { subject: "Hi", body: "Hi {{frist_name}}" });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.field).toBe("body");
    expect(problems[0]?.message).toContain("{{frist_name}}");
    for (const name of TEMPLATE_VARIABLES.missed_call) expect(problems[0]?.message).toContain(`{{${name}}}`);
  });

  it("refuses a meeting placeholder in a kind without a meeting", () => {
    const problems = validateTemplate("not_interested", { subject: "See you {{meeting_time}}", body: "Hi" });
    expect(problems.map((p) => p.field)).toEqual(["subject"]);
    expect(problems[0]?.message).toContain("{{meeting_time}}");
  });

  it("catches unclosed and stray braces", () => {
    expect(validateTemplate("confirmation", { subject: "Hi {{first_name", body: "ok" })[0]?.message).toMatch(
      /not closed/,
    );
    expect(
      validateTemplate("confirmation", { subject: "Hi", body: "first_name}} there" })[0]?.message,
    ).toMatch(/closes nothing/);
    expect(validateTemplate("confirmation", { subject: "Hi {{ }}", body: "ok" })[0]?.message).toMatch(
      /empty/,
    );
  });

  it("requires a subject and a body, and a short one-line subject", () => {
    const empty = validateTemplate("reminder", { subject: "  ", body: "" });
    expect(empty.map((p) => p.field).sort()).toEqual(["body", "subject"]);
    const long = validateTemplate("reminder", { subject: "x".repeat(151), body: "ok" });
    expect(long[0]).toEqual({ field: "subject", message: expect.stringContaining("150") });
    expect(validateTemplate("reminder", { subject: "a\nb", body: "ok" })[0]?.field).toBe("subject");
  });

  it("allows links only through placeholders", () => {
    const typed = validateTemplate("confirmation", { subject: "Hi", body: "Book at https://evil.example" });
    expect(typed[0]?.message).toContain("{{reschedule_link}}");
    const noLinks = validateTemplate("missed_call", { subject: "Hi", body: "see www.example.com" });
    expect(noLinks[0]?.message).toMatch(/has none/);
    expect(validateTemplate("confirmation", { subject: "{{cancel_link}}", body: "ok" })[0]?.message).toMatch(
      /is a link/,
    );
  });

  it("accepts spaces inside the braces", () => {
    expect(
      validateTemplate("missed_call", { subject: "Hi {{ first_name }}", body: "Call {{callback_number}}" }),
    ).toEqual([]);
  });
});

describe("parseTemplate", () => {
  it("splits text and placeholders", () => {
    expect(parseTemplate("Hi {{ first_name }}!").parts).toEqual([
      { type: "text", value: "Hi " },
      { type: "variable", name: "first_name" },
      { type: "text", value: "!" },
    ]);
  });
});

describe("renderEmail", () => {
  const source = { subject: "Hi {{first_name}}", body: "Hello {{first_name}} from {{company}}.\n\nBye" };

  it("escapes values: a <script> name stays text", async () => {
    const variables = {
      ...sampleVariables("missed_call"),
      first_name: `<script>alert("x")</script>`,
      company: "A&B",
    };
    const email = await renderEmail("missed_call", source, variables, { unsubscribeUrl: null });
    expect(email.html).not.toContain("<script>");
    expect(email.html).toContain("&lt;script&gt;");
    expect(email.html).toContain("A&amp;B");
    expect(email.subject).toBe(`Hi <script>alert("x")</script>`);
    expect(email.text).toContain(`Hello <script>alert("x")</script> from A&B.`);
  });

  it("throws a clear error naming a missing variable", async () => {
    const { company: _omit, ...variables } = sampleVariables("missed_call");
    const rendering = renderEmail("missed_call", source, variables, { unsubscribeUrl: null });
    await expect(rendering).rejects.toBeInstanceOf(TemplateRenderError);
    await expect(rendering).rejects.toThrow("{{company}}");
  });

  it("makes paragraphs from blank lines and keeps single line breaks", async () => {
    const email = await renderEmail(
      "missed_call",
      { subject: "s", body: "One\ntwo\n\n\nThree" },
      sampleVariables("missed_call"),
      { unsubscribeUrl: null },
    );
    expect(email.text).toBe("One\ntwo\n\nThree\n");
    expect(email.html.match(/<p /g)).toHaveLength(2);
    expect(email.html).toContain("<br");
  });

  it("renders link placeholders as links, and the plain text carries the addresses", async () => {
    const variables = sampleVariables("confirmation");
    const email = await renderEmail("confirmation", DEFAULT_TEMPLATES.confirmation, variables, {
      unsubscribeUrl: UNSUBSCRIBE,
    });
    expect(email.html).toContain(`href="${variables.reschedule_link}"`);
    expect(email.text).toContain(`Reschedule: ${variables.reschedule_link}`);
    expect(email.text).toContain(`Cancel the meeting: ${variables.cancel_link}`);
    expect(email.text).toContain(`Unsubscribe: ${UNSUBSCRIBE}`);
  });

  it("has no footer without an unsubscribe link, and marks a test send", async () => {
    const email = await renderEmail("test", DEFAULT_TEMPLATES.missed_call, sampleVariables("missed_call"), {
      unsubscribeUrl: null,
    });
    expect(email.text).not.toContain("Unsubscribe");
    expect(email.text).toMatch(/^This is a test send/);
  });
});

describe("meetingVariables", () => {
  it("formats the meeting in the lead's zone", () => {
    expect(meetingVariables(new Date("2026-12-08T16:30:00Z"), "America/Chicago")).toEqual({
      meeting_time: "Tuesday, December 8 at 10:30 AM (Central Time)",
      meeting_date: "Tuesday, December 8",
    });
  });
});

describe("lines whose placeholder is empty", () => {
  it("leaves out the reschedule and cancel lines of a built-in calendar booking, and keeps the rest", async () => {
    const variables: Record<string, string> = {
      ...sampleVariables("confirmation"),
      reschedule_link: "",
      cancel_link: "",
    };
    const email = await renderEmail("confirmation", DEFAULT_TEMPLATES.confirmation, variables, {
      unsubscribeUrl: null,
    });
    expect(email.text).not.toMatch(/Or cancel|pick another one/);
    expect(email.html).not.toMatch(/Or cancel|pick another one/);
    expect(email.text).toContain(variables.meeting_time);
    expect(email.text).toContain(variables.sender_name);
  });

  it("keeps the lines when the links exist", async () => {
    const variables = sampleVariables("confirmation");
    const email = await renderEmail("confirmation", DEFAULT_TEMPLATES.confirmation, variables, {
      unsubscribeUrl: null,
    });
    expect(email.text).toContain("Or cancel");
    expect(email.text).toContain(variables.cancel_link);
  });
});
