"use client";

// No animation: the page redraws these from fresh server data on every refresh (live while open),
// and a bar growing from zero each time would misstate the figure until it settles.

import { Bar, BarChart, CartesianGrid, LabelList, XAxis, YAxis } from "recharts";
import {
  type ChartConfig,
  ChartContainer,
  ChartLegend,
  ChartLegendContent,
  ChartTooltip,
  ChartTooltipContent,
} from "@/components/ui/chart";
import { formatPercent } from "./format";

export type DayDatum = {
  day: string;
  answered: number;
  voicemail: number;
  no_answer: number;
  busy: number;
  failed: number;
  in_flight: number;
};

const RESULT_CONFIG = {
  answered: { label: "Answered", color: "var(--chart-2)" },
  voicemail: { label: "Voicemail", color: "var(--chart-4)" },
  no_answer: { label: "No answer", color: "var(--chart-3)" },
  busy: { label: "Busy", color: "var(--chart-5)" },
  failed: { label: "Failed", color: "var(--chart-1)" },
  in_flight: { label: "In flight", color: "var(--muted-foreground)" },
} satisfies ChartConfig;

const shortDay = (day: string) =>
  new Date(`${day}T12:00:00Z`).toLocaleDateString("en-US", {
    month: "short",
    day: "numeric",
    timeZone: "UTC",
  });

/** Calls per day (the viewer's days), stacked by how they ended. */
export function CallsPerDayChart({ data }: { data: DayDatum[] }) {
  const keys = (Object.keys(RESULT_CONFIG) as (keyof typeof RESULT_CONFIG)[]).filter((k) =>
    data.some((d) => d[k] > 0),
  );
  return (
    <ChartContainer
      config={RESULT_CONFIG}
      className="aspect-auto h-64 w-full"
      data-testid="chart-calls-per-day"
    >
      <BarChart data={data} margin={{ left: -16, right: 4, top: 4 }}>
        <CartesianGrid vertical={false} />
        <XAxis
          dataKey="day"
          tickLine={false}
          axisLine={false}
          tickMargin={8}
          minTickGap={16}
          tickFormatter={shortDay}
        />
        <YAxis tickLine={false} axisLine={false} allowDecimals={false} width={48} />
        <ChartTooltip content={<ChartTooltipContent labelFormatter={(l) => shortDay(String(l))} />} />
        <ChartLegend content={<ChartLegendContent />} />
        {keys.map((k, i) => (
          <Bar
            key={k}
            dataKey={k}
            stackId="calls"
            fill={`var(--color-${k})`}
            isAnimationActive={false}
            radius={i === keys.length - 1 ? [4, 4, 0, 0] : 0}
          />
        ))}
      </BarChart>
    </ChartContainer>
  );
}

const FUNNEL_CONFIG = { value: { label: "Calls", color: "var(--chart-1)" } } satisfies ChartConfig;

/** Dialed → connected → conversation → booked, each with its share of the dialed calls. */
export function FunnelChart({ steps }: { steps: { step: string; value: number }[] }) {
  const base = steps[0]?.value ?? 0;
  const data = steps.map((s) => ({
    ...s,
    label: `${s.value.toLocaleString("en-US")} · ${formatPercent(base ? s.value / base : null, 0)}`,
  }));
  return (
    <ChartContainer config={FUNNEL_CONFIG} className="aspect-auto h-56 w-full" data-testid="chart-funnel">
      <BarChart data={data} layout="vertical" margin={{ left: 0, right: 96 }}>
        <XAxis type="number" hide />
        <YAxis dataKey="step" type="category" tickLine={false} axisLine={false} width={96} />
        <ChartTooltip cursor={false} content={<ChartTooltipContent hideLabel={false} />} />
        <Bar dataKey="value" fill="var(--color-value)" radius={4} isAnimationActive={false}>
          <LabelList dataKey="label" position="right" className="fill-foreground" fontSize={12} />
        </Bar>
      </BarChart>
    </ChartContainer>
  );
}

const ATTEMPT_CONFIG = { rate: { label: "Connect rate", color: "var(--chart-2)" } } satisfies ChartConfig;

/** Connect rate by attempt number: does the third attempt still pay? */
export function AttemptsChart({
  rows,
}: {
  rows: { attemptNo: number; placed: number; ended: number; answered: number; booked: number }[];
}) {
  const data = rows.map((r) => ({
    attempt: `#${r.attemptNo}`,
    rate: r.ended ? Math.round((r.answered / r.ended) * 1000) / 10 : 0,
    label: `${r.ended ? formatPercent(r.answered / r.ended, 0) : "—"} of ${r.ended.toLocaleString("en-US")}`,
  }));
  return (
    <ChartContainer config={ATTEMPT_CONFIG} className="aspect-auto h-56 w-full" data-testid="chart-attempts">
      <BarChart data={data} margin={{ left: 0, right: 4, top: 20 }}>
        <CartesianGrid vertical={false} />
        <XAxis dataKey="attempt" tickLine={false} axisLine={false} tickMargin={8} />
        <YAxis tickLine={false} axisLine={false} unit="%" width={44} domain={[0, 100]} />
        <ChartTooltip content={<ChartTooltipContent />} />
        <Bar dataKey="rate" fill="var(--color-rate)" radius={[4, 4, 0, 0]} isAnimationActive={false}>
          <LabelList dataKey="label" position="top" className="fill-muted-foreground" fontSize={11} />
        </Bar>
      </BarChart>
    </ChartContainer>
  );
}
