import { describe, expect, it } from "vitest";
import { ruleEditor } from "./rule-editor";
import { addChild, newAttribute, updateNode } from "./rule-tree";

describe("the rule being edited", () => {
  it("opens a rule the builder can show in the builder, and one it cannot in the JSON editor", () => {
    const shown = ruleEditor({ "profile.tier": "gold" });
    expect(shown.jsonOpen.value).toBe(false);
    expect(shown.current.value).toEqual({ ok: true, rule: { "profile.tier": "gold" } });

    const hidden = ruleEditor({ "profile.tags": { $size: 2 } });
    expect(hidden.jsonOpen.value).toBe(true);
    expect(hidden.builderUsable.value).toBe(false);
    expect(hidden.builderNote.value).toContain("$size");
    hidden.toggleJson();
    expect(hidden.jsonOpen.value).toBe(true);
    expect(hidden.current.value).toEqual({ ok: true, rule: { "profile.tags": { $size: 2 } } });
  });

  it("rewrites the JSON on each builder edit, and the tree on each JSON edit it can show", () => {
    const editor = ruleEditor();
    const attr = newAttribute({ path: "tier", value: { type: "text", text: "gold" } });
    editor.editTree((root) => addChild(root, root.key, attr));
    expect(JSON.parse(editor.text.value)).toEqual({ "profile.tier": "gold" });

    editor.setText('{ "profile.tier": { "$eq": "silver" } }');
    expect(editor.source.value).toBe("json");
    // The text is the rule in force, exactly as written; the builder shows it in its own form.
    expect(editor.current.value).toEqual({ ok: true, rule: { "profile.tier": { $eq: "silver" } } });
    expect(editor.built.value).toMatchObject({ ok: true, rule: { "profile.tier": "silver" } });

    editor.setText("{ oops");
    expect(editor.current.value).toMatchObject({ ok: false, message: expect.stringContaining("Not valid JSON") });
    expect(editor.builderNote.value).toContain("Fix the JSON");
  });

  it("holds back a rule the builder cannot write, saying what to fix", () => {
    const editor = ruleEditor();
    const attr = newAttribute({ path: "age", value: { type: "number", text: "" } });
    editor.editTree((root) => addChild(root, root.key, attr));
    expect(editor.current.value).toMatchObject({ ok: false, message: expect.stringContaining("number") });
    const before = editor.currentKey.value;
    editor.editTree((root) => updateNode(root, attr.key, { value: { type: "number", text: "18" } }));
    expect(editor.current.value).toEqual({ ok: true, rule: { "profile.age": 18 } });
    expect(editor.currentKey.value).not.toBe(before);
  });
});
