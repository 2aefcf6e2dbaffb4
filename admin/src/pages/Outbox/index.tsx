// Outbox page (/admin/outbox): the delivery log, newest first. Messages to channels with no
// provider stay here, so this is where the demo's emails, SMS and pushes can be read. Filters live
// in the query string; `?open=<id>` opens one message (a test send and a profile's messages link
// there); one that no row shown holds is fetched on its own and shown above the table.
import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { useSignalEffect } from "@preact/signals";
import { DeliverySource, DeliveryStatusBadge } from "../../components/DeliveryCells";
import { DeliveryFigures } from "../../components/DeliveryFigures";
import { MessageParts } from "../../components/MessageParts";
import { Notice } from "../../components/Notice";
import { SelectField, TextField } from "../../components/fields";
import { getDelivery, listDeliveries } from "../../lib/api";
import { ApiError, messageOf } from "../../lib/api-error";
import { formatDateTime, formatTime } from "../../lib/format";
import { paths } from "../../lib/paths";
import { session } from "../../lib/session";
import { DELIVERY_STATUSES, type Delivery } from "../../lib/types";
import { OUTBOX_CHANNELS, type OutboxFilters, apiQuery, displayParts, filtersFromQuery, filtersToQuery, mergeNewest, nextBefore, outboxHref, summaryOf } from "./model";

const REFRESH_MS = 5000;

export default function Outbox() {
  const { query, route } = useLocation();
  const filters = filtersFromQuery(query);
  const open = query.open ?? null;
  const [sandbox, setSandbox] = useState(session.sandbox.peek());
  const [items, setItems] = useState<Delivery[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [more, setMore] = useState<number | null>(null);
  const [refreshedAt, setRefreshedAt] = useState<number | null>(null);
  const [profileText, setProfileText] = useState(filters.profileId);
  /** The open message when no row shown holds it (older, or filtered out): fetched on its own. */
  const [linked, setLinked] = useState<Delivery | "missing" | null>(null);
  /** Counts the presses of Refresh: the figures are read again then, not every 5 seconds. */
  const [refreshes, setRefreshes] = useState(0);
  const request = useRef(0);
  const key = `${sandbox}|${filtersToQuery(filters)}`;

  useSignalEffect(() => setSandbox(session.sandbox.value));

  /** The newest page; `replace` starts over (new filters), otherwise it merges into what is shown. */
  async function refresh(replace: boolean) {
    const mine = ++request.current;
    if (replace) setLoading(true);
    try {
      const fresh = await listDeliveries(sandbox, apiQuery(filters));
      if (mine !== request.current) return;
      setItems((shown) => (replace ? fresh : mergeNewest(shown, fresh)));
      if (replace) setMore(nextBefore(fresh));
      setError(null);
      setRefreshedAt(Date.now());
    } catch (err) {
      if (mine === request.current) setError(messageOf(err));
    } finally {
      if (mine === request.current) setLoading(false);
    }
  }

  async function loadOlder() {
    if (more === null) return;
    const mine = ++request.current;
    try {
      const older = await listDeliveries(sandbox, apiQuery(filters, more));
      if (mine !== request.current) return;
      setItems((shown) => [...shown, ...older.filter((d) => !shown.some((s) => s.id === d.id))]);
      setMore(nextBefore(older));
    } catch (err) {
      if (mine === request.current) setError(messageOf(err));
    }
  }

  useEffect(() => {
    setProfileText(filters.profileId);
    void refresh(true);
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") void refresh(false);
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [key]);

  const openShown = open !== null && items.some((d) => d.id === open);
  useEffect(() => {
    setLinked(null);
    if (open === null || loading || openShown) return;
    let live = true;
    getDelivery(sandbox, open).then(
      (d) => live && setLinked(d),
      (err) => live && setLinked(err instanceof ApiError && err.status === 404 ? "missing" : null),
    );
    return () => {
      live = false;
    };
  }, [sandbox, open, loading, openShown]);

  const go = (next: OutboxFilters, openId: string | null = null) => route(outboxHref(next, openId), true);

  return (
    <section>
      <div class="page-head">
        <h1>Outbox</h1>
        <button
          type="button"
          class="button"
          data-testid="outbox-refresh"
          onClick={() => {
            setRefreshes((n) => n + 1);
            void refresh(false);
          }}
        >
          Refresh
        </button>
      </div>
      <p class="lead">
        Every message journeys, campaigns and test sends handed to a channel, newest first. Email, SMS and push with no provider set up stay here as <em>local outbox</em>: nothing leaves, and you can read each
        message exactly as it would have been sent. Set up a provider on the <a href={paths.providers}>Providers</a> page to send for real.
      </p>
      <DeliveryFigures sandbox={sandbox} refreshKey={refreshes} />
      <form
        class="form inline filters"
        data-testid="outbox-filters"
        onSubmit={(e) => {
          e.preventDefault();
          go({ ...filters, profileId: profileText });
        }}
      >
        <SelectField id="outbox-channel" label="Channel" value={filters.channel} options={[{ value: "", label: "All channels" }, ...OUTBOX_CHANNELS.map((c) => ({ value: c, label: c }))]} onChange={(channel) => go({ ...filters, channel })} />
        <SelectField id="outbox-status" label="Status" value={filters.status} options={[{ value: "", label: "Any status" }, ...DELIVERY_STATUSES.map((s) => ({ value: s, label: s }))]} onChange={(status) => go({ ...filters, status })} />
        <TextField id="outbox-profile" label="Profile id" value={profileText} type="search" onInput={setProfileText} />
        <p class="actions">
          <button type="submit" class="button">
            Filter
          </button>
          {filtersToQuery(filters) && (
            <button type="button" class="button subtle" onClick={() => go({ channel: "", status: "", profileId: "" })}>
              Clear filters
            </button>
          )}
        </p>
      </form>
      <p class="hint" role="status" data-testid="outbox-refreshed">
        {refreshedAt ? `Refreshes every 5 seconds · last at ${formatTime(refreshedAt)}` : "Loading…"}
      </p>
      {error && <Notice kind="error">Could not load the outbox: {error}</Notice>}
      {linked === "missing" && (
        <Notice kind="info" testId="outbox-linked-missing">
          No message <code>{open}</code> in sandbox {sandbox}.
        </Notice>
      )}
      {linked && linked !== "missing" && (
        <div class="card delivery-linked" data-testid="outbox-linked">
          <p>
            <DeliveryStatusBadge status={linked.status} /> <DeliverySource delivery={linked} /> · {formatDateTime(linked.createdAt)} · {linked.detail ?? "—"}{" "}
            <button type="button" class="button subtle" onClick={() => go(filters)}>
              Close
            </button>
          </p>
          <DeliveryMessage delivery={linked} />
        </div>
      )}
      {loading && items.length === 0 ? (
        <p class="muted">Loading messages…</p>
      ) : items.length === 0 && !error ? (
        <p data-testid="outbox-empty">
          {filtersToQuery(filters) ? "No message matches these filters." : (
            <>
              No messages in sandbox <strong>{sandbox}</strong> yet. Publish a journey that sends one, or use <strong>Test send</strong> on a <a href={paths.templates}>template</a>.
            </>
          )}
        </p>
      ) : (
        <div class="table-wrap">
          <table data-testid="outbox-table" class="outbox">
            <caption class="visually-hidden">Messages, newest first, with their channel, source, status, attempts, provider and detail</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Channel</th>
                <th scope="col">Message</th>
                <th scope="col">Source</th>
                <th scope="col">Status</th>
                <th scope="col" class="num">Attempts</th>
                <th scope="col">Provider</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => {
                const isOpen = d.id === open;
                return [
                  <tr key={d.id} data-testid={`delivery-row-${d.id}`} class={isOpen ? "highlight" : undefined}>
                    <td class="nowrap">{formatDateTime(d.createdAt)}</td>
                    <td>{d.channel}</td>
                    <th scope="row">
                      <button type="button" class="link-button" aria-expanded={isOpen} data-testid="delivery-open" onClick={() => go(filters, isOpen ? null : d.id)}>
                        {summaryOf(d) || "(open)"}
                      </button>
                      <span class="muted id">to {d.profileId}</span>
                    </th>
                    <td>
                      <DeliverySource delivery={d} />
                    </td>
                    <td>
                      <DeliveryStatusBadge status={d.status} />
                    </td>
                    <td class="num">{d.attempts}</td>
                    <td>{d.providerId ?? <span class="muted">—</span>}</td>
                    <td class="detail">{d.detail ?? <span class="muted">—</span>}</td>
                  </tr>,
                  isOpen && (
                    <tr key={`${d.id}-open`} class="delivery-message-row">
                      <td colSpan={8}>
                        <DeliveryMessage delivery={d} />
                      </td>
                    </tr>
                  ),
                ];
              })}
            </tbody>
          </table>
        </div>
      )}
      {more !== null && (
        <p class="actions">
          <button type="button" class="button" data-testid="outbox-older" onClick={() => void loadOlder()}>
            Older messages
          </button>
        </p>
      )}
    </section>
  );
}

/** The message as its person would get it, from the delivery's payload. */
function DeliveryMessage({ delivery }: { delivery: Delivery }) {
  return (
    <div class="delivery-message" data-testid="delivery-message">
      <p class="hint">
        Delivery <code>{delivery.id}</code>, {delivery.channel}, to profile <code>{delivery.profileId}</code>
        {delivery.updatedAt !== delivery.createdAt && <>, last changed {formatDateTime(delivery.updatedAt)}</>}.
      </p>
      <MessageParts parts={displayParts(delivery)} />
    </div>
  );
}
