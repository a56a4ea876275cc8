import { FlaskConical } from "lucide-react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { Report } from "@/lib/services/reports/get-report";
import { cn } from "@/lib/utils";
import { CampaignResultsTable } from "./campaign-results-table";
import { FigureCards } from "./figure-cards";
import { plural } from "./format";
import { LeadHourHeatmap } from "./lead-hour-heatmap";
import { AttemptsChart, CallsPerDayChart, FunnelChart } from "./report-charts";

function SimulatedNote({ n }: { n: number }) {
  if (n <= 0) return null;
  return (
    <span className="inline-flex items-center gap-1" data-testid="simulated-note">
      <FlaskConical className="size-3" aria-hidden="true" />
      Includes {plural(n, "simulated call")}.
    </span>
  );
}

/**
 * The figures and charts of a report (the dashboard, or a campaign's Results tab). Server-rendered
 * from `report`, so a refresh of the page (router.refresh) redraws it with new figures.
 */
export function ReportView({ report }: { report: Report }) {
  const c = report.current;
  const sim = report.caveats.simulated;
  const days = report.days.map((d) => ({
    day: d.day,
    answered: d.counts.answered,
    voicemail: d.counts.voicemail,
    no_answer: d.counts.no_answer,
    busy: d.counts.busy,
    failed: d.counts.failed,
    in_flight: d.counts.in_flight,
  }));
  return (
    <div className="grid min-w-0 gap-4" data-testid="report-view">
      <FigureCards figures={report.figures} previous={report.previous} caveats={report.caveats} />
      <div className="grid min-w-0 gap-4 lg:grid-cols-2">
        <Card className="min-w-0">
          <CardHeader>
            <CardTitle>Calls per day</CardTitle>
            <CardDescription>
              By how each call ended, in your time zone ({report.zone}). <SimulatedNote n={sim} />
            </CardDescription>
          </CardHeader>
          <CardContent className="px-2 sm:px-6">
            <CallsPerDayChart data={days} />
          </CardContent>
        </Card>
        <Card className="min-w-0">
          <CardHeader>
            <CardTitle>Funnel</CardTitle>
            <CardDescription>
              Dialed, connected (answered), a conversation (a verdict other than unknown), booked.{" "}
              <SimulatedNote n={sim} />
            </CardDescription>
          </CardHeader>
          <CardContent className="px-2 sm:px-6">
            <FunnelChart
              steps={[
                { step: "Dialed", value: c.placed },
                { step: "Connected", value: c.answered },
                { step: "Conversation", value: c.conversations },
                { step: "Booked", value: c.booked },
              ]}
            />
          </CardContent>
        </Card>
      </div>
      <div className={cn("grid min-w-0 gap-4", report.attempts && "lg:grid-cols-2")}>
        <Card className="min-w-0">
          <CardHeader>
            <CardTitle>Best time to call</CardTitle>
            <CardDescription>
              Connect rate by weekday and hour in each lead's local time. <SimulatedNote n={sim} />
            </CardDescription>
          </CardHeader>
          <CardContent>
            <LeadHourHeatmap cells={report.heatmap} />
          </CardContent>
        </Card>
        {report.attempts ? (
          <Card className="min-w-0">
            <CardHeader>
              <CardTitle>Connect rate by attempt</CardTitle>
              <CardDescription>
                Answered share of ended calls for each attempt number: does the next attempt still pay?{" "}
                <SimulatedNote n={sim} />
              </CardDescription>
            </CardHeader>
            <CardContent className="px-2 sm:px-6">
              {report.attempts.length ? (
                <AttemptsChart rows={report.attempts} />
              ) : (
                <p className="text-muted-foreground py-8 text-center text-sm">No calls in this period.</p>
              )}
            </CardContent>
          </Card>
        ) : null}
      </div>
      {report.campaigns ? (
        <Card className="min-w-0 gap-0 pb-0">
          <CardHeader className="pb-4">
            <CardTitle>By campaign</CardTitle>
            <CardDescription>The same figures per campaign; click a column to sort.</CardDescription>
          </CardHeader>
          <div className="border-t">
            {report.campaigns.length ? (
              <CampaignResultsTable rows={report.campaigns} />
            ) : (
              <p className="text-muted-foreground p-6 text-center text-sm">
                No campaign placed calls in this period.
              </p>
            )}
          </div>
        </Card>
      ) : null}
    </div>
  );
}
