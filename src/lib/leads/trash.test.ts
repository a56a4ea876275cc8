import { describe, expect, it } from "vitest";
import { daysUntilPurge, purgeAt, TRASH_RETENTION_DAYS } from "./trash";

describe("trash retention", () => {
  const deletedAt = new Date("2026-03-01T10:00:00Z");

  it("erases 30 days after the lead was trashed", () => {
    expect(TRASH_RETENTION_DAYS).toBe(30);
    expect(purgeAt(deletedAt).toISOString()).toBe("2026-03-31T10:00:00.000Z");
  });

  it("counts the days left, rounded up, and never below zero", () => {
    expect(daysUntilPurge(deletedAt, deletedAt)).toBe(30);
    expect(daysUntilPurge(deletedAt, new Date("2026-03-30T10:00:01Z"))).toBe(1);
    expect(daysUntilPurge(deletedAt, new Date("2026-03-31T10:00:00Z"))).toBe(0);
    expect(daysUntilPurge(deletedAt, new Date("2026-05-01T00:00:00Z"))).toBe(0);
  });
});
