// The delivery log in figures (the outbox, a campaign): the totals over the last 7, 14 or 30 days
// as a row of figures, and a small stacked bar chart of each UTC day's messages by status, drawn
// as SVG. The chart's label sums it up for screen readers, each bar's title gives its day in
// words for a mouse, and the same figures are a table under "Figures per day".
import { useEffect, useRef, useState } from "preact/hooks";
import { deliverySummary } from "../lib/api";
import { messageOf } from "../lib/api-error";
import { type DayFigures, STACKED, channelCounts, dailyFigures, dayInWords, stackBars } from "../lib/delivery-figures";
import { formatCount, formatUtcDay } from "../lib/format";
import type { DeliverySummary, DeliveryTotals } from "../lib/types";
import { SelectField } from "./fields";

export const FIGURE_PERIODS = [7, 14, 30] as const;
const FIGURES: { key: keyof DeliveryTotals; label: string }[] = [
  { key: "messages", label: "Messages" },
  { key: "sent", label: "Sent" },
  { key: "failed", label: "Failed" },
  { key: "blocked", label: "Blocked" },
  { key: "queued", label: "Queued" },
  { key: "opened", label: "Opened" },
  { key: "clicked", label: "Clicked" },
];
const CHART = { width: 560, height: 96, gap: 3 };
const AXIS = 16;

type Props = {
  sandbox: string;
  /** `campaign:<id>`, `journey:<id>`: only what came from there; the whole sandbox otherwise. */
  source?: string;
  /** Changing it reads the figures again (the page's Refresh, a run's progress). */
  refreshKey?: string | number;
  heading?: string;
  /** A line under the heading: what the figures count. */
  about?: string;
  /** Prefixes the ids of its fields, so two could share a page. */
  idPrefix?: string;
};

export function DeliveryFigures({ sandbox, source, refreshKey = 0, heading = "Messages by day", about, idPrefix = "figures" }: Props) {
  const [days, setDays] = useState<number>(14);
  const [summary, setSummary] = useState<DeliverySummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const request = useRef(0);

  useEffect(() => {
    const mine = ++request.current;
    deliverySummary(sandbox, { days, ...(source ? { source } : {}) }).then(
      (s) => {
        if (mine !== request.current) return;
        setSummary(s);
        setError(null);
      },
      (err) => mine === request.current && setError(messageOf(err)),
    );
  }, [sandbox, source, days, refreshKey]);

  const headingId = `${idPrefix}-heading`;
  return (
    <section class="card delivery-figures" aria-labelledby={headingId} data-testid="delivery-figures">
      <div class="figures-head">
        <h2 id={headingId}>{heading}</h2>
        <SelectField
          id={`${idPrefix}-days`}
          label="Period"
          value={String(days)}
          options={FIGURE_PERIODS.map((n) => ({ value: String(n), label: `Last ${n} days` }))}
          onChange={(v) => setDays(Number(v))}
        />
      </div>
      {about && <p class="hint">{about}</p>}
      {error && <p class="field-error">Could not read the figures: {error}</p>}
      {!summary && !error && <p class="muted">Loading figures…</p>}
      {summary && <Figures summary={summary} idPrefix={idPrefix} />}
    </section>
  );
}

const periodOf = (days: readonly DayFigures[]) => `${formatUtcDay(days[0].day)} to ${formatUtcDay(days[days.length - 1].day)} (UTC days)`;

function Figures({ summary, idPrefix }: { summary: DeliverySummary; idPrefix: string }) {
  const { totals } = summary;
  const channels = channelCounts(summary.rows);
  return (
    <>
      <dl class="figures" data-testid="figures-totals">
        {FIGURES.map((f) => (
          <div key={f.key} class={`figure figure-${f.key}`} data-testid={`figure-${f.key}`}>
            <dt>{f.label}</dt>
            <dd>{formatCount(totals[f.key])}</dd>
          </div>
        ))}
      </dl>
      <p class="hint" data-testid="figures-channels">
        {periodOf(dailyFigures(summary))}
        {channels.length > 0 && ` · ${channels.map((c) => `${c.channel} ${formatCount(c.n)}`).join(" · ")}`}
      </p>
      {totals.messages === 0 ? (
        <p class="muted" data-testid="figures-empty">
          No messages in these days.
        </p>
      ) : (
        <Chart summary={summary} idPrefix={idPrefix} />
      )}
    </>
  );
}

function Chart({ summary, idPrefix }: { summary: DeliverySummary; idPrefix: string }) {
  const days = dailyFigures(summary);
  const { max, bars } = stackBars(days, CHART);
  const { totals } = summary;
  const label = `Messages per day, ${periodOf(days)}: ${formatCount(totals.messages)} in all, ${STACKED.map((s) => `${formatCount(totals[s])} ${s}`).join(", ")}; the busiest day had ${formatCount(max)}.`;
  const tick = Math.max(1, Math.ceil(days.length / 6));
  return (
    <>
      <svg class="figures-chart" viewBox={`0 0 ${CHART.width} ${CHART.height + AXIS}`} role="img" aria-labelledby={`${idPrefix}-chart-title`} data-testid="figures-chart">
        <title id={`${idPrefix}-chart-title`}>{label}</title>
        <line class="figures-axis" x1="0" x2={CHART.width} y1={CHART.height + 0.5} y2={CHART.height + 0.5} />
        {bars.map((b, i) => (
          <g key={b.day} data-day={b.day} data-total={b.total}>
            <title>{dayInWords(days[i], formatUtcDay(b.day))}</title>
            {/* The whole column catches the pointer, so a quiet day has a title too. */}
            <rect class="figures-slot" x={b.x} y="0" width={b.width} height={CHART.height} />
            {b.segments.map((s) => (
              <rect key={s.status} class={`figures-${s.status}`} x={b.x} y={s.y} width={b.width} height={s.height} />
            ))}
            {(i % tick === 0 || i === bars.length - 1) && (
              <text class="figures-tick" x={b.x + b.width / 2} y={CHART.height + AXIS - 3} text-anchor="middle">
                {formatUtcDay(b.day)}
              </text>
            )}
          </g>
        ))}
        {max > 0 && (
          <text class="figures-tick" x="2" y="10">
            {formatCount(max)}
          </text>
        )}
      </svg>
      <ul class="figures-legend" aria-label="Legend">
        {STACKED.map((s) => (
          <li key={s}>
            <span class={`figures-swatch figures-swatch-${s}`} aria-hidden="true" /> {s}
          </li>
        ))}
      </ul>
      <details class="figures-table">
        <summary>Figures per day</summary>
        <div class="table-wrap">
          <table data-testid="figures-table">
            <caption class="visually-hidden">Messages per UTC day and status, oldest first</caption>
            <thead>
              <tr>
                <th scope="col">Day (UTC)</th>
                {STACKED.map((s) => (
                  <th key={s} scope="col" class="num">
                    {s}
                  </th>
                ))}
                <th scope="col" class="num">
                  opened
                </th>
                <th scope="col" class="num">
                  clicked
                </th>
              </tr>
            </thead>
            <tbody>
              {days.map((d) => (
                <tr key={d.day}>
                  <th scope="row" class="nowrap">
                    {formatUtcDay(d.day)}
                  </th>
                  {STACKED.map((s) => (
                    <td key={s} class="num">
                      {formatCount(d[s])}
                    </td>
                  ))}
                  <td class="num">{formatCount(d.opened)}</td>
                  <td class="num">{formatCount(d.clicked)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}
