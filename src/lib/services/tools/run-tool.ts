import type { z } from "zod";
import { CalendarError } from "@/lib/integrations/calendar/types";
import { logger } from "@/lib/logger";
import {
  builtinCalendarFor,
  type CalendarFor,
  calendarFor as defaultCalendarFor,
} from "../calendar/calendar-for";
import { bookAppointment, bookAppointmentArgs } from "./book-appointment";
import { checkAvailability, checkAvailabilityArgs } from "./check-availability";
import { markDoNotCall, markDoNotCallArgs } from "./mark-do-not-call";
import { scheduleCallback, scheduleCallbackArgs } from "./schedule-callback";
import { loadToolCall } from "./tool-context";
import { type RunTool, TOOL_NAMES, type ToolName, type ToolResponse } from "./types";

const isToolName = (name: string): name is ToolName => (TOOL_NAMES as readonly string[]).includes(name);

/** "start: start is required; email: email is not a valid email address" */
function argsProblem(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ")
    .replace(/\s+/g, " ");
}

function parsed<S extends z.ZodType>(schema: S, args: Record<string, unknown>) {
  const r = schema.safeParse(args);
  return r.success
    ? ({ ok: true, data: r.data } as const)
    : ({ ok: false, response: { ok: false, error: `Bad arguments: ${argsProblem(r.error)}` } } as const);
}

/** Runs in-call tools with the given way of finding an organization's calendar (tests pass their own). */
export function createRunTool({ calendarFor: organizationCalendar }: { calendarFor: CalendarFor }): RunTool {
  return async (request): Promise<ToolResponse> => {
    if (!isToolName(request.name))
      return {
        ok: false,
        error: `Unknown tool ${request.name.slice(0, 60)}; tools are ${TOOL_NAMES.join(", ")}`,
      };
    const call = await loadToolCall(request.db, request);
    if (!call) return { ok: false, error: "Unknown call" };
    const { db, now, args } = request;
    // A simulated call is labelled as such everywhere; its bookings must not reach a real Cal.com.
    const calendarFor = request.provider === "simulator" ? builtinCalendarFor : organizationCalendar;
    try {
      switch (request.name) {
        case "check_availability": {
          const p = parsed(checkAvailabilityArgs, args);
          if (!p.ok) return p.response;
          const calendar = await calendarFor(db, call.orgId, now);
          return await checkAvailability({ call, calendar, args: p.data, now });
        }
        case "book_appointment": {
          const p = parsed(bookAppointmentArgs, args);
          if (!p.ok) return p.response;
          return await bookAppointment({ db, call, calendarFor, args: p.data, now });
        }
        case "schedule_callback": {
          const p = parsed(scheduleCallbackArgs, args);
          if (!p.ok) return p.response;
          return await scheduleCallback({ db, call, args: p.data, now });
        }
        case "mark_do_not_call": {
          const p = parsed(markDoNotCallArgs, args);
          if (!p.ok) return p.response;
          return await markDoNotCall({ db, call, args: p.data, now });
        }
      }
    } catch (error) {
      if (error instanceof CalendarError) {
        logger.warn("tools: calendar failed", { tool: request.name, callId: call.callId, kind: error.kind });
        return {
          ok: false,
          error: "The calendar cannot be reached right now; offer to have someone follow up.",
        };
      }
      throw error;
    }
  };
}

/** The in-call tools: check_availability, book_appointment, schedule_callback, mark_do_not_call (decision 0004). */
export const runTool: RunTool = createRunTool({ calendarFor: defaultCalendarFor });
