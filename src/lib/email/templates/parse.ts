/** A template string split into literal text and `{{ name }}` placeholders. */
export type TemplatePart = { type: "text"; value: string } | { type: "variable"; name: string };

export type ParseResult = { parts: TemplatePart[]; problems: string[] };

const NAME = /^[a-z_][a-z0-9_]*$/i;

/**
 * Splits `source` at `{{ name }}` placeholders (spaces inside the braces allowed). Braces that
 * don't close, or close without opening, and names that aren't plain words are problems, never
 * silently printed: a lead should not receive "Hi {{first_name".
 */
export function parseTemplate(source: string): ParseResult {
  const parts: TemplatePart[] = [];
  const problems: string[] = [];
  let text = "";
  let i = 0;
  while (i < source.length) {
    const open = source.indexOf("{{", i);
    const strayClose = source.indexOf("}}", i);
    if (strayClose !== -1 && (open === -1 || strayClose < open)) {
      problems.push(
        `"}}" at character ${strayClose + 1} closes nothing: remove it or add the "{{" before it.`,
      );
    }
    if (open === -1) {
      text += source.slice(i);
      break;
    }
    text += source.slice(i, open);
    const close = source.indexOf("}}", open + 2);
    const nextOpen = source.indexOf("{{", open + 2);
    if (close === -1 || (nextOpen !== -1 && nextOpen < close)) {
      const snippet = source.slice(open, open + 20).split("\n")[0];
      problems.push(`"${snippet}" is not closed: write placeholders as {{first_name}}.`);
      text += source.slice(open, nextOpen === -1 ? source.length : nextOpen);
      i = nextOpen === -1 ? source.length : nextOpen;
      continue;
    }
    const name = source.slice(open + 2, close).trim();
    if (!NAME.test(name)) {
      problems.push(
        name
          ? `"{{${name}}}" is not a placeholder name: use letters, digits and _.`
          : `"{{}}" is empty: name a placeholder.`,
      );
    } else {
      if (text) parts.push({ type: "text", value: text });
      text = "";
      parts.push({ type: "variable", name });
    }
    i = close + 2;
  }
  if (text) parts.push({ type: "text", value: text });
  return { parts, problems };
}

/** The placeholder names used in `source`, in order of first use. */
export function placeholdersIn(source: string): string[] {
  const names = parseTemplate(source)
    .parts.filter((p) => p.type === "variable")
    .map((p) => p.name);
  return [...new Set(names)];
}
