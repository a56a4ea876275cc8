/** A plain centred card: the person here is a lead, not a user of the app, so no app chrome. */
export function UnsubscribeShell({ children }: { children: React.ReactNode }) {
  return (
    <main className="bg-muted/40 flex min-h-svh items-start justify-center px-4 py-12 sm:items-center sm:py-16">
      <div className="bg-card text-card-foreground w-full max-w-md rounded-xl border p-6 shadow-sm sm:p-8">
        {children}
      </div>
    </main>
  );
}
