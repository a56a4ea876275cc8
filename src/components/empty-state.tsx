import type * as React from "react";

import { cn } from "@/lib/utils";

type EmptyStateProps = {
  icon: React.ReactNode;
  title: React.ReactNode;
  description: React.ReactNode;
  action?: React.ReactNode;
  className?: string;
};

function EmptyState({ icon, title, description, action, className }: EmptyStateProps) {
  return (
    <div
      data-slot="empty-state"
      className={cn(
        "flex min-h-64 flex-col items-center justify-center gap-4 rounded-xl border border-dashed p-8 text-center",
        className,
      )}
    >
      <div
        aria-hidden="true"
        className="bg-muted text-muted-foreground flex size-12 items-center justify-center rounded-lg [&_svg]:pointer-events-none [&_svg]:shrink-0 [&_svg:not([class*='size-'])]:size-6"
      >
        {icon}
      </div>
      <div className="flex max-w-md flex-col gap-1.5">
        <h2 className="text-lg font-semibold tracking-tight">{title}</h2>
        <p className="text-muted-foreground text-sm text-balance">{description}</p>
      </div>
      {action ? <div className="mt-2 flex items-center gap-2">{action}</div> : null}
    </div>
  );
}

export type { EmptyStateProps };
export { EmptyState };
