"use client";

import {
  type CellData,
  type Column,
  columnVisibilityFeature,
  createColumnHelper,
  metaHelper,
  type RowSelectionState,
  rowPaginationFeature,
  rowSelectionFeature,
  rowSortingFeature,
  type SortingState,
  tableFeatures,
  type Updater,
  useTable,
} from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ChevronsUpDown } from "lucide-react";
import Link from "next/link";
import { ConsentLabel } from "@/components/leads/consent-label";
import { LeadStatusBadge } from "@/components/leads/lead-status-badge";
import { TimezoneLabel } from "@/components/leads/timezone-label";
import { LocalTime } from "@/components/local-time";
import { Checkbox } from "@/components/ui/checkbox";
import {
  ariaSort,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { LEAD_PAGE_SIZE, LEAD_SORTS, type LeadSort, type SortDir } from "@/lib/schemas/lead";
import { cn } from "@/lib/utils";
import type { LeadRow } from "./lead-row";
import { LeadsPagination } from "./leads-pagination";

const features = tableFeatures({
  columnVisibilityFeature,
  rowSortingFeature,
  rowSelectionFeature,
  rowPaginationFeature,
  columnMeta: metaHelper<{ className?: string }>(),
});
type Features = typeof features;

const helper = createColumnHelper<Features, LeadRow>();

/** A header that sorts on the server: the click only changes the URL. */
function SortHeader<TValue extends CellData>({
  column,
  label,
  align,
}: {
  column: Column<Features, LeadRow, TValue>;
  label: string;
  align?: "end";
}) {
  const sorted = column.getIsSorted();
  const Icon = sorted === "asc" ? ArrowUp : sorted === "desc" ? ArrowDown : ChevronsUpDown;
  return (
    <button
      type="button"
      onClick={column.getToggleSortingHandler()}
      aria-label={`Sort by ${label}`}
      className={cn(
        "hover:text-foreground focus-visible:ring-ring/50 -mx-1.5 inline-flex items-center gap-1 rounded-md px-1.5 py-1 outline-none focus-visible:ring-[3px]",
        sorted ? "text-foreground" : "text-muted-foreground",
        align === "end" && "flex-row-reverse",
      )}
    >
      {label}
      <Icon className={cn("size-3.5", !sorted && "opacity-50")} aria-hidden="true" />
    </button>
  );
}

const columns = helper.columns([
  helper.display({
    id: "select",
    enableSorting: false,
    meta: { className: "w-10 pl-4" },
    header: ({ table }) => (
      <Checkbox
        aria-label="Select all leads on this page"
        checked={
          table.getIsAllPageRowsSelected()
            ? true
            : table.getIsSomePageRowsSelected()
              ? "indeterminate"
              : false
        }
        onCheckedChange={(checked) => table.toggleAllPageRowsSelected(checked === true)}
      />
    ),
    cell: ({ row }) => (
      <Checkbox
        aria-label={`Select ${row.original.name ?? row.original.phone}`}
        checked={row.getIsSelected()}
        onClick={row.getToggleSelectedHandler()}
      />
    ),
  }),
  helper.accessor("name", {
    id: "name",
    // Name and company share a cell, so the header sorts by either.
    header: ({ column, table }) => {
      const company = table.getColumn("company");
      return (
        <div className="flex items-center gap-1">
          <SortHeader column={column} label="Name" />
          {company ? (
            <>
              <span className="text-muted-foreground/50" aria-hidden="true">
                /
              </span>
              <SortHeader column={company} label="Company" />
            </>
          ) : null}
        </div>
      );
    },
    meta: { className: "min-w-44" },
    cell: ({ row }) => (
      <div className="grid max-w-56 leading-tight">
        <Link
          href={`/leads/${row.original.id}`}
          className="focus-visible:ring-ring/50 truncate rounded-sm font-medium outline-none hover:underline focus-visible:ring-[3px]"
        >
          {row.original.name ?? <span className="text-muted-foreground font-normal italic">No name</span>}
        </Link>
        {row.original.company ? (
          <span className="text-muted-foreground truncate text-xs">{row.original.company}</span>
        ) : null}
      </div>
    ),
  }),
  // Sort key only; shown inside the name cell (hidden through columnVisibility).
  helper.accessor("company", { id: "company", header: "Company" }),
  helper.accessor("phone", {
    id: "phone",
    enableSorting: false,
    header: "Phone",
    cell: ({ row }) => (
      <div className="grid leading-tight">
        <span className="tabular-nums">{row.original.phone}</span>
        {row.original.phoneExtension ? (
          <span className="text-muted-foreground text-xs">ext. {row.original.phoneExtension}</span>
        ) : null}
      </div>
    ),
  }),
  helper.accessor("status", {
    id: "status",
    header: ({ column }) => <SortHeader column={column} label="Status" />,
    cell: ({ row }) => (
      <LeadStatusBadge
        status={row.original.status}
        attempts={row.original.attempts}
        nextAttemptAt={row.original.nextAttemptAt}
        timezone={row.original.timezone}
      />
    ),
  }),
  helper.accessor("campaignName", {
    id: "campaign",
    enableSorting: false,
    header: "Campaign",
    cell: ({ getValue }) => (
      <span className="block max-w-28 truncate" title={getValue()}>
        {getValue()}
      </span>
    ),
  }),
  helper.accessor("timezone", {
    id: "timezone",
    header: ({ column }) => <SortHeader column={column} label="Time zone" />,
    cell: ({ row }) => (
      <TimezoneLabel
        timezone={row.original.timezone}
        source={row.original.timezoneSource}
        candidates={row.original.timezoneCandidates}
      />
    ),
  }),
  helper.accessor("consent", {
    id: "consent",
    enableSorting: false,
    header: "Consent",
    cell: ({ row }) => (
      <ConsentLabel
        consent={row.original.consent}
        source={row.original.consentSource}
        at={row.original.consentAt}
      />
    ),
  }),
  helper.accessor("attempts", {
    id: "attempts",
    sortDescFirst: true,
    header: ({ column }) => <SortHeader column={column} label="Attempts" align="end" />,
    meta: { className: "text-right" },
    cell: ({ getValue }) => <span className="tabular-nums">{getValue()}</span>,
  }),
  helper.accessor("lastCalledAt", {
    id: "lastCalled",
    sortDescFirst: true,
    header: ({ column }) => <SortHeader column={column} label="Last called" />,
    cell: ({ getValue }) => {
      const value = getValue();
      return value ? (
        <LocalTime value={value} format="short" relative="only" />
      ) : (
        <span className="text-muted-foreground">Never</span>
      );
    },
  }),
  helper.accessor("createdAt", {
    id: "created",
    sortDescFirst: true,
    header: ({ column }) => <SortHeader column={column} label="Added" />,
    meta: { className: "pr-4" },
    cell: ({ getValue }) => <LocalTime value={getValue()} format="short" className="text-muted-foreground" />,
  }),
]);

const HIDDEN_COLUMNS = { company: false };

function isSort(id: string): id is LeadSort {
  return (LEAD_SORTS as readonly string[]).includes(id);
}

function resolve<T>(updater: Updater<T>, current: T): T {
  return typeof updater === "function" ? (updater as (old: T) => T)(current) : updater;
}

/**
 * The lead table: TanStack Table with sorting, pagination and selection owned by the server and
 * the URL (`manual*`), so the browser only ever holds one page.
 */
export function LeadsTable({
  rows,
  sort,
  dir,
  page,
  total,
  capped,
  rowSelection,
  onRowSelectionChange,
  onSortChange,
  onPageChange,
  dimmed,
}: {
  rows: LeadRow[];
  sort: LeadSort;
  dir: SortDir;
  page: number;
  total: number;
  capped: boolean;
  rowSelection: RowSelectionState;
  onRowSelectionChange: (next: RowSelectionState) => void;
  onSortChange: (sort: LeadSort, dir: SortDir) => void;
  onPageChange: (page: number) => void;
  dimmed: boolean;
}) {
  const sorting: SortingState = [{ id: sort, desc: dir === "desc" }];
  const pagination = { pageIndex: page - 1, pageSize: LEAD_PAGE_SIZE };
  const table = useTable({
    features,
    columns,
    data: rows,
    getRowId: (row) => row.id,
    manualSorting: true,
    manualPagination: true,
    // The URL owns page and sort; nothing may reset them behind its back when the data changes.
    autoResetAll: false,
    enableSortingRemoval: false,
    enableMultiSort: false,
    // Past the count cap the number of pages is unknown (-1) until a short page shows the end.
    rowCount: capped ? undefined : total,
    pageCount: capped ? (rows.length < LEAD_PAGE_SIZE ? page : -1) : undefined,
    state: { sorting, pagination, rowSelection, columnVisibility: HIDDEN_COLUMNS },
    onSortingChange: (updater) => {
      const [next] = resolve(updater, sorting);
      if (next && isSort(next.id)) onSortChange(next.id, next.desc ? "desc" : "asc");
    },
    onPaginationChange: (updater) => onPageChange(resolve(updater, pagination).pageIndex + 1),
    onRowSelectionChange: (updater) => onRowSelectionChange(resolve(updater, rowSelection)),
  });

  const pageCount = table.getPageCount();
  return (
    <>
      <Table className={cn("transition-opacity", dimmed && "opacity-60")} aria-busy={dimmed}>
        <TableHeader>
          {table.getHeaderGroups().map((group) => (
            <TableRow key={group.id} className="hover:bg-transparent">
              {group.headers.map((header) => (
                <TableHead
                  key={header.id}
                  className={cn(
                    "text-muted-foreground text-xs font-medium",
                    header.column.columnDef.meta?.className,
                  )}
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
            <TableRow
              key={row.id}
              data-state={row.getIsSelected() ? "selected" : undefined}
              data-testid="lead-row"
            >
              {row.getVisibleCells().map((cell) => (
                <TableCell key={cell.id} className={cell.column.columnDef.meta?.className}>
                  <table.FlexRender cell={cell} />
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <LeadsPagination
        page={page}
        pageCount={pageCount > 0 ? pageCount : null}
        firstRow={(page - 1) * LEAD_PAGE_SIZE + 1}
        lastRow={(page - 1) * LEAD_PAGE_SIZE + rows.length}
        total={total}
        capped={capped}
        canPrevious={table.getCanPreviousPage()}
        canNext={table.getCanNextPage()}
        onFirst={() => table.firstPage()}
        onPrevious={() => table.previousPage()}
        onNext={() => table.nextPage()}
        onLast={pageCount > 0 ? () => table.lastPage() : undefined}
        pending={dimmed}
      />
    </>
  );
}
