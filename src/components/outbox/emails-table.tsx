import Link from "next/link";
import { LocalTime } from "@/components/local-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { EmailRow } from "@/lib/services/email/list-emails";
import { EMAIL_KIND_LABELS, EMAIL_TRANSPORT_LABELS, emailReasonText } from "./email-labels";
import { EmailStatusBadge } from "./email-status-badge";

/** The outbox: each row links to its rendered message, its lead and the call that earned it. */
export function EmailsTable({ rows }: { rows: EmailRow[] }) {
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead className="pl-4">To</TableHead>
          <TableHead>Kind</TableHead>
          <TableHead>Subject</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Call</TableHead>
          <TableHead className="pr-4">Created · via</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((e) => {
          const name = [e.firstName, e.lastName].filter(Boolean).join(" ");
          const reason = emailReasonText(e.status, e.reason);
          return (
            <TableRow key={e.id} data-testid="email-row" className="relative">
              <TableCell className="max-w-48 pl-4">
                {e.toAddress ? (
                  <div className="truncate font-medium" title={e.toAddress}>
                    {e.toAddress}
                  </div>
                ) : (
                  <div className="text-muted-foreground">No address</div>
                )}
                {e.leadId ? (
                  <p className="text-muted-foreground truncate text-xs">
                    <Link href={`/leads/${e.leadId}`} className="relative z-10 hover:underline">
                      {name || "Lead"}
                    </Link>
                    {e.company ? ` · ${e.company}` : ""}
                  </p>
                ) : null}
              </TableCell>
              <TableCell className="whitespace-nowrap">{EMAIL_KIND_LABELS[e.kind]}</TableCell>
              <TableCell className="max-w-56">
                {/* The subject's link covers the row: clicking anywhere opens the message. */}
                <Link
                  href={`/outbox/${e.id}`}
                  className="block truncate after:absolute after:inset-0 hover:underline"
                  title={e.subject}
                >
                  {e.subject}
                </Link>
              </TableCell>
              <TableCell className="max-w-64">
                <EmailStatusBadge status={e.status} />
                {reason ? (
                  <div
                    className="text-muted-foreground mt-1 text-xs whitespace-normal"
                    data-testid="email-reason"
                  >
                    {reason}
                  </div>
                ) : null}
              </TableCell>
              <TableCell>
                {e.callId ? (
                  <Link
                    href={`/calls/${e.callId}`}
                    className="text-muted-foreground relative z-10 hover:underline"
                  >
                    View call
                  </Link>
                ) : (
                  <span className="text-muted-foreground">—</span>
                )}
              </TableCell>
              <TableCell className="pr-4 tabular-nums">
                <LocalTime
                  value={e.createdAt}
                  format="day-time"
                  className="text-muted-foreground block whitespace-nowrap"
                />
                <span className="text-muted-foreground/80 text-xs" data-testid="email-transport">
                  {EMAIL_TRANSPORT_LABELS[e.transport]}
                </span>
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
