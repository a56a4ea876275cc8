import { Badge } from "@/components/ui/badge";
import type { EmailStatus } from "@/lib/db/schema";
import { EMAIL_STATUS_LABELS, EMAIL_STATUS_VARIANT } from "./email-labels";

export function EmailStatusBadge({ status }: { status: EmailStatus }) {
  return (
    <Badge variant={EMAIL_STATUS_VARIANT[status]} data-testid="email-status">
      {EMAIL_STATUS_LABELS[status]}
    </Badge>
  );
}
