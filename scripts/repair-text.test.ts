import { describe, expect, it } from "vitest";
import { wellFormedText } from "./repair-text.ts";

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...new TextEncoder().encode(p)] : p)));

describe("wellFormedText", () => {
  it("leaves valid UTF-8 alone, Hangul (which starts with ED too) and a byte-order mark included", () => {
    expect(wellFormedText(bytes("plain"))).toBeUndefined();
    expect(wellFormedText(bytes("\ud7a3\ud000 \ufeff"))).toBeUndefined();
  });

  it("turns each lone surrogate into one U+FFFD, as toWellFormed does to the string sent", () => {
    expect(wellFormedText(bytes("ab", [0xed, 0xa0, 0x80], "cd"))).toBe("ab\ufffdcd");
    expect(wellFormedText(bytes([0xed, 0xb0, 0x80], [0xed, 0xb0, 0x80]))).toBe("\ufffd\ufffd");
    expect(wellFormedText(bytes("x", [0xed, 0xaf, 0xbf]))).toBe("x\ufffd");
  });

  it("joins a surrogate pair encoded as two characters into its character", () => {
    // U+1F600 as CESU-8: D83D DE00.
    expect(wellFormedText(bytes("a", [0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80], "b"))).toBe("a\u{1f600}b");
    // A low surrogate first is no pair.
    expect(wellFormedText(bytes([0xed, 0xb8, 0x80, 0xed, 0xa0, 0xbd]))).toBe("\ufffd\ufffd");
  });

  it("replaces other invalid bytes as a TextDecoder does, keeping the text around them", () => {
    expect(wellFormedText(bytes("a", [0xc0, 0x80], "b"))).toBe("a\ufffd\ufffdb");
    expect(wellFormedText(bytes("\u00e9", [0xed, 0xa0]))).toBe("\u00e9\ufffd\ufffd");
  });
});
