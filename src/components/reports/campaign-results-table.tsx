"use client";

import {
  type Column,
  columnVisibilityFeature,
  createColumnHelper,
  createSortedRowModel,
  rowSortingFeature,
  type SortingState,
  sortFn_alphanumeric,
  sortFn_basic,
  tableFeatures,
  useTable,
} from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ChevronsUpDown, FlaskConical } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import {
  ariaSort,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import type { FigureKey } from "@/lib/reports/figures";
import type { CampaignRow } from "@/lib/services/reports/get-report";
import { cn } from "@/lib/utils";
import { formatCents, formatCount, formatPercent, formatSeconds } from "./format";

const features = tableFeatures({
  columnVisibilityFeature,
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, basic: sortFn_basic },
});
type Features = typeof features;
const helper = createColumnHelper<Features, CampaignRow>();

function SortHeader({ column, label }: { column: Column<Features, CampaignRow, unknown>; label: string }) {
  const sorted = column.getIsSorted();
  const Icon = sorted === "asc" ? ArrowUp : sorted === "desc" ? ArrowDown : ChevronsUpDown;
  return (
    <button
      type="button"
      onClick={column.getToggleSortingHandler()}
      aria-label={`Sort by ${label}`}
      className={cn(
        "hover:text-foreground focus-visible:ring-ring/50 -mx-1.5 inline-flex items-center gap-1 rounded-md px-1.5 py-1 whitespace-nowrap outline-none focus-visible:ring-[3px]",
        sorted ? "text-foreground" : "text-muted-foreground",
      )}
    >
      {label}
      <Icon className={cn("size-3.5", !sorted && "opacity-50")} aria-hidden="true" />
    </button>
  );
}

const NUMBER_COLUMNS: { key: FigureKey; label: string; format: (v: number | null) => string }[] = [
  { key: "placed", label: "Calls", format: formatCount },
  { key: "connectedRate", label: "Connected", format: formatPercent },
  { key: "voicemailRate", label: "Voicemail", format: formatPercent },
  { key: "avgTalkSeconds", label: "Avg talk", format: formatSeconds },
  { key: "booked", label: "Meetings", format: formatCount },
  { key: "bookingRate", label: "Booking rate", format: formatPercent },
  { key: "spendCents", label: "Spend", format: formatCents },
  { key: "costPerMeetingCents", label: "Per meeting", format: formatCents },
  { key: "costPerConnectedMinuteCents", label: "Per conn. min", format: formatCents },
  { key: "emailsSent", label: "Emails sent", format: formatCount },
  { key: "emailsDelivered", label: "Delivered", format: formatCount },
  { key: "emailsBounced", label: "Bounced", format: formatCount },
];

const columns = helper.columns([
  helper.accessor("name", {
    sortFn: "alphanumeric",
    header: ({ column }) => (
      <SortHeader column={column as Column<Features, CampaignRow, unknown>} label="Campaign" />
    ),
    cell: ({ row }) => (
      <Link href={`/campaigns/${row.original.campaignId}/results`} className="font-medium hover:underline">
        {row.original.name}
        {row.original.caveats.simulated > 0 ? (
          <span
            className="text-muted-foreground ml-1.5 inline-flex items-center gap-0.5 text-xs font-normal"
            title={`Includes ${row.original.caveats.simulated} simulated calls`}
          >
            <FlaskConical className="size-3" aria-hidden="true" />
            {row.original.caveats.simulated} simulated
          </span>
        ) : null}
      </Link>
    ),
  }),
  ...NUMBER_COLUMNS.map((c) =>
    helper.accessor((row) => row.figures[c.key] ?? -1, {
      id: c.key,
      sortFn: "basic",
      sortDescFirst: true,
      header: ({ column }) => (
        <SortHeader column={column as Column<Features, CampaignRow, unknown>} label={c.label} />
      ),
      cell: ({ row }) => <span className="tabular-nums">{c.format(row.original.figures[c.key])}</span>,
    }),
  ),
]);

/** The period's figures per campaign, sorted in the browser (at most one row per campaign). */
export function CampaignResultsTable({ rows }: { rows: CampaignRow[] }) {
  const [sorting, setSorting] = useState<SortingState>([{ id: "placed", desc: true }]);
  const table = useTable({
    features,
    columns,
    data: rows,
    getRowId: (row) => row.campaignId,
    enableSortingRemoval: false,
    state: { sorting },
    onSortingChange: (updater) => setSorting((s) => (typeof updater === "function" ? updater(s) : updater)),
  });
  return (
    <Table data-testid="campaign-results-table">
      <TableHeader>
        {table.getHeaderGroups().map((group) => (
          <TableRow key={group.id} className="hover:bg-transparent">
            {group.headers.map((header) => (
              <TableHead
                key={header.id}
                className={cn("text-xs font-medium", header.column.id !== "name" && "text-right")}
                aria-sort={ariaSort(header.column.getIsSorted())}
              >
                {header.isPlaceholder ? null : <table.FlexRender header={header} />}
              </TableHead>
            ))}
          </TableRow>
        ))}
      </TableHeader>
      <TableBody>
        {table.getRowModel().rows.map((row) => (
          <TableRow key={row.id} data-testid="campaign-results-row">
            {row.getVisibleCells().map((cell) => (
              <TableCell key={cell.id} className={cn(cell.column.id !== "name" && "text-right")}>
                <table.FlexRender cell={cell} />
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
