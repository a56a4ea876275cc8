import { AlertTriangle, ExternalLink, FlaskConical, Info, MicOff } from "lucide-react";
import { LocalTime } from "@/components/local-time";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import type { RecordingState } from "./call-format";

const KEEP_THEM =
  "To keep recordings, copy them into your own storage when the call ends (for example from the call_ended webhook).";

/** A call's recording as a player, with what the page knows about how long its link lives. */
export function CallRecording({ url, state }: { url: string | null; state: RecordingState }) {
  if (state.kind === "simulated") {
    return (
      <Note icon={<FlaskConical />}>
        Simulated calls have no recording: the simulator places no real call. Calls through Retell or Vapi
        show their recording here.
      </Note>
    );
  }
  if (state.kind === "pending" || state.kind === "missing" || !url) {
    return (
      <Note icon={<MicOff />}>
        {state.kind === "pending"
          ? "The provider sends the recording when the call ends."
          : "The provider sent no recording for this call (recording may be turned off for the agent)."}
      </Note>
    );
  }
  return (
    <div className="grid gap-3">
      {/* biome-ignore lint/a11y/useMediaCaption: the call's transcript is on the same page. */}
      <audio controls preload="none" src={url} className="w-full" aria-label="Call recording" />
      {state.kind === "retell-expired" ? (
        <Alert className="border-warning/50 bg-warning/10 [&>svg]:text-warning-foreground dark:[&>svg]:text-warning">
          <AlertTriangle />
          <AlertTitle>This link may have expired</AlertTitle>
          <AlertDescription>
            Retell's signed recording links last 24 hours by default, and this call ended more than a day ago.
            If the player stays silent, find the recording in the Retell dashboard. {KEEP_THEM}
          </AlertDescription>
        </Alert>
      ) : (
        <Note icon={<Info />}>
          {state.kind === "retell-fresh" ? (
            <>
              Retell's signed recording links expire 24 hours after the call by default, so this one may stop
              working <LocalTime value={state.expiresAt} relative="only" />. {KEEP_THEM}
            </>
          ) : (
            <>Vapi's recording links are presigned and expire. {KEEP_THEM}</>
          )}
        </Note>
      )}
      <a
        href={url}
        target="_blank"
        rel="noreferrer"
        className="text-muted-foreground hover:text-foreground inline-flex w-fit items-center gap-1 text-xs"
      >
        <ExternalLink className="size-3.5" aria-hidden="true" /> Open the recording in a new tab
      </a>
    </div>
  );
}

function Note({ icon, children }: { icon: React.ReactNode; children: React.ReactNode }) {
  return (
    <p className="text-muted-foreground flex gap-2 text-sm [&>svg]:mt-0.5 [&>svg]:size-4 [&>svg]:shrink-0">
      {icon}
      <span>{children}</span>
    </p>
  );
}
