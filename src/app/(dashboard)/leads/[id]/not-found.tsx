import { UserX } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { Button } from "@/components/ui/button";

export default function LeadNotFound() {
  return (
    <EmptyState
      icon={<UserX />}
      title="This lead does not exist"
      description="It may have been deleted, or it belongs to another organization. Find it again from the lead list."
      action={
        <Button asChild variant="outline">
          <Link href="/leads">All leads</Link>
        </Button>
      }
    />
  );
}
