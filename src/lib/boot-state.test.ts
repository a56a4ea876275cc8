import { afterEach, describe, expect, it } from "vitest";
import { bootState, isPreparing, preparingPage, resetBootState, startBoot } from "./boot-state";

afterEach(() => resetBootState());

describe("local start-up state", () => {
  it("reports each step, then ready; a second start gets the same preparation", async () => {
    let finish: () => void = () => {};
    const steps: string[] = [];
    const state = startBoot(
      (report) =>
        new Promise<void>((resolve) => {
          report("migrating", "Applying migrations");
          steps.push(bootState()?.step ?? "");
          finish = resolve;
        }),
      () => 1_000,
    );
    expect(isPreparing()).toBe(true);
    expect(state.phase).toBe("migrating");
    expect(startBoot(async () => {})).toBe(state);
    finish();
    await state.done;
    expect(steps).toEqual(["Applying migrations"]);
    expect(state.phase).toBe("ready");
    expect(isPreparing()).toBe(false);
  });

  it("a failed preparation rejects for whoever waits and stops counting as preparing", async () => {
    const state = startBoot(async () => {
      throw new Error("disk full");
    });
    await expect(state.done).rejects.toThrow("disk full");
    expect(state.phase).toBe("failed");
    expect(isPreparing()).toBe(false);
  });

  it("nothing being prepared (other modes) never holds a request", () => {
    expect(bootState()).toBeUndefined();
    expect(isPreparing()).toBe(false);
  });

  it("the page says what is happening, reloads itself and runs no script", () => {
    const state = startBoot(
      () => new Promise<void>(() => {}),
      () => 10_000,
    );
    state.step = "Seeding <the> demo";
    const html = preparingPage(state, "n0nce", 22_400);
    expect(html).toContain("Preparing the local database…");
    expect(html).toContain("Seeding &lt;the&gt; demo (12 s)");
    expect(html).toContain('<meta http-equiv="refresh" content="2">');
    expect(html).toContain('<style nonce="n0nce">');
    expect(html).not.toContain("<script");
  });
});
