import { Body, Container, Head, Hr, Html, Link, Preview, Text } from "@react-email/components";
import { render } from "@react-email/render";
import type { ReactNode } from "react";
import type { RenderedEmail, TemplateKind, TemplateSource, TemplateVariables } from "../types";
import { parseTemplate, type TemplatePart } from "./parse";
import { isLinkVariable, LINK_VARIABLES } from "./variables";

/** A placeholder without a value at render time; validation at save time should have prevented it. */
export class TemplateRenderError extends Error {
  override name = "TemplateRenderError";
}

type Options = { unsubscribeUrl: string | null };

export const emailStyles = {
  body: {
    backgroundColor: "#f6f7f9",
    fontFamily: "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif",
  },
  container: {
    backgroundColor: "#ffffff",
    margin: "24px auto",
    padding: "28px 32px",
    maxWidth: "560px",
    borderRadius: "8px",
  },
  text: { fontSize: "15px", lineHeight: "24px", color: "#1f2328", margin: "0 0 16px" },
  link: { color: "#2563eb", textDecoration: "underline" },
  notice: { fontSize: "13px", lineHeight: "20px", color: "#6b7280", margin: "0 0 16px" },
  hr: { borderColor: "#e5e7eb", margin: "24px 0 12px" },
  footer: { fontSize: "12px", lineHeight: "18px", color: "#6b7280", margin: "0" },
} as const;

function valueFor(name: string, variables: TemplateVariables): string {
  const value = variables[name];
  if (value === undefined) {
    throw new TemplateRenderError(`The template uses {{${name}}} but no value was given for it.`);
  }
  return value;
}

function renderParts(source: string, what: "subject" | "body"): TemplatePart[] {
  const { parts, problems } = parseTemplate(source);
  if (problems.length > 0) throw new TemplateRenderError(`The ${what} can't be rendered: ${problems[0]}`);
  return parts;
}

/** One paragraph's content as React nodes: text escaped by React, link placeholders as links. */
function paragraphNodes(parts: TemplatePart[], variables: TemplateVariables): ReactNode[] {
  // Keys only need to be unique within the paragraph; the content never reorders.
  let key = 0;
  const nodes: ReactNode[] = [];
  for (const part of parts) {
    const value = part.type === "text" ? part.value : valueFor(part.name, variables);
    if (part.type === "variable" && isLinkVariable(part.name)) {
      if (value) {
        nodes.push(
          <Link key={`link-${key++}`} href={value} style={emailStyles.link}>
            {LINK_VARIABLES[part.name]}
          </Link>,
        );
      }
      continue;
    }
    // Single line breaks inside a paragraph stay line breaks.
    value.split("\n").forEach((line, j) => {
      if (j > 0) nodes.push(<br key={`br-${key++}`} />);
      nodes.push(line);
    });
  }
  return nodes;
}

/** Splits the body into paragraphs at blank lines, keeping placeholders whole. */
function paragraphs(parts: TemplatePart[]): TemplatePart[][] {
  const result: TemplatePart[][] = [[]];
  for (const part of parts) {
    if (part.type === "variable") {
      result.at(-1)?.push(part);
      continue;
    }
    const pieces = part.value.split(/\n[ \t]*\n\s*/);
    pieces.forEach((piece, i) => {
      if (i > 0) result.push([]);
      if (piece) result.at(-1)?.push({ type: "text", value: piece });
    });
  }
  return result.map((p) => trimParagraph(p)).filter((p) => p.length > 0);
}

function trimParagraph(parts: TemplatePart[]): TemplatePart[] {
  const out = [...parts];
  const first = out[0];
  if (first?.type === "text") out[0] = { type: "text", value: first.value.replace(/^\s+/, "") };
  const last = out.at(-1);
  if (last?.type === "text") out[out.length - 1] = { type: "text", value: last.value.replace(/\s+$/, "") };
  return out.filter((p) => p.type === "variable" || p.value);
}

function plainParagraph(parts: TemplatePart[], variables: TemplateVariables): string {
  return parts
    .map((part) => {
      if (part.type === "text") return part.value;
      const value = valueFor(part.name, variables);
      if (isLinkVariable(part.name) && value) return `${LINK_VARIABLES[part.name]}: ${value}`;
      return value;
    })
    .join("");
}

/**
 * Leaves out each body line with a placeholder whose value is empty: a built-in calendar booking
 * has no reschedule or cancel link, an organization may have no callback number, and "Or cancel:"
 * with nothing after it reads as a mistake. (A placeholder with no value at all still throws.)
 */
export function withoutEmptyLines(body: string, variables: TemplateVariables): string {
  return body
    .split("\n")
    .filter(
      (line) => ![...line.matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].some((m) => variables[m[1]!] === ""),
    )
    .join("\n");
}

const TEST_NOTICE =
  "This is a test send from your email settings. The names, times and links are sample data.";

/**
 * Renders a template for one lead: the subject with its placeholders filled, the body as HTML
 * (React Email components, every value escaped by React, so a lead named `<script>` stays text)
 * and as plain text, with an unsubscribe footer when a link is given. `kind` "test" marks the
 * email as a test send. Throws TemplateRenderError naming a placeholder that has no value.
 */
export async function renderEmail(
  kind: TemplateKind | "test",
  source: TemplateSource,
  variables: TemplateVariables,
  options: Options,
): Promise<RenderedEmail> {
  const subject = renderParts(source.subject, "subject")
    .map((part) => (part.type === "text" ? part.value : valueFor(part.name, variables)))
    .join("")
    .replace(/\s+/g, " ")
    .trim();
  const body = paragraphs(renderParts(withoutEmptyLines(source.body, variables), "body"));
  const isTest = kind === "test";
  const preview = body[0] ? plainParagraph(body[0], variables).slice(0, 140) : subject;

  const element = (
    <Html lang="en">
      <Head>
        <title>{subject}</title>
      </Head>
      <Preview>{preview}</Preview>
      <Body style={emailStyles.body}>
        <Container style={emailStyles.container}>
          {isTest ? <Text style={emailStyles.notice}>{TEST_NOTICE}</Text> : null}
          {body.map((parts, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs have no identity but their order
            <Text key={i} style={emailStyles.text}>
              {paragraphNodes(parts, variables)}
            </Text>
          ))}
          {options.unsubscribeUrl ? (
            <>
              <Hr style={emailStyles.hr} />
              <Text style={emailStyles.footer}>
                Don't want these emails?{" "}
                <Link href={options.unsubscribeUrl} style={emailStyles.link}>
                  Unsubscribe
                </Link>
                .
              </Text>
            </>
          ) : null}
        </Container>
      </Body>
    </Html>
  );

  const html = await render(element);
  const textParts = [
    ...(isTest ? [TEST_NOTICE] : []),
    ...body.map((parts) => plainParagraph(parts, variables)),
    ...(options.unsubscribeUrl
      ? [`---\nDon't want these emails? Unsubscribe: ${options.unsubscribeUrl}`]
      : []),
  ];
  return { subject, html, text: `${textParts.join("\n\n")}\n` };
}
