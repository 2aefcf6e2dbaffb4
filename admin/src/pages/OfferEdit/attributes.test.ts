import { describe, expect, it } from "vitest";
import { type AttrDraft, attrsFromRecord, placeAttributeErrors, recordFromAttrs } from "./attributes";

const row = (name: string, type: AttrDraft["type"], value: string, key = 0): AttrDraft => ({ key, name, type, value });

describe("offer attributes in the form", () => {
  it("reads each value's type and writes it back typed", () => {
    const record = { margin: 12.5, label: "Garden", organic: true };
    const rows = attrsFromRecord(record);
    expect(rows.map((r) => [r.name, r.type, r.value])).toEqual([["margin", "number", "12.5"], ["label", "text", "Garden"], ["organic", "boolean", "true"]]);
    expect(recordFromAttrs(rows).value).toEqual(record);
  });

  it("leaves untouched rows out and keeps text as typed", () => {
    expect(recordFromAttrs([row("", "number", ""), row(" note ", "text", " 42 ")]).value).toEqual({ note: " 42 " });
    expect(recordFromAttrs([row("flag", "boolean", "false")]).value).toEqual({ flag: false });
  });

  it("refuses bad names, repeated names and numbers that are not", () => {
    expect(recordFromAttrs([row("2fast", "text", "x")]).errors).toHaveProperty(["attributes.0.name"]);
    expect(recordFromAttrs([row("a", "text", "x"), row("a", "text", "y")]).errors).toHaveProperty(["attributes.1.name"]);
    expect(recordFromAttrs([row("stock", "number", "lots")]).errors).toHaveProperty(["attributes.0.value"]);
    expect(recordFromAttrs([row("stock", "number", "")]).errors).toHaveProperty(["attributes.0.value"]);
  });

  it("puts the server's message about an attribute on its row", () => {
    const rows = [row("margin", "number", "1"), row("label", "text", "x")];
    expect(placeAttributeErrors({ "attributes.label": "Too long", attributes: "At most 50", name: "Required" }, rows)).toEqual({
      "attributes.1.value": "Too long", attributes: "At most 50", name: "Required",
    });
  });
});
