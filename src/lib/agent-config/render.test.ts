import { describe, expect, it } from "vitest";
import { PROMPTS_DIR, vapiAssistant } from "../../../vapi/assistant";
import { loadPrompts } from "./prompts";
import {
  AGENT_VARIABLES,
  AgentConfigError,
  checkTemplates,
  fillTemplate,
  renderContext,
  templateVariables,
} from "./render";

describe("renderContext", () => {
  it("needs APP_URL and keeps only its origin", () => {
    expect(() => renderContext({ environment: "dev", env: { APP_URL: undefined } })).toThrow(
      AgentConfigError,
    );
    expect(renderContext({ environment: "dev", env: { APP_URL: "https://a.example.com/" } }).appUrl).toBe(
      "https://a.example.com",
    );
    expect(() =>
      renderContext({ environment: "dev", env: { APP_URL: "https://a.example.com/app" } }),
    ).toThrow(/without a path/);
  });
});

describe("templates", () => {
  it("lists plain variables and rejects Liquid filters and tags Retell cannot render", () => {
    expect(templateVariables("Hi {{ first_name }} at {{company}}, {{first_name}}")).toEqual([
      "first_name",
      "company",
    ]);
    const { errors, warnings } = checkTemplates({
      "a.md": "{{ first_name | upcase }}",
      "b.md": "{% if company %}x{% endif %}",
      "c.md": "{{plan_tier}}",
      "d.md": "  ",
    });
    expect(errors).toHaveLength(3);
    expect(errors.join("\n")).toMatch(/a\.md.*not a plain variable/);
    expect(errors.join("\n")).toMatch(/b\.md.*Liquid tags/);
    expect(errors.join("\n")).toMatch(/d\.md is empty/);
    expect(warnings).toEqual([expect.stringMatching(/c\.md: \{\{plan_tier\}\}/)]);
  });

  it("fills known variables and leaves unknown ones visible", () => {
    expect(fillTemplate("{{a}} and {{ b }}", { a: "1" })).toBe("1 and {{ b }}");
  });
});

describe("the shipped prompts", () => {
  const prompts = loadPrompts(PROMPTS_DIR);
  const values = Object.fromEntries(AGENT_VARIABLES.map((v) => [v, `<${v}>`]));

  it("use only variables the dialer sends, with no template problems", () => {
    const { errors, warnings } = checkTemplates(prompts);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it("open with the business name, give the callback number, and honour do-not-call", () => {
    const first = fillTemplate(prompts.firstMessage, values);
    expect(first.indexOf("<business_name>")).toBeGreaterThan(-1);
    expect(first.indexOf("<business_name>")).toBeLessThan(80);
    expect(first).toMatch(/automated/);
    for (const text of [prompts.system, prompts.endOfCall, prompts.voicemail]) {
      expect(fillTemplate(text, values)).toContain("<callback_number>");
    }
    expect(prompts.system).toMatch(/mark_do_not_call/);
    expect(prompts.voicemail).toMatch(/\{\{business_name\}\}/);
  });

  it("render into the Vapi assistant for the environment's URL", () => {
    const a = vapiAssistant(
      renderContext({ environment: "dev", env: { APP_URL: "https://x.example.com" } }),
      prompts,
    );
    expect(a.server?.url).toBe("https://x.example.com/api/webhooks/vapi");
    expect(a.server?.credentialId).toBeUndefined();
    expect(a.firstMessage).toBe(prompts.firstMessage);
  });
});
