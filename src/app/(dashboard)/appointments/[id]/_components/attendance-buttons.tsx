"use client";

import { CalendarX2, CircleCheck, Loader2, Undo2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { toast } from "sonner";
import { markAppointmentAttendanceAction } from "@/actions/appointment-actions";
import { Button } from "@/components/ui/button";
import type { AttendanceStatus } from "@/lib/schemas/appointment";

const DONE: Record<AttendanceStatus, string> = {
  completed: "Marked as completed.",
  no_show: "Marked as a no-show.",
  booked: "Back to booked.",
};

/** Completed / No-show for a meeting that has started; Undo once one is recorded. */
export function AttendanceButtons({
  appointmentId,
  status,
  started,
}: {
  appointmentId: string;
  status: string;
  started: boolean;
}) {
  const router = useRouter();
  const { execute, isPending, input } = useAction(markAppointmentAttendanceAction, {
    onSuccess: ({ data }) => {
      if (data) toast.success(DONE[data.status]);
      router.refresh();
    },
    onError: ({ error }) => toast.error(error.serverError ?? "That didn't work. Try again."),
  });
  const busy = (s: AttendanceStatus) => isPending && input?.status === s;
  const mark = (s: AttendanceStatus) => execute({ appointmentId, status: s });
  if (status === "completed" || status === "no_show") {
    return (
      <Button variant="outline" size="sm" disabled={isPending} onClick={() => mark("booked")}>
        {busy("booked") ? <Loader2 className="animate-spin" /> : <Undo2 />} Undo
      </Button>
    );
  }
  if (status !== "booked") return null;
  if (!started) {
    return (
      <p className="text-muted-foreground text-sm">
        Once the meeting has started, mark whether it took place.
      </p>
    );
  }
  return (
    <div className="flex flex-wrap gap-2">
      <Button size="sm" disabled={isPending} onClick={() => mark("completed")}>
        {busy("completed") ? <Loader2 className="animate-spin" /> : <CircleCheck />} Mark completed
      </Button>
      <Button variant="outline" size="sm" disabled={isPending} onClick={() => mark("no_show")}>
        {busy("no_show") ? <Loader2 className="animate-spin" /> : <CalendarX2 />} Mark no-show
      </Button>
    </div>
  );
}
