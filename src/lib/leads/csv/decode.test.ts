import { describe, expect, it } from "vitest";
import { decodeCsvBytes } from "./decode";

const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...new TextEncoder().encode(p)] : p)));

describe("decodeCsvBytes", () => {
  it("reads UTF-8 and strips its BOM", () => {
    expect(decodeCsvBytes(bytes([0xef, 0xbb, 0xbf], "Name\nZoë"))).toEqual({
      text: "Name\nZoë",
      encoding: "utf-8",
      hadBom: true,
    });
    expect(decodeCsvBytes(bytes("Name\nZoë"))).toEqual({
      text: "Name\nZoë",
      encoding: "utf-8",
      hadBom: false,
    });
  });

  it("falls back to windows-1252 for Excel's ANSI files", () => {
    // "José;Müller;€" in windows-1252: é=E9, ü=FC, €=80 (not valid UTF-8 on their own).
    expect(decodeCsvBytes(bytes("Jos", [0xe9], ";M", [0xfc], "ller;", [0x80]))).toEqual({
      text: "José;Müller;€",
      encoding: "windows-1252",
      hadBom: false,
    });
  });

  it("maps 0x80-0x9F the windows-1252 way, not as latin1 control codes", () => {
    const all = Array.from({ length: 32 }, (_, i) => 0x80 + i);
    const decoded = decodeCsvBytes(new Uint8Array(all)).text;
    expect([...decoded].map((c) => c.codePointAt(0))).toEqual([
      0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
      0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
      0x153, 0x9d, 0x17e, 0x178,
    ]);
  });

  it("reads UTF-16 with either byte order", () => {
    expect(decodeCsvBytes(bytes([0xff, 0xfe], [0x41, 0, 0x0a, 0, 0xe9, 0]))).toEqual({
      text: "A\né",
      encoding: "utf-16le",
      hadBom: true,
    });
    expect(decodeCsvBytes(bytes([0xfe, 0xff], [0, 0x41, 0, 0x0a, 0, 0xe9]))).toEqual({
      text: "A\né",
      encoding: "utf-16be",
      hadBom: true,
    });
  });

  it("handles an empty file", () => {
    expect(decodeCsvBytes(new Uint8Array())).toEqual({ text: "", encoding: "utf-8", hadBom: false });
  });
});
