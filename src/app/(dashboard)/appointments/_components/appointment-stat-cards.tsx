import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { AppointmentStats } from "@/lib/services/appointments/appointment-stats";

function Stat({ label, value, hint }: { label: string; value: string; hint: string }) {
  return (
    <Card className="gap-1 py-4">
      <CardHeader className="px-4">
        <CardDescription>{label}</CardDescription>
        <CardTitle className="text-2xl font-semibold tabular-nums">{value}</CardTitle>
      </CardHeader>
      <CardContent className="text-muted-foreground px-4 text-xs">{hint}</CardContent>
    </Card>
  );
}

/** Today, this week, booked by campaign and the show rate (— until a meeting is marked completed or missed). */
export function AppointmentStatCards({ stats }: { stats: AppointmentStats }) {
  const top = stats.byCampaign;
  return (
    <div className="grid grid-cols-2 gap-3 sm:gap-4 xl:grid-cols-4">
      <Stat label="Today" value={stats.today.toLocaleString()} hint="Meetings starting today, your time" />
      <Stat
        label="This week"
        value={stats.thisWeek.toLocaleString()}
        hint={`Monday to Sunday · ${stats.upcoming.toLocaleString()} still to come`}
      />
      <Card className="gap-1 py-4">
        <CardHeader className="px-4">
          <CardDescription>Booked by campaign</CardDescription>
          <CardTitle className="text-2xl font-semibold tabular-nums">
            {stats.total.toLocaleString()}
          </CardTitle>
        </CardHeader>
        <CardContent className="px-4 text-xs">
          {top.length ? (
            <ul className="grid gap-0.5">
              {top.map((c) => (
                <li key={c.campaignId ?? "none"} className="flex items-center justify-between gap-2">
                  {c.campaignId ? (
                    <Link
                      href={`/appointments?campaign=${c.campaignId}`}
                      className="text-muted-foreground truncate hover:underline"
                    >
                      {c.campaignName}
                    </Link>
                  ) : (
                    <span className="text-muted-foreground truncate">No campaign</span>
                  )}
                  <span className="tabular-nums">{c.count.toLocaleString()}</span>
                </li>
              ))}
            </ul>
          ) : (
            <span className="text-muted-foreground">No bookings yet</span>
          )}
        </CardContent>
      </Card>
      <Stat
        label="Show rate"
        value={stats.showRate === null ? "—" : `${Math.round(stats.showRate * 100)}%`}
        hint={
          stats.showRate === null
            ? "Known once meetings are marked completed or no-show"
            : `Of ${stats.showKnown.toLocaleString()} meeting${stats.showKnown === 1 ? "" : "s"} with a known result`
        }
      />
    </div>
  );
}
