import { z } from "zod";

/**
 * C0 control characters other than tab, line feed and carriage return, and DEL. Nobody types them
 * into a search box; a NUL byte in one reached Postgres, which refuses it in text (a 500).
 */
export function isControl(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f;
}

/** Whether text holds a control character no search or filter needs. */
export const hasControl = (text: string) => [...text].some((c) => isControl(c.charCodeAt(0)));

/** A search box's text: trimmed, at most `max` characters, no control characters. */
export const searchTextSchema = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Search at most ${max} characters.`)
    .refine((v) => !hasControl(v), "The search can't contain control characters.");
