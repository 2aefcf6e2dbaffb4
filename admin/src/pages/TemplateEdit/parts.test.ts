import { describe, expect, it } from "vitest";
import { contentFor, partErrors } from "./parts";

describe("template parts", () => {
  it("sends only the channel's parts, empty optional ones left out", () => {
    expect(contentFor("email", { subject: "Hi", preheader: " ", html: "<p>x</p>", text: "", body: "stray" })).toEqual({ subject: "Hi", html: "<p>x</p>" });
    expect(contentFor("sms", { subject: "Hi" })).toEqual({ body: "" });
    expect(contentFor("web", { body: "b", ctaLabel: "Go", ctaUrl: "/go" })).toEqual({ body: "b", ctaLabel: "Go", ctaUrl: "/go" });
  });
  it("puts the API's field errors beside their parts", () => {
    const { parts, other } = partErrors({ "content.subject": "Unknown name", "content.nope": "x", name: "Name is required" }, "email");
    expect(parts).toEqual({ subject: "Unknown name" });
    expect(other).toEqual({ "content.nope": "x", name: "Name is required" });
  });
});
