// One profile's page, opened by an identity. The lookup form hands over the answer it already
// has, so following it to the profile's page costs no second request; a reload or a shared link
// asks the edge again. The messages sent to the profile come from the delivery log once its id is
// known, and are fetched again on each refresh.
import { action, computed, createModel, signal } from "@preact/signals";
import { listDeliveries, lookupProfile } from "../../lib/api";
import { ApiError, messageOf } from "../../lib/api-error";
import type { Delivery, ProfileDetail } from "../../lib/types";
import { toProfileView } from "./normalize";

/** How many of the profile's latest messages the page lists. */
export const MESSAGES = 50;

const keyOf = (sb: string, ns: string, value: string) => JSON.stringify([sb, ns, value]);

let handedOver: { key: string; profile: ProfileDetail } | null = null;

/** Leaves a fresh lookup answer for the profile page that is about to open. */
export function handOff(sb: string, ns: string, value: string, profile: ProfileDetail): void {
  handedOver = { key: keyOf(sb, ns, value), profile };
}

function takeHandOff(key: string): ProfileDetail | null {
  const found = handedOver?.key === key ? handedOver.profile : null;
  handedOver = null;
  return found;
}

export const ProfileDetailModel = createModel(() => {
  const profile = signal<ProfileDetail | null>(null);
  const view = computed(() => (profile.value ? toProfileView(profile.value) : null));
  const loading = signal(false);
  const notFound = signal(false);
  const error = signal<string | null>(null);
  /** The event type the timeline shows, or "" for all. */
  const eventType = signal("");
  /** The latest messages sent to the profile, newest first; null until they are read. */
  const deliveries = signal<Delivery[] | null>(null);
  const deliveriesError = signal<string | null>(null);
  let request = 0;
  let shown = "";

  async function loadDeliveries(mine: number, sb: string, profileId: string) {
    try {
      const items = await listDeliveries(sb, { profileId, limit: String(MESSAGES) });
      if (mine !== request) return;
      deliveries.value = items;
      deliveriesError.value = null;
    } catch (err) {
      if (mine === request) deliveriesError.value = messageOf(err);
    }
  }

  const load = action(async (sb: string, ns: string, value: string, opts: { fresh?: boolean } = {}) => {
    const mine = ++request;
    const key = keyOf(sb, ns, value);
    const handed = opts.fresh ? null : takeHandOff(key);
    // Refreshing keeps the profile on screen until the new answer comes; another sandbox does not.
    if (key !== shown) {
      profile.value = null;
      deliveries.value = null;
    }
    shown = key;
    notFound.value = false;
    error.value = null;
    if (handed) {
      profile.value = handed;
      void loadDeliveries(mine, sb, handed.id);
      return;
    }
    loading.value = true;
    try {
      const answer = await lookupProfile(sb, ns, value);
      if (mine !== request) return;
      profile.value = answer;
      await loadDeliveries(mine, sb, answer.id);
    } catch (err) {
      if (mine !== request) return;
      profile.value = null;
      deliveries.value = null;
      if (err instanceof ApiError && err.status === 404) notFound.value = true;
      // A 400 names the problem in its details ("Not a valid email address"): that is the useful part.
      else if (err instanceof ApiError && err.details.length) error.value = err.details.map((d) => d.message).join("; ");
      else error.value = messageOf(err);
    } finally {
      if (mine === request) loading.value = false;
    }
  });

  return { profile, view, loading, notFound, error, eventType, deliveries, deliveriesError, load };
});

export type ProfileDetailState = InstanceType<typeof ProfileDetailModel>;
