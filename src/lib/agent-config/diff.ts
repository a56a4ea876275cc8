/**
 * Config drift: what publishing would change on the provider. Only keys the config sets are
 * compared (providers add ids, timestamps and defaults of their own), so deleting a key from the
 * config does not unset it remotely: set it to its default instead (docs/agents.md).
 */

export type Change = {
  /** e.g. `model.messages[0].content` */
  path: string;
  before: unknown;
  after: unknown;
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The changes that would make `remote` match `desired` (a null remote: everything is new). */
export function diffConfig(desired: unknown, remote: unknown, path = ""): Change[] {
  if (desired === undefined) return [];
  // A missing object or array is listed leaf by leaf, so a new assistant reads like an edit.
  if (isObject(desired)) {
    if (remote === undefined) return diffConfig(desired, {}, path);
    if (!isObject(remote)) return [{ path, before: remote, after: desired }];
    return Object.keys(desired)
      .sort()
      .flatMap((key) => diffConfig(desired[key], remote[key], path ? `${path}.${key}` : key));
  }
  if (Array.isArray(desired)) {
    if (remote === undefined && desired.length > 0) {
      return desired.flatMap((item, i) => diffConfig(item, undefined, `${path}[${i}]`));
    }
    if (!Array.isArray(remote) || remote.length !== desired.length)
      return [{ path, before: remote, after: desired }];
    return desired.flatMap((item, i) => diffConfig(item, remote[i], `${path}[${i}]`));
  }
  return Object.is(desired, remote) ? [] : [{ path, before: remote, after: desired }];
}

/** A line diff (longest common subsequence) for multi-line text such as prompts. */
export function lineDiff(before: string, after: string): string[] {
  const a = before.split("\n");
  const b = after.split("\n");
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      const row = lcs[i] as number[];
      row[j] =
        a[i] === b[j] ? (lcs[i + 1]?.[j + 1] ?? 0) + 1 : Math.max(lcs[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (j < b.length && (i >= a.length || (lcs[i]?.[j + 1] ?? 0) >= (lcs[i + 1]?.[j] ?? 0))) {
      out.push(`+ ${b[j]}`);
      j++;
    } else {
      out.push(`- ${a[i]}`);
      i++;
    }
  }
  return out;
}

function show(value: unknown): string {
  return value === undefined ? "(unset)" : JSON.stringify(value);
}

/** Human-readable lines for a list of changes. */
export function formatChanges(changes: Change[]): string[] {
  const lines: string[] = [];
  for (const c of changes) {
    if (c.before === undefined && typeof c.after === "string" && c.after.includes("\n")) {
      lines.push(`  + ${c.path}:`);
      for (const l of c.after.split("\n")) lines.push(`      + ${l}`);
    } else if (
      typeof c.before === "string" &&
      typeof c.after === "string" &&
      (c.before + c.after).includes("\n")
    ) {
      lines.push(`  ~ ${c.path}:`);
      for (const l of lineDiff(c.before, c.after)) lines.push(`      ${l}`);
    } else if (c.before === undefined) {
      lines.push(`  + ${c.path}: ${show(c.after)}`);
    } else {
      lines.push(`  ~ ${c.path}: ${show(c.before)} -> ${show(c.after)}`);
    }
  }
  return lines;
}
