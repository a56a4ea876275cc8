import { PhoneOff } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { Button } from "@/components/ui/button";

export default function CallNotFound() {
  return (
    <EmptyState
      icon={<PhoneOff />}
      title="This call does not exist"
      description="The link may be wrong, or the call belongs to another organization. Find it again in the call list."
      action={
        <Button asChild variant="outline">
          <Link href="/calls">All calls</Link>
        </Button>
      }
    />
  );
}
