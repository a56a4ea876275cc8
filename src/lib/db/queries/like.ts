/** An ILIKE pattern that finds `text` anywhere: `%`, `_` and `\` in a search box mean themselves. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
