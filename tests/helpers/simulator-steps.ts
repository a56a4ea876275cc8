/**
 * A stand-in for the simulator's timer: steps are collected instead of waiting for their delay,
 * then run in order, each awaited to its end (a step may schedule the next), until none is left.
 */
export function steppedSchedule() {
  const steps: (() => Promise<void>)[] = [];
  return {
    schedule: (fn: () => Promise<void>) => void steps.push(fn),
    /** Runs every step; `until` stops early once it holds (checked after each step). */
    async runAll(until?: () => boolean): Promise<number> {
      let ran = 0;
      for (let step = steps.shift(); step; step = steps.shift()) {
        await step();
        ran += 1;
        if (until?.()) break;
      }
      return ran;
    },
  };
}
