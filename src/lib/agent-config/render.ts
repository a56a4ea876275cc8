import type { ServerEnv } from "@/env";

/**
 * Rendering the agent configuration (vapi/, retell/) for one environment. The config files are
 * functions of a RenderContext; this module builds the context and checks the prompt templates.
 */

/** A problem with the configuration or the command line, shown to the person as is. */
export class AgentConfigError extends Error {
  override name = "AgentConfigError";
}

/**
 * Variables the dialer sends with every call (Retell `retell_llm_dynamic_variables`, Vapi
 * `assistantOverrides.variableValues`). Lead custom fields come on top, under their own keys.
 */
export const AGENT_VARIABLES = [
  "business_name",
  "callback_number",
  "today",
  "weekday",
  "local_time",
  "timezone",
  "first_name",
  "last_name",
  "company",
  "email",
  "phone",
] as const;

export type RenderContext = {
  /** The environment name (`--env`), also the state file's name. */
  environment: string;
  /** Public origin of the app without a trailing slash: webhook and tool URLs hang off it. */
  appUrl: string;
  /** Vapi custom credential (HMAC or bearer) its server requests are authenticated with. */
  vapiCredentialId?: string;
};

export function renderContext(opts: {
  environment: string;
  env: Pick<ServerEnv, "APP_URL">;
  vapiCredentialId?: string;
}): RenderContext {
  if (!opts.env.APP_URL) {
    throw new AgentConfigError(
      "APP_URL is not set. The agent's webhook and tool URLs are built from it: set APP_URL to the " +
        "public https origin of this deployment (for example https://dialer.example.com) and run again.",
    );
  }
  const url = new URL(opts.env.APP_URL);
  if (url.pathname !== "/" || url.search || url.hash) {
    throw new AgentConfigError(`APP_URL must be an origin without a path, got ${opts.env.APP_URL}`);
  }
  return {
    environment: opts.environment,
    appUrl: url.origin,
    ...(opts.vapiCredentialId ? { vapiCredentialId: opts.vapiCredentialId } : {}),
  };
}

const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;

/** The `{{name}}` placeholders a template uses, in order of first use. */
export function templateVariables(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(PLACEHOLDER)) names.add((m[1] ?? "").trim());
  return [...names];
}

/**
 * Checks prompt templates. Both providers must render them: Vapi runs LiquidJS, Retell only
 * substitutes plain `{{name}}`, so filters and tags (which Retell would read aloud) are errors.
 * Names outside AGENT_VARIABLES are warnings: they may be lead custom fields.
 */
export function checkTemplates(templates: Record<string, string>): { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  const known = new Set<string>(AGENT_VARIABLES);
  for (const [name, text] of Object.entries(templates)) {
    if (text.trim() === "") errors.push(`${name} is empty`);
    if (/\{%/.test(text))
      errors.push(`${name}: Liquid tags ({% ... %}) do not work on Retell; use plain {{variable}}`);
    for (const variable of templateVariables(text)) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) {
        errors.push(`${name}: {{${variable}}} is not a plain variable (no filters or expressions)`);
      } else if (!known.has(variable)) {
        warnings.push(
          `${name}: {{${variable}}} is not sent by the dialer unless a lead has that custom field`,
        );
      }
    }
  }
  return { errors, warnings };
}

/** Fills `{{name}}` placeholders (previews and tests; the providers render at call time). */
export function fillTemplate(text: string, values: Record<string, string>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => values[name.trim()] ?? whole);
}
