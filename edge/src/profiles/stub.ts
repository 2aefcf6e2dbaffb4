/**
 * The one way to reach a profile's Durable Object. The RPC surface is spelled out as an
 * interface that the class implements: it keeps callers' types simple and the two in step.
 */
import type { MergePolicy } from "./attributes";
import type { Message, MessageInput } from "./inbox";
import type { Definition } from "../journeys/definition";
import type { JsonObject } from "./events";
import type { ApplyInput, ApplyResult, ExplainInput, ExplainResult, InteractInput, InteractResult, ProfileView } from "./profile-object";

export interface ProfileRpc {
  interact(input: InteractInput): Promise<InteractResult>;
  applyProfile(input: ApplyInput): Promise<ApplyResult>;
  absorb(sandbox: string, survivorId: string, fromProfileId: string, policy: MergePolicy): Promise<{ merged: boolean }>;
  describe(sandbox: string, profileId: string, recent?: number): Promise<ProfileView | null>;
  explain(input: ExplainInput): Promise<ExplainResult>;
  /** `id` makes a redelivered message land once. */
  queueMessage(sandbox: string, profileId: string, message: MessageInput, now: number, id?: string): Promise<Message>;
  enterJourney(sandbox: string, profileId: string, journey: string, now: number): Promise<void>;
  testJourney(input: { sandbox: string; profileId: string; journey: string; version: number; definition: Definition; vars: JsonObject; dryRun: boolean; now: number }): Promise<{ instance: string }>;
  journeyTrace(sandbox: string, profileId: string, instance: string): Promise<{ instance: Record<string, unknown>; steps: { id: string; node: string; type: string; at: number; outcome: string }[] } | null>;
}

export function profileStub(env: Env, sandbox: string, profileId: string): ProfileRpc {
  const ns = env.PROFILE;
  return ns.get(ns.idFromName(`${sandbox}:${profileId}`)) as unknown as ProfileRpc;
}
