// The events timeline: newest first, one group per day, each event's payload folded under its
// line. Payloads come from visitors, so they are only ever rendered as text.
import type { Signal } from "@preact/signals";
import { SelectField } from "../../components/fields";
import { formatTime } from "../../lib/format";
import { formatValue, hasContent, type ProfileEvent } from "./normalize";
import { groupByDay, typeCounts } from "./timeline";

type Props = { events: ProfileEvent[]; total: number | null; filter: Signal<string> };

export function Timeline({ events, total, filter }: Props) {
  const types = typeCounts(events);
  // A filter left over from another profile may match nothing here: show everything then.
  const type = types.some((t) => t.type === filter.value) ? filter.value : "";
  const shown = type ? events.filter((e) => e.type === type) : events;
  const groups = groupByDay(shown);
  const more = total !== null && total > events.length;

  return (
    <section aria-labelledby="events-heading">
      <div class="section-head timeline-head">
        <h3 id="events-heading">Events</h3>
        {types.length > 1 && (
          <SelectField
            id="profile-event-type"
            label="Event type"
            value={type}
            options={[{ value: "", label: `All types (${events.length})` }, ...types.map((t) => ({ value: t.type, label: `${t.type} (${t.n})` }))]}
            onChange={(v) => (filter.value = v)}
          />
        )}
      </div>
      {events.length === 0 ? (
        <p class="muted" data-testid="profile-events-empty">
          No events yet.
        </p>
      ) : (
        <>
          <p class="hint">
            {more ? `The ${events.length} most recent of ${total} events` : `All ${events.length} ${events.length === 1 ? "event" : "events"}`}, newest first, in your time zone. Open an event to see its data.
          </p>
          <div class="timeline" data-testid="profile-events">
            {groups.map((g) => (
              <section key={g.key} class="day" aria-label={g.label}>
                <h4>{g.label}</h4>
                <ol>
                  {g.events.map((e) => (
                    <li key={e.id} data-testid="profile-event" data-type={e.type}>
                      <EventLine event={e} />
                    </li>
                  ))}
                </ol>
              </section>
            ))}
          </div>
        </>
      )}
    </section>
  );
}

function EventLine({ event }: { event: ProfileEvent }) {
  const line = (
    <>
      <time class="event-time" dateTime={event.at === null ? undefined : new Date(event.at).toISOString()}>
        {event.at === null ? "—" : formatTime(event.at)}
      </time>
      <code class="event-type">{event.type}</code>
      {hasContent(event.data) && <span class="event-data">{formatValue(event.data)}</span>}
    </>
  );
  if (!hasContent(event.data)) return <div class="event-line">{line}</div>;
  return (
    <details class="event">
      <summary class="event-line">{line}</summary>
      <pre>
        <code>{JSON.stringify(event.data, null, 2)}</code>
      </pre>
    </details>
  );
}
