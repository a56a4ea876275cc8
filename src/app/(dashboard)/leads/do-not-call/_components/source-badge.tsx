import { Code, FileUp, Hand, PhoneOff } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import type { DncSource } from "@/lib/schemas/do-not-call";

const SOURCES: Record<
  DncSource,
  { label: string; icon: React.ReactNode; variant: "secondary" | "outline" | "warning" }
> = {
  manual: { label: "Manual", icon: <Hand />, variant: "secondary" },
  import: { label: "Import", icon: <FileUp />, variant: "outline" },
  call: { label: "Call", icon: <PhoneOff />, variant: "warning" },
  api: { label: "API", icon: <Code />, variant: "outline" },
};

/** Where an entry came from: typed in, a CSV, an opt-out during a call, or the lead API. */
export function SourceBadge({ source }: { source: DncSource }) {
  const s = SOURCES[source];
  return (
    <Badge variant={s.variant} data-testid="dnc-source">
      {s.icon}
      {s.label}
    </Badge>
  );
}
