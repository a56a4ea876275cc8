import { describe, expect, it } from "vitest";
import { emailReasonText } from "@/components/outbox/email-labels";
import type { EmailDetail } from "@/lib/services/email/get-email";
import { emailHistory } from "./email-history";

const created = new Date("2026-12-03T10:00:00Z");
const sent = new Date("2026-12-03T10:00:02Z");
const delivered = new Date("2026-12-03T10:00:09Z");
const later = new Date("2026-12-03T10:05:00Z");

function email(overrides: Partial<EmailDetail["email"]>): EmailDetail["email"] {
  return {
    id: "e1",
    kind: "confirmation",
    status: "queued",
    reason: null,
    transport: "resend",
    toAddress: "ada@example.test",
    fromAddress: "Acme <hello@acme.test>",
    subject: "You're booked",
    html: "<p>x</p>",
    text: "x",
    providerMessageId: null,
    callId: null,
    createdAt: created,
    sentAt: null,
    deliveredAt: null,
    updatedAt: created,
    ...overrides,
  };
}

const steps = (e: EmailDetail["email"]) => emailHistory(e).map((s) => [s.label, s.at?.toISOString() ?? null]);

describe("emailHistory", () => {
  it("a queued email is written and waiting", () => {
    expect(steps(email({}))).toEqual([
      ["Written", created.toISOString()],
      ["Waiting to be sent", null],
    ]);
  });

  it("an outboxed email says it was kept, not sent", () => {
    expect(steps(email({ status: "outboxed", transport: "outbox", sentAt: sent, updatedAt: sent }))).toEqual([
      ["Written", created.toISOString()],
      ["Kept in the outbox (not sent)", sent.toISOString()],
    ]);
  });

  it("a delivered email shows when Resend accepted it and when it arrived", () => {
    const e = email({ status: "delivered", sentAt: sent, deliveredAt: delivered, updatedAt: delivered });
    expect(steps(e)).toEqual([
      ["Written", created.toISOString()],
      ["Accepted by Resend", sent.toISOString()],
      ["Delivered", delivered.toISOString()],
    ]);
  });

  it("a bounce after delivery keeps the delivery and ends in the bounce", () => {
    const e = email({ status: "bounced", sentAt: sent, deliveredAt: delivered, updatedAt: later });
    expect(steps(e).map(([label]) => label)).toEqual([
      "Written",
      "Accepted by Resend",
      "Delivered",
      "Bounced",
    ]);
    expect(emailHistory(e).at(-1)?.tone).toBe("bad");
  });

  it("a skipped email never reaches a sending step", () => {
    const e = email({ status: "skipped", reason: "on the do-not-call list" });
    expect(steps(e).map(([label]) => label)).toEqual(["Written", "Skipped"]);
  });
});

describe("emailReasonText", () => {
  it("explains skipped, failed, bounced and complained emails with their reason", () => {
    expect(emailReasonText("skipped", "on the do-not-call list")).toBe("Skipped: on the do-not-call list");
    expect(emailReasonText("failed", "rate limited")).toBe("Failed: rate limited");
    expect(emailReasonText("bounced", "mailbox does not exist")).toBe("Bounced: mailbox does not exist");
  });

  it("says nothing for statuses that need no explanation, or without a reason", () => {
    expect(emailReasonText("outboxed", "whatever")).toBeNull();
    expect(emailReasonText("delivered", null)).toBeNull();
    expect(emailReasonText("skipped", null)).toBeNull();
  });
});
