import { Badge } from "@/components/ui/badge";
import type { LeadStatus } from "@/lib/schemas/lead";
import { LEAD_STATUS_LABELS, LEAD_STATUS_VARIANT } from "./lead-labels";

export function LeadStatusBadge({ status }: { status: LeadStatus }) {
  return <Badge variant={LEAD_STATUS_VARIANT[status]}>{LEAD_STATUS_LABELS[status]}</Badge>;
}
