import { MailX } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { Button } from "@/components/ui/button";

export default function EmailNotFound() {
  return (
    <EmptyState
      icon={<MailX />}
      title="This email does not exist"
      description="The link may be wrong, or the email belongs to another organization. Find it again in the outbox."
      action={
        <Button asChild variant="outline">
          <Link href="/outbox">Outbox</Link>
        </Button>
      }
    />
  );
}
