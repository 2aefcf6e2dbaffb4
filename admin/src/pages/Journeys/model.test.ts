import { describe, expect, it } from "vitest";
import type { JourneySummary } from "../../lib/types";
import { createFieldOf, journeyStatus } from "./model";

const row = (patch: Partial<JourneySummary>): JourneySummary => ({ id: "j", name: "J", description: null, createdAt: 1, updatedAt: 1, live: null, draft: 1, versions: [], ...patch });
const v = (version: number, status: JourneySummary["versions"][number]["status"]) => ({ version, status, createdAt: 1, publishedAt: null, stoppedAt: null });

describe("the journeys list", () => {
  it("shows live when a version is, stopped when the latest published one is, draft before any publish", () => {
    expect(journeyStatus(row({ live: 2, draft: 3, versions: [v(3, "draft"), v(2, "live"), v(1, "stopped")] }))).toBe("live");
    expect(journeyStatus(row({ live: null, draft: null, versions: [v(1, "stopped")] }))).toBe("stopped");
    expect(journeyStatus(row({ versions: [v(1, "draft")] }))).toBe("draft");
    expect(journeyStatus(row({ draft: null, versions: [v(1, "closed")] }))).toBe("closed");
  });

  it("puts the API's messages on the create form's fields", () => {
    expect(createFieldOf("name")).toBe("name");
    expect(createFieldOf("id")).toBe("id");
    expect(createFieldOf("definition.entry.eventType")).toBe("eventType");
    expect(createFieldOf("definition.nodes.end")).toBeNull();
  });
});
