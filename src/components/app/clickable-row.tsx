"use client";

import { useRouter } from "next/navigation";
import type * as React from "react";
import { TableRow } from "@/components/ui/table";
import { cn } from "@/lib/utils";

/**
 * A table row that opens `href` when clicked anywhere but on its own links and buttons. Keyboard
 * users reach the same page through the row's first link, so the row itself is not a tab stop.
 */
export function ClickableRow({
  href,
  className,
  ...props
}: React.ComponentProps<typeof TableRow> & { href: string }) {
  const router = useRouter();
  return (
    <TableRow
      {...props}
      className={cn("cursor-pointer", className)}
      onClick={(event) => {
        if ((event.target as HTMLElement).closest("a, button, input, [role=checkbox]")) return;
        if (window.getSelection()?.toString()) return;
        router.push(href);
      }}
    />
  );
}
