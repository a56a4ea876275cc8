import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { bookAppointmentArgs } from "@/lib/services/tools/book-appointment";
import { checkAvailabilityArgs } from "@/lib/services/tools/check-availability";
import { markDoNotCallArgs } from "@/lib/services/tools/mark-do-not-call";
import { scheduleCallbackArgs } from "@/lib/services/tools/schedule-callback";
import { TOOL_NAMES } from "@/lib/services/tools/types";
import { AGENT_TOOLS } from "../../../vapi/tools";

/** The argument schemas the tool services parse with: the published definitions must match them. */
const SERVICE_ARGS: Record<(typeof TOOL_NAMES)[number], z.ZodObject> = {
  check_availability: checkAvailabilityArgs,
  book_appointment: bookAppointmentArgs,
  schedule_callback: scheduleCallbackArgs,
  mark_do_not_call: markDoNotCallArgs,
};

describe("published tool definitions", () => {
  it("cover exactly the tools the services answer", () => {
    expect(AGENT_TOOLS.map((t) => t.name).sort()).toEqual([...TOOL_NAMES].sort());
  });

  it.each(AGENT_TOOLS.map((t) => [t.name, t] as const))(
    "%s declares only arguments the service reads, required ones as required",
    (name, tool) => {
      const schema = SERVICE_ARGS[name];
      const serviceKeys = Object.keys(schema.shape);
      for (const key of Object.keys(tool.parameters.properties)) expect(serviceKeys).toContain(key);
      const serviceRequired = serviceKeys.filter(
        (k) => !(schema.shape[k] as z.ZodType).safeParse(undefined).success,
      );
      expect([...(tool.parameters.required ?? [])].sort()).toEqual(serviceRequired.sort());
    },
  );

  it("describe arguments the services accept (examples from the descriptions parse)", () => {
    expect(checkAvailabilityArgs.safeParse({ date: "2026-03-14" }).success).toBe(true);
    expect(bookAppointmentArgs.safeParse({ start: "2026-03-14T15:30", email: "a@example.com" }).success).toBe(
      true,
    );
    expect(scheduleCallbackArgs.safeParse({ at: "2026-03-14T15:30", reason: "busy" }).success).toBe(true);
    expect(markDoNotCallArgs.safeParse({ reason: "stop calling me" }).success).toBe(true);
  });
});
