/**
 * With TEST_CLOCK set (an ISO instant), the process's wall clock starts at that instant and runs on
 * from there: `new Date()` and `Date.now()` are shifted, everything else about Date is untouched.
 * CI runs the unit suite this way at awkward instants (a DST night, New Year's Eve in UTC+14,
 * Feb 29; TZ picks the process's zone), so a test or product path that reads the wall clock where
 * it should take an injected `now` fails in CI instead of on some later date. Unset: no effect.
 */
const at = process.env.TEST_CLOCK;
if (at) {
  const target = Date.parse(at);
  if (Number.isNaN(target)) throw new Error(`TEST_CLOCK is not an ISO instant: "${at}"`);
  const RealDate = Date;
  const offset = target - RealDate.now();
  class ShiftedDate extends RealDate {
    constructor(...args: ConstructorParameters<typeof Date> | []) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...(args as ConstructorParameters<typeof Date>));
    }
    static override now(): number {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = ShiftedDate as DateConstructor;
}
