import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { AgentConfigError } from "./render";

/**
 * Ids of what `vapi:publish` / `retell:publish` created, one JSON file per environment
 * (`vapi/.state/<env>.json`, `retell/.state/<env>.json`). Ids are not secrets and are committed,
 * so every teammate and CI updates the same assistant instead of creating another one.
 */

export function statePath(dir: string, environment: string): string {
  if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(environment)) {
    throw new AgentConfigError(
      `--env must be lower-case letters, digits and dashes (for example production), got "${environment}"`,
    );
  }
  return path.join(dir, `${environment}.json`);
}

export async function readState<T extends Record<string, string>>(file: string): Promise<Partial<T>> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AgentConfigError(`${file} is not valid JSON; fix or delete it`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new AgentConfigError(`${file} must hold a JSON object of ids`);
  }
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value !== "string") throw new AgentConfigError(`${file}: ${key} must be a string id`);
  }
  return parsed as Partial<T>;
}

/** Writes through a temporary file so an interrupted run never leaves half a state file. */
export async function writeState(file: string, state: Record<string, string | undefined>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const clean = Object.fromEntries(
    Object.entries(state)
      .filter(([, v]) => v !== undefined)
      .sort(),
  );
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(clean, null, 2)}\n`);
  await rename(tmp, file);
}
