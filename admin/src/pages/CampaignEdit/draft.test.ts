import { describe, expect, it } from "vitest";
import type { Campaign } from "../../lib/types";
import { draftFromCampaign, emptyCampaignDraft, errorsByField, fieldOf, inputFromDraft } from "./draft";
import { triggerCommand } from "./trigger";

const saved: Campaign = {
  id: "spring", name: "Spring", description: null, kind: "scheduled", purpose: "marketing", channel: "email", template: "news", decision: null, audience: "gold",
  schedule: { kind: "recurring", every: "week", at: "08:30", until: Date.UTC(2031, 0, 1) }, status: "draft", activatedAt: null, createdAt: 1, updatedAt: 1,
};

describe("the campaign form's draft", () => {
  it("reads a saved campaign back to the same body, the schedule included", () => {
    const { input } = inputFromDraft(draftFromCampaign(saved));
    expect(input).toEqual({ id: "spring", name: "Spring", description: null, kind: "scheduled", purpose: "marketing", channel: "email", template: "news", decision: null, audience: "gold", schedule: saved.schedule });
  });

  it("sends a one-off moment as epoch ms of the local date-time, and no schedule for by hand", () => {
    const d = { ...emptyCampaignDraft(), name: "Once", template: "news", audience: "gold", schedule: "once" as const, onceAt: "2030-05-01T09:15" };
    expect(inputFromDraft(d).input?.schedule).toEqual({ kind: "once", at: new Date("2030-05-01T09:15").getTime() });
    expect(inputFromDraft({ ...d, schedule: "none" }).input?.schedule).toBeNull();
    expect(inputFromDraft({ ...d, onceAt: "" }).errors).toEqual({ onceAt: "Choose the date and time to send it" });
  });

  it("leaves audience and schedule out of an API-triggered campaign, and an empty time out of a recurring one", () => {
    const d = { ...emptyCampaignDraft(), name: "Receipt", kind: "api" as const, template: "receipt", audience: "gold", schedule: "recurring" as const };
    expect(inputFromDraft(d).input).toMatchObject({ kind: "api", audience: null, schedule: null });
    expect(inputFromDraft({ ...d, kind: "scheduled", time: " " }).input?.schedule).toEqual({ kind: "recurring", every: "day" });
  });

  it("puts the API's paths on the fields showing them", () => {
    const once = { ...emptyCampaignDraft(), schedule: "once" as const };
    const recurring = { ...emptyCampaignDraft(), schedule: "recurring" as const };
    expect(fieldOf("schedule.at", once)).toBe("onceAt");
    expect(fieldOf("schedule.at", recurring)).toBe("time");
    expect(fieldOf("schedule.until", recurring)).toBe("until");
    expect(fieldOf("template", once)).toBe("template");
    expect(fieldOf("status", once)).toBeNull();
    expect(errorsByField([{ path: "template", message: "For sms" }, { path: "template", message: "second" }, { path: "status", message: "Active" }], once)).toEqual({
      template: "For sms",
      status: "Active",
    });
  });
});

describe("the trigger call", () => {
  it("names the campaign and quotes the body for the shell", () => {
    const command = triggerCommand("https://edge.example", "order-confirmation");
    expect(command).toContain("curl -X POST 'https://edge.example/v1/campaigns/order-confirmation/trigger'");
    expect(command).toContain("-H 'Authorization: Bearer <API key>'");
    const body = command.slice(command.indexOf("-d '") + 4, -1);
    expect(JSON.parse(body)).toEqual({ recipients: [{ identities: { email: "ada@example.com" }, context: { orderId: "A-1" }, idempotencyKey: "order-A-1" }] });
  });
});
