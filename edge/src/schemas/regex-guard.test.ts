import { describe, expect, it } from "vitest";
import { checkPattern, MAX_PATTERN_LENGTH } from "./regex-guard";

describe("checkPattern", () => {
  it.each([
    "^[a-z]+$",
    "^\\d{5}(-\\d{4})?$",
    "^(?:foo|bar)+$",
    "^[A-Z]{2}\\d{2}[A-Z0-9]{1,30}$",
    "^(\\w+)?@example\\.com$",
    "^\\p{L}+$",
    "^[(+*)]+$",
    "^a\\+b\\*$",
    "^(?<year>\\d{4})-(?<month>\\d{2})$",
    "^\\u{1F600}+$",
    "^.*?x$",
  ])("accepts %s", (p) => {
    expect(checkPattern(p)).toBeNull();
  });

  it.each([
    "(a+)+",
    "^(a*)*$",
    "^(\\w+\\.)+com$",
    "^(?:a|b+){2,}$",
    "^((a)+)*$",
    "^((ab)?c+)+$",
    "^(a{1,3}){5}$",
    "^([a-z]+?)+$",
    "^(?:x(?:y+))*$",
  ])("refuses the nested quantifier in %s", (p) => {
    expect(checkPattern(p)).toMatch(/Nested quantifiers/);
  });

  it("refuses back-references", () => {
    expect(checkPattern("^(a)\\1$")).toMatch(/Back-references/);
    expect(checkPattern("^(?<x>a)\\k<x>$")).toMatch(/Back-references/);
  });

  it("refuses patterns that do not compile with the u flag, quoting the engine", () => {
    expect(checkPattern("^(abc$")).toMatch(/Not a valid regular expression/);
    expect(checkPattern("a{")).toMatch(/Not a valid regular expression/);
  });

  it("refuses patterns over the length limit", () => {
    expect(checkPattern("a".repeat(MAX_PATTERN_LENGTH))).toBeNull();
    expect(checkPattern("a".repeat(MAX_PATTERN_LENGTH + 1))).toMatch(/200 characters/);
  });
});
