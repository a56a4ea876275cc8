import { LinkIcon } from "lucide-react";
import { UnsubscribeShell } from "./unsubscribe-shell";

export default function UnsubscribeNotFound() {
  return (
    <UnsubscribeShell>
      <div className="flex flex-col items-center gap-3 text-center">
        <LinkIcon className="text-muted-foreground size-9" aria-hidden />
        <h1 className="text-lg font-semibold">This link is not valid</h1>
        <p className="text-muted-foreground text-sm text-balance">
          The unsubscribe link may be incomplete. Open it again from the email, or reply to the email and ask
          to be taken off the list.
        </p>
      </div>
    </UnsubscribeShell>
  );
}
