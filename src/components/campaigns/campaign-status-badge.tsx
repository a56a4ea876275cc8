import { Badge } from "@/components/ui/badge";

type CampaignStatus = "draft" | "active" | "paused" | "completed" | "archived";

const VARIANT = {
  draft: "secondary",
  active: "success",
  paused: "warning",
  completed: "outline",
  archived: "outline",
} as const;

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  return (
    <Badge variant={VARIANT[status]} className="capitalize">
      {status === "active" ? <span className="bg-success size-1.5 animate-pulse rounded-full" /> : null}
      {status}
    </Badge>
  );
}
