import { PhoneOutgoing } from "lucide-react";
import { ModeBadge } from "@/components/app/mode-badge";
import { ThemeToggle } from "@/components/theme-toggle";

export function AuthShell({ children }: { children: React.ReactNode }) {
  return (
    <div className="bg-muted/40 flex min-h-svh flex-col">
      <header className="flex items-center justify-between p-4">
        <div className="flex items-center gap-2 font-semibold">
          <span className="bg-primary text-primary-foreground flex size-7 items-center justify-center rounded-md">
            <PhoneOutgoing className="size-4" />
          </span>
          Dialer
        </div>
        <div className="flex items-center gap-2">
          <ModeBadge />
          <ThemeToggle />
        </div>
      </header>
      <main className="flex flex-1 items-center justify-center p-4 pb-16">{children}</main>
    </div>
  );
}
