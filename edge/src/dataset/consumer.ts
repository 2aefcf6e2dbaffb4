/**
 * Queue consumer of the events stream: writes events into the D1 dataset (once per id), keeps
 * the searchable profile index and the identity graph's device entries current, and removes
 * expired profiles.
 *
 * A queue batch is written in as few D1 round trips and statements as it can be: its messages
 * go into one `batch` (one transaction) of a few statements shared by all of them, and each
 * message is acknowledged only once it commits.
 * When that batch fails, the messages are written one by one, so a single bad message is
 * retried (and ends in the dead-letter queue) without holding the others back.
 */
import { forgetProfile } from "../identity/graph";
import type { ProfileEvent } from "../profiles/events";
import type { EventsMessage, QueueMessage } from "../profiles/messages";

const STAT_COLUMNS: Record<string, "decisions" | "displays" | "clicks"> = { "proposition.decided": "decisions", "proposition.display": "displays", "proposition.click": "clicks" };

type StepRecord = { journey: string; version: number; node: string; phase: string; test?: boolean };
type OfferRef = { offerId: string; placement: string };

const isOfferRef = (o: unknown): o is OfferRef =>
  !!o && typeof o === "object" && typeof (o as { offerId?: unknown }).offerId === "string" && typeof (o as { placement?: unknown }).placement === "string";

/** `[eventId, offerId, placement, day, decisions, displays, clicks]` for each offer an event counts. */
function offerRowsOf(e: ProfileEvent): (string | number)[][] {
  const column = STAT_COLUMNS[e.type];
  if (!column) return [];
  const list = column === "decisions" ? e.data.items : e.data.offers;
  if (!Array.isArray(list)) return [];
  const day = Math.floor(e.ts / 86_400_000);
  const one = (c: string) => (column === c ? 1 : 0);
  return list.filter(isOfferRef).map((o) => [e.id, o.offerId, o.placement, day, one("decisions"), one("displays"), one("clicks")]);
}

/** `[eventId, journey, version, node, entered, exited]` for each journey node a step record passes. Test runs count nothing. */
function stepRowsOf(e: ProfileEvent): (string | number)[][] {
  if (e.type !== "journey.steps") return [];
  const steps = (Array.isArray(e.data.steps) ? e.data.steps : []) as StepRecord[];
  return steps
    .filter((x) => x && !x.test && typeof x.journey === "string" && typeof x.node === "string" && Number.isInteger(x.version) && x.phase !== "none")
    .map((r) => [e.id, r.journey, r.version, r.node, r.phase === "leave" ? 0 : 1, r.phase === "arrive" ? 0 : 1]);
}

/** A message and the events of it to write (a group takes an event id from its first message only). */
type Written = { m: EventsMessage; events: readonly ProfileEvent[] };

const notStored = (sandbox: string, id: string) => `NOT EXISTS (SELECT 1 FROM events WHERE sandbox_id = ${sandbox} AND id = ${id})`;

/**
 * Offer and journey-node counts of the events the dataset does not hold yet, for any number of
 * messages: two statements at most, to run before the events are inserted. Rows carry their
 * sandbox and travel as one JSON parameter per statement (D1 binds at most 100 parameters).
 */
function countStatements(d1: D1Database, written: readonly Written[]): D1PreparedStatement[] {
  const out: D1PreparedStatement[] = [];
  const offerRows = written.flatMap(({ m, events }) => events.flatMap((e) => offerRowsOf(e).map((r) => [m.sandbox, ...r])));
  if (offerRows.length) {
    out.push(
      d1
        .prepare(
          `INSERT INTO offer_stats (sandbox_id, offer_id, placement, day, decisions, displays, clicks)
           SELECT json_extract(value, '$[0]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'), json_extract(value, '$[4]'), json_extract(value, '$[5]'), json_extract(value, '$[6]'), json_extract(value, '$[7]')
           FROM json_each(?1) WHERE ${notStored("json_extract(value, '$[0]')", "json_extract(value, '$[1]')")}
           ON CONFLICT (sandbox_id, offer_id, placement, day) DO UPDATE SET
             decisions = decisions + excluded.decisions, displays = displays + excluded.displays, clicks = clicks + excluded.clicks`,
        )
        .bind(JSON.stringify(offerRows)),
    );
  }
  const stepRows = written.flatMap(({ m, events }) => events.flatMap((e) => stepRowsOf(e).map((r) => [m.sandbox, ...r])));
  if (stepRows.length) {
    out.push(
      d1
        .prepare(
          `INSERT INTO journey_node_stats (sandbox_id, journey_id, version, node, entered, exited, errored)
           SELECT json_extract(value, '$[0]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'), json_extract(value, '$[4]'), json_extract(value, '$[5]'), json_extract(value, '$[6]'), 0
           FROM json_each(?1) WHERE ${notStored("json_extract(value, '$[0]')", "json_extract(value, '$[1]')")}
           ON CONFLICT (sandbox_id, journey_id, version, node) DO UPDATE SET entered = entered + excluded.entered, exited = exited + excluded.exited`,
        )
        .bind(JSON.stringify(stepRows)),
    );
  }
  return out;
}

/** The events of any number of messages, once per id; each event's data as the object serialised it. */
function eventsStatement(d1: D1Database, written: readonly Written[]): D1PreparedStatement | null {
  const rows = written.flatMap(({ m, events }) => events.map((e) => [m.sandbox, e.id, m.profileId, e.type, e.ts, m.receivedAt, JSON.stringify(e.data)]));
  if (!rows.length) return null;
  return d1
    .prepare(
      `INSERT INTO events (sandbox_id, id, profile_id, type, ts, received_at, data)
       SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'), json_extract(value, '$[4]'), json_extract(value, '$[5]'), json_extract(value, '$[6]')
       FROM json_each(?1) WHERE 1 ON CONFLICT DO NOTHING`,
    )
    .bind(JSON.stringify(rows));
}

/** A message's first and last seen: its own events' times, whatever a group took from them. */
function timesOf(m: EventsMessage): [number, number] {
  const times = m.events.length ? m.events.map((e) => e.ts) : [m.receivedAt];
  return [Math.min(...times), Math.max(...times)];
}

/**
 * The statements that store one message, in the order they must run (inside one transaction).
 *
 * Offer and journey counts come first and count only events the dataset does not hold yet; the
 * events follow, and the profile's row adds `changes()` — how many of them the insert stored.
 * A redelivered message, or the same events arriving twice, therefore counts nothing twice.
 * `written`: the events to write when a group took some of them from an earlier message.
 */
export function statementsFor(d1: D1Database, m: EventsMessage, written: readonly ProfileEvent[] = m.events): D1PreparedStatement[] {
  const seen = new Set<string>();
  const events = written.filter((e) => !seen.has(e.id) && seen.add(e.id));
  const out = countStatements(d1, [{ m, events }]);
  const insert = eventsStatement(d1, [{ m, events }]);
  if (insert) out.push(insert);

  const [first, last] = timesOf(m);
  const index = m.index;
  const updates = [
    "first_seen = min(first_seen, excluded.first_seen)",
    "last_seen = max(last_seen, excluded.last_seen)",
    "event_count = event_count + excluded.event_count",
    ...(index ? ["known = excluded.known"] : []),
    // The object's copy replaces what a cold row kept, write times included.
    ...(index?.attributes ? ["attributes = excluded.attributes", "stamps = '{}'"] : []),
    ...(index?.consent ? ["consent = excluded.consent"] : []),
  ];
  out.push(
    d1
      .prepare(
        `INSERT INTO profiles (sandbox_id, id, first_seen, last_seen, event_count, known, attributes, consent)
         VALUES (?1, ?2, ?3, ?4, ${insert ? "changes()" : "0"}, ?5, ?6, ?7)
         ON CONFLICT (sandbox_id, id) DO UPDATE SET ${updates.join(", ")}`,
      )
      .bind(m.sandbox, m.profileId, first, last, index?.known ? 1 : 0, JSON.stringify(index?.attributes ?? {}), JSON.stringify(index?.consent ?? {})),
  );

  // Device ids join the graph here, off the hot path. Only unowned entries are written: the
  // graph's owner of an identity changes through merges, never through this queue.
  const list = index?.identities ?? [];
  const devices = list.filter((i) => i.namespace === "pcid" || i.authenticated);
  if (devices.length) {
    out.push(
      d1
        .prepare(
          `INSERT INTO identities (sandbox_id, namespace, value, profile_id, authenticated, last_seen)
           SELECT ?1, json_extract(value, '$[0]'), json_extract(value, '$[1]'), ?2, json_extract(value, '$[2]'), ?3
           FROM json_each(?4) WHERE 1 ON CONFLICT DO NOTHING`,
        )
        .bind(m.sandbox, m.profileId, m.receivedAt, JSON.stringify(devices.map((i) => [i.namespace, i.value, i.authenticated ? 1 : 0]))),
    );
  }
  // Identities a profile presented without proof join the index (not the graph) for search. The
  // index update lists all of the profile's identities, so the rows are replaced, not added to.
  if (index?.identities) {
    out.push(d1.prepare("DELETE FROM seen_identities WHERE sandbox_id = ?1 AND profile_id = ?2").bind(m.sandbox, m.profileId));
    const unproven = list.filter((i) => i.namespace !== "pcid" && !i.authenticated);
    if (unproven.length) {
      out.push(
        d1
          .prepare(
            `INSERT INTO seen_identities (sandbox_id, namespace, value, profile_id, last_seen)
             SELECT ?1, json_extract(value, '$[0]'), json_extract(value, '$[1]'), ?2, ?3
             FROM json_each(?4) WHERE 1 ON CONFLICT DO NOTHING`,
          )
          .bind(m.sandbox, m.profileId, m.receivedAt, JSON.stringify(unproven.map((i) => [i.namespace, i.value]))),
      );
    }
  }
  return out;
}

/**
 * The statements that store a group of messages, in one transaction. Messages that change no
 * index entry — nearly all of them: a visit's events — share four statements however many they
 * are (offer counts, journey counts, profile rows, events), each message's rows in its order;
 * a message that changes the index brings its own statements after them. The profile rows are
 * written before the events and count only events not stored yet, like the offer and journey
 * counts; an event id repeated in the group is taken from its first message only, so it is
 * stored and counted once, as message-by-message writing would.
 */
export function groupStatementsFor(d1: D1Database, messages: readonly EventsMessage[]): D1PreparedStatement[] {
  const seen = new Set<string>();
  const firsts: Written[] = messages.map((m) => ({ m, events: m.events.filter((e) => !seen.has(`${m.sandbox}\u0000${e.id}`) && !!seen.add(`${m.sandbox}\u0000${e.id}`)) }));
  const plain = firsts.filter(({ m }) => !m.index);
  const out = countStatements(d1, plain);
  if (plain.length) {
    const profileRows = plain.map(({ m, events }) => [m.sandbox, m.profileId, ...timesOf(m), events.map((e) => e.id)]);
    out.push(
      d1
        .prepare(
          `INSERT INTO profiles (sandbox_id, id, first_seen, last_seen, event_count, known, attributes, consent)
           SELECT json_extract(m.value, '$[0]'), json_extract(m.value, '$[1]'), json_extract(m.value, '$[2]'), json_extract(m.value, '$[3]'),
             (SELECT count(*) FROM json_each(json_extract(m.value, '$[4]')) AS ids WHERE ${notStored("json_extract(m.value, '$[0]')", "ids.value")}),
             0, '{}', '{}'
           FROM json_each(?1) AS m WHERE 1
           ON CONFLICT (sandbox_id, id) DO UPDATE SET
             first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen), event_count = event_count + excluded.event_count`,
        )
        .bind(JSON.stringify(profileRows)),
    );
    const insert = eventsStatement(d1, plain);
    if (insert) out.push(insert);
  }
  for (const { m, events } of firsts) if (m.index) out.push(...statementsFor(d1, m, events));
  return out;
}

/** Stores one message in one transaction. */
export async function storeEvents(env: Env, message: EventsMessage): Promise<void> {
  await env.DB.batch(statementsFor(env.DB, message));
}

/**
 * A group's size: its events' JSON, which its statements carry as parameters (D1 takes values of
 * up to 2 MB), and its statements — four shared, and up to seven of each message that changes the
 * index — well under the queries one invocation may make.
 */
const BYTES_PER_GROUP = 500_000;
const STATEMENTS_PER_GROUP = 400;
const OWN_STATEMENTS = 7;

export async function consumeEvents(batch: MessageBatch<QueueMessage>, env: Env): Promise<void> {
  const retry = (msg: Message<QueueMessage>, err: unknown) => {
    console.error("storing events failed; will retry", msg.id, err);
    msg.retry({ delaySeconds: Math.min(60, 2 ** msg.attempts) });
  };
  const one = async (msg: Message<QueueMessage>, write: () => Promise<unknown>) => {
    try {
      await write();
      msg.ack();
    } catch (err) {
      retry(msg, err);
    }
  };

  let group: (Message<QueueMessage> & { body: EventsMessage })[] = [];
  let size = 0;
  let statements = 4;
  const flush = async () => {
    const taken = group;
    group = [];
    size = 0;
    statements = 4;
    if (!taken.length) return;
    try {
      await env.DB.batch(groupStatementsFor(env.DB, taken.map((m) => m.body)));
      for (const m of taken) m.ack();
    } catch {
      // Something in the group was refused: find out which, one message at a time.
      for (const m of taken) await one(m, () => env.DB.batch(statementsFor(env.DB, m.body)));
    }
  };

  for (const msg of batch.messages) {
    const body = msg.body;
    if (body.kind === "expired") {
      await flush();
      await one(msg, () => forgetProfile(env, body.sandbox, body.profileId));
      continue;
    }
    let bytes: number;
    try {
      bytes = JSON.stringify(body.events).length + JSON.stringify(body.index ?? null).length;
    } catch (err) {
      retry(msg, err);
      continue;
    }
    const own = body.index ? OWN_STATEMENTS : 0;
    if (group.length && (size + bytes > BYTES_PER_GROUP || statements + own > STATEMENTS_PER_GROUP)) await flush();
    group.push(msg as Message<QueueMessage> & { body: EventsMessage });
    size += bytes;
    statements += own;
  }
  await flush();
}
