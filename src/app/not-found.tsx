import Link from "next/link";
import { Button } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="flex min-h-svh flex-col items-center justify-center gap-3 p-6 text-center">
      <p className="text-muted-foreground font-mono text-sm">404</p>
      <h1 className="text-xl font-semibold">This page does not exist</h1>
      <Button asChild variant="outline" size="sm">
        <Link href="/dashboard">Back to the dashboard</Link>
      </Button>
    </main>
  );
}
