import type { HeatCell } from "@/lib/db/queries/reports";
import { formatPercent } from "./format";

const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/**
 * Connect rate by the lead's local weekday and hour: when people pick up. Only the hours that saw
 * calls are drawn; a cell's strength is its connect rate, and empty cells have no calls.
 */
export function LeadHourHeatmap({ cells }: { cells: HeatCell[] }) {
  if (!cells.length)
    return <p className="text-muted-foreground py-8 text-center text-sm">No calls in this period.</p>;
  const hours = cells.map((c) => c.hour);
  const first = Math.min(...hours);
  const last = Math.max(...hours);
  const cols = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const at = new Map(cells.map((c) => [`${c.dow}:${c.hour}`, c]));
  return (
    <div className="overflow-x-auto" data-testid="chart-heatmap">
      <table className="w-full border-separate border-spacing-0.5 text-xs">
        <thead>
          <tr>
            <th className="w-9" />
            {cols.map((h) => (
              <th
                key={h}
                scope="col"
                className="text-muted-foreground min-w-6 text-center font-normal tabular-nums"
              >
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {DAYS.map((day, i) => (
            <tr key={day}>
              <th scope="row" className="text-muted-foreground pr-1 text-left font-normal">
                {day}
              </th>
              {cols.map((h) => {
                const c = at.get(`${i + 1}:${h}`);
                const rate = c?.ended ? c.answered / c.ended : null;
                const title = c
                  ? `${day} ${h}:00 lead time: ${formatPercent(rate, 0)} connected of ${c.ended} ended (${c.placed} placed)`
                  : `${day} ${h}:00: no calls`;
                return (
                  <td
                    key={h}
                    title={title}
                    aria-label={title}
                    className="h-6 min-w-6 rounded-sm border"
                    style={{
                      background:
                        rate === null
                          ? "var(--muted)"
                          : `color-mix(in oklch, var(--chart-2) ${Math.round(15 + rate * 85)}%, transparent)`,
                    }}
                  />
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="text-muted-foreground mt-2 flex items-center gap-2 text-xs">
        <span>Less</span>
        {[0, 0.25, 0.5, 0.75, 1].map((r) => (
          <span
            key={r}
            className="inline-block size-3 rounded-sm border"
            style={{
              background: `color-mix(in oklch, var(--chart-2) ${Math.round(15 + r * 85)}%, transparent)`,
            }}
          />
        ))}
        <span>more connected · hours in each lead's own time zone</span>
      </p>
    </div>
  );
}
