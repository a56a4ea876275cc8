import { ArrowDownRight, ArrowUpRight, FlaskConical, Minus } from "lucide-react";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";
import { type Caveats, change, type FigureKey, type Figures } from "@/lib/reports/figures";
import { cn } from "@/lib/utils";
import { formatCents, formatCount, formatPercent, formatSeconds, plural } from "./format";

type FigureDef = {
  key: FigureKey;
  label: string;
  format: (v: number | null) => string;
  /** Whether a rise is good news (spend and bounces are not). */
  upIsGood: boolean;
  /** Which caveats apply: calls in it (simulated), rates over ended calls, spend, emails. */
  kind: "calls" | "rate" | "spend" | "emails";
  hint: string;
};

export const FIGURES: FigureDef[] = [
  {
    key: "placed",
    label: "Calls placed",
    format: formatCount,
    upIsGood: true,
    kind: "calls",
    hint: "dialed in the period",
  },
  {
    key: "connectedRate",
    label: "Connected rate",
    format: formatPercent,
    upIsGood: true,
    kind: "rate",
    hint: "answered / ended calls",
  },
  {
    key: "voicemailRate",
    label: "Voicemail rate",
    format: formatPercent,
    upIsGood: false,
    kind: "rate",
    hint: "voicemail / ended calls",
  },
  {
    key: "avgTalkSeconds",
    label: "Average talk time",
    format: formatSeconds,
    upIsGood: true,
    kind: "rate",
    hint: "per connected call (m:ss)",
  },
  {
    key: "booked",
    label: "Meetings booked",
    format: formatCount,
    upIsGood: true,
    kind: "calls",
    hint: "calls that booked",
  },
  {
    key: "bookingRate",
    label: "Booking rate",
    format: formatPercent,
    upIsGood: true,
    kind: "rate",
    hint: "booked / connected calls",
  },
  {
    key: "spendCents",
    label: "Spend",
    format: formatCents,
    upIsGood: false,
    kind: "spend",
    hint: "provider cost of the calls",
  },
  {
    key: "costPerMeetingCents",
    label: "Cost per meeting",
    format: formatCents,
    upIsGood: false,
    kind: "spend",
    hint: "spend / meetings booked",
  },
  {
    key: "costPerConnectedMinuteCents",
    label: "Cost per connected minute",
    format: formatCents,
    upIsGood: false,
    kind: "spend",
    hint: "spend / talk minutes",
  },
  {
    key: "emailsSent",
    label: "Follow-ups sent",
    format: formatCount,
    upIsGood: true,
    kind: "emails",
    hint: "follow-up emails",
  },
  {
    key: "emailsDelivered",
    label: "Delivered",
    format: formatCount,
    upIsGood: true,
    kind: "emails",
    hint: "follow-ups delivered",
  },
  {
    key: "emailsBounced",
    label: "Bounced",
    format: formatCount,
    upIsGood: false,
    kind: "emails",
    hint: "follow-ups bounced",
  },
];

function notes(kind: FigureDef["kind"], c: Caveats): string[] {
  const out: string[] = [];
  if (kind !== "emails" && c.simulated > 0) out.push(`includes ${plural(c.simulated, "simulated call")}`);
  if (kind === "rate" && c.inFlight > 0)
    out.push(`${plural(c.inFlight, "call")} still in flight not counted`);
  if (kind === "spend" && c.uncosted > 0)
    out.push(`${plural(c.uncosted, "ended call")} with no cost reported`);
  if (kind === "emails" && c.outboxed > 0)
    out.push(`includes ${c.outboxed.toLocaleString("en-US")} in the local outbox, not sent`);
  return out;
}

/** The report's figures, each with its change against the previous period of the same length. */
export function FigureCards({
  figures,
  previous,
  caveats,
}: {
  figures: Figures;
  previous: Figures;
  caveats: Caveats;
}) {
  return (
    <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-4" data-testid="figure-cards">
      {FIGURES.map((f) => {
        const delta = change(figures[f.key], previous[f.key]);
        const good = delta !== null && delta !== 0 && delta > 0 === f.upIsGood;
        const Icon = delta === null || delta === 0 ? Minus : delta > 0 ? ArrowUpRight : ArrowDownRight;
        const caveatList = notes(f.kind, caveats);
        return (
          <Card key={f.key} className="min-w-0 gap-1.5 py-3" data-testid={`figure-${f.key}`}>
            <CardHeader className="px-3">
              <CardDescription className="truncate text-xs sm:text-sm">{f.label}</CardDescription>
            </CardHeader>
            <CardContent className="grid gap-1 px-3">
              <div
                className="truncate text-xl font-semibold tabular-nums sm:text-2xl"
                data-testid="figure-value"
              >
                {f.format(figures[f.key])}
              </div>
              <div
                className={cn(
                  "flex items-center gap-1 text-xs",
                  delta === null || delta === 0
                    ? "text-muted-foreground"
                    : good
                      ? "text-success"
                      : "text-destructive",
                )}
                title={`Previous period: ${f.format(previous[f.key])}`}
              >
                <Icon className="size-3.5 shrink-0" aria-hidden="true" />
                <span className="truncate">
                  {delta === null
                    ? "no previous figure"
                    : `${delta > 0 ? "+" : ""}${(delta * 100).toFixed(0)}% vs previous`}
                </span>
              </div>
              <p className="text-muted-foreground truncate text-xs" title={f.hint}>
                {f.hint}
              </p>
              {caveatList.map((n) => (
                <p
                  key={n}
                  className="text-muted-foreground flex items-start gap-1 text-xs"
                  data-testid="figure-caveat"
                >
                  {n.startsWith("includes") && f.kind !== "emails" ? (
                    <FlaskConical className="mt-px size-3 shrink-0" aria-hidden="true" />
                  ) : null}
                  <span>{n}</span>
                </p>
              ))}
            </CardContent>
          </Card>
        );
      })}
    </div>
  );
}
