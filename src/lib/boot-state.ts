/**
 * Where local mode's start-up is: preparing the embedded database (create, migrate, seed) takes
 * tens of seconds on a first start, and the server answers meanwhile. The proxy reads this to
 * send pages a small "preparing the local database…" page that reloads itself, instead of a
 * request that hangs; /api/health waits for it. Kept on globalThis: the proxy, the routes and
 * instrumentation are separate bundles in one process, and dev reloads must not restart it.
 */

export type BootPhase = "opening" | "migrating" | "seeding" | "ready" | "failed";

export type BootState = {
  phase: BootPhase;
  /** What is being done, for the page and the log ("Applying migrations"). */
  step: string;
  startedAt: number;
  /** Settles when the database is ready (rejects when preparing it failed). */
  done: Promise<void>;
};

const holder = globalThis as { __dialerBoot?: BootState };

/** The start-up's state, or undefined when nothing is being prepared (other modes, tests). */
export function bootState(): BootState | undefined {
  return holder.__dialerBoot;
}

/** Whether requests must wait: local start-up still preparing the database. */
export function isPreparing(): boolean {
  const state = holder.__dialerBoot;
  return state !== undefined && state.phase !== "ready" && state.phase !== "failed";
}

/**
 * Starts `prepare` once per process (a dev reload that runs boot again gets the same one);
 * `prepare` reports its steps through the callback.
 */
export function startBoot(
  prepare: (report: (phase: BootPhase, step: string) => void) => Promise<void>,
  now: () => number = Date.now,
): BootState {
  const existing = holder.__dialerBoot;
  if (existing && existing.phase !== "failed") return existing;
  const state: BootState = {
    phase: "opening",
    step: "Opening the embedded database",
    startedAt: now(),
    done: Promise.resolve(),
  };
  holder.__dialerBoot = state;
  state.done = prepare((phase, step) => {
    state.phase = phase;
    state.step = step;
  }).then(
    () => {
      state.phase = "ready";
      state.step = "Ready";
    },
    (error: unknown) => {
      state.phase = "failed";
      state.step = "Failed";
      throw error;
    },
  );
  // Whoever awaits `done` sees the failure; an unobserved rejection must not crash the process twice.
  state.done.catch(() => {});
  return state;
}

/** Forgets the start-up state (tests). */
export function resetBootState(): void {
  holder.__dialerBoot = undefined;
}

/**
 * The page shown while the database is prepared: plain HTML, no script (it reloads itself with a
 * meta refresh), its one style block allowed by the nonce of its own CSP.
 */
export function preparingPage(state: BootState, nonce: string, now: number = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - state.startedAt) / 1000));
  const escapeHtml = (s: string) =>
    s.replace(
      /[&<>"']/g,
      (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
    );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="2">
<title>Preparing the local database… · Dialer</title>
<link rel="icon" href="/icon.svg" type="image/svg+xml">
<style nonce="${nonce}">
  :root { color-scheme: light dark; font-family: ui-sans-serif, system-ui, sans-serif; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; padding: 1.5rem; box-sizing: border-box; }
  main { max-width: 28rem; }
  h1 { font-size: 1.25rem; margin: 0 0 .5rem; }
  p { margin: .25rem 0; line-height: 1.5; opacity: .8; }
  .step { font-weight: 600; opacity: 1; }
</style>
</head>
<body>
<main>
  <h1>Preparing the local database…</h1>
  <p class="step" data-testid="boot-step">${escapeHtml(state.step)} (${seconds} s)</p>
  <p>The first start creates the embedded database, applies its migrations and seeds the demo; it
  takes about half a minute, later starts a few seconds. This page reloads by itself.</p>
</main>
</body>
</html>`;
}
