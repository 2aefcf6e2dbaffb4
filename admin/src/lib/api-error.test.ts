import { describe, expect, it } from "vitest";
import { ApiError, errorFromResponse, messageOf } from "./api-error";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

describe("API errors", () => {
  it("keeps the envelope's code, message and field paths", async () => {
    const err = await errorFromResponse(
      json(400, {
        error: { code: "validation_failed", message: "The request is invalid", details: [{ path: "representations.0.content", message: "Content is required" }, { path: "representations.0.content", message: "Too short" }] },
        requestId: "r1",
      }),
    );
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: "validation_failed", message: "The request is invalid", requestId: "r1" });
    expect(err.fieldErrors()).toEqual({ "representations.0.content": "Content is required" });
  });

  it("still makes an error of an answer that is not the envelope", async () => {
    const err = await errorFromResponse(new Response("<html>Bad gateway</html>", { status: 502, statusText: "Bad Gateway" }));
    expect(err).toMatchObject({ status: 502, code: "http_502", message: "502 Bad Gateway", details: [] });
  });

  it("mentions the request id only for server faults", () => {
    expect(messageOf(new ApiError(500, "internal", "Boom", [], "r9"))).toBe("Boom (request r9)");
    expect(messageOf(new ApiError(400, "validation_failed", "Bad", [], "r9"))).toBe("Bad");
  });
});
