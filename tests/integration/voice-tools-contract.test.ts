import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/env";
import type { RunTool } from "@/lib/services/tools/types";
import { insertCampaign, insertClaimedCall } from "../helpers/dialer-fixtures";
import { createOrgWithMembers } from "../helpers/fixtures";
import { type TestDb, testDbKinds } from "../helpers/test-db";
import {
  closeVoiceDb,
  openVoiceDb,
  type PayloadIds,
  type Proof,
  recordingRunTool,
  type VoiceDriver,
} from "../helpers/voice-contract/driver";
import { retell } from "../helpers/voice-contract/retell";
import { vapi } from "../helpers/voice-contract/vapi";

/*
 * What every provider's in-call tool endpoint promises (Retell custom functions, Vapi tool-calls),
 * run against both: verified like the webhooks, our call found and authorized, one line of text
 * back for the agent. What only one provider does is tested in its own file.
 */

// A Thursday morning in New York: requests are run, and (where the service takes a clock) judged, at this instant.
const NOW = new Date("2026-12-03T15:00:00Z");
const DRIVERS: [string, VoiceDriver][] = [retell, vapi].map((d) => [d.label, d]);

describe.each(testDbKinds())("in-call tools on %s", (kind) => {
  let db: TestDb;
  const saved = { ...process.env };

  beforeAll(async () => {
    db = await openVoiceDb(kind);
  });
  afterAll(() => closeVoiceDb(db, saved));

  describe.each(DRIVERS)("%s", (_label, driver) => {
    let orgId: string;
    let otherOrgId: string;
    let campaignId: string;
    const envKey = driver.newKey("env");
    const orgKey = driver.newKey("org");

    beforeAll(async () => {
      process.env[driver.envVar] = envKey;
      resetEnvCache();
      orgId = (await createOrgWithMembers(db, { members: { owner: "owner" } })).orgId;
      otherOrgId = (await createOrgWithMembers(db, { members: { owner: "owner" } })).orgId;
      campaignId = await insertCampaign(db, orgId, { voiceProvider: driver.name });
      await driver.storeOrgKey(db, otherOrgId, orgKey);
    });

    /** A live call of one of our leads at this provider. */
    const liveCall = async (org = orgId, campaign = campaignId) => {
      const c = await insertClaimedCall(db, { orgId: org, campaignId: campaign, status: "live", now: NOW });
      const providerCallId = driver.newProviderCallId();
      await db.query("update public.calls set provider = $1, provider_call_id = $2 where id = $3", [
        driver.name,
        providerCallId,
        c.callId,
      ]);
      return { ...c, providerCallId, orgId: org };
    };
    /**
     * The instant a request's signature must be made at. Retell's is checked by retell-sdk's
     * `Retell.verify`, which reads the wall clock and takes no other: those are signed at the real
     * time. Vapi's is checked against the service's injected `now`.
     */
    const signingClock = () => (driver.verifiesAtWallClock ? new Date() : NOW);
    const sign = (body: string, key = envKey) => driver.sign(body, key, signingClock());
    const accept = (rawBody: string, proof: Proof, run: RunTool) =>
      driver.acceptTool({ db, rawBody, proof, envKey, now: NOW, run });
    const availability = (c: PayloadIds) =>
      driver.toolBody(c, { name: "check_availability", args: { date: "2026-12-04" } });

    it("passes the tool's name and arguments and our call to the tools, and answers in one line", async () => {
      const c = await liveCall();
      const tools = recordingRunTool(async () => ({
        ok: true,
        result: "Open slots:\n- Fri 10:00\n- Fri 11:00",
      }));
      const body = availability(c);
      const reply = await accept(body, await sign(body), tools.run);
      expect(driver.answerOf(reply, "check_availability")).toEqual({
        result: "Open slots: - Fri 10:00 - Fri 11:00",
      });
      expect(tools.requests).toEqual([
        {
          now: NOW,
          provider: driver.name,
          providerCallId: c.providerCallId,
          callId: c.callId,
          name: "check_availability",
          args: { date: "2026-12-04" },
        },
      ]);
    });

    it("a tool that cannot do it answers its reason in one line; one that throws answers a generic error", async () => {
      const c = await liveCall();
      const body = driver.toolBody(c, { name: "book_appointment", args: {} });
      const proof = await sign(body);
      const refused = recordingRunTool(async () => ({
        ok: false,
        error: "That slot is taken.\nOffer another.",
      }));
      expect(driver.answerOf(await accept(body, proof, refused.run), "book_appointment")).toEqual({
        error: "That slot is taken. Offer another.",
      });
      const crash = recordingRunTool(async () => {
        throw new Error("database on fire");
      });
      const answer = driver.answerOf(await accept(body, proof, crash.run), "book_appointment");
      expect(answer).toEqual({ error: expect.stringContaining("did not work on our side") });
      expect(JSON.stringify(answer)).not.toContain("database on fire");
    });

    it("a tampered, wrongly signed, stale, future or unsigned request is 401 and runs nothing", async () => {
      const c = await liveCall();
      const tools = recordingRunTool();
      const body = availability(c);
      const good = await sign(body);
      await expect(accept(body.replace("2026-12-04", "2026-12-05"), good, tools.run)).rejects.toMatchObject({
        status: 401,
      });
      for (const proof of await driver.badProofs(body, envKey, signingClock())) {
        await expect(accept(body, proof, tools.run), JSON.stringify(proof)).rejects.toMatchObject({
          status: 401,
        });
      }
      expect(tools.requests).toHaveLength(0);
      // The same body with a valid proof runs, in each form the provider may send one.
      const proofs = [good, ...driver.otherGoodProofs(body, envKey)];
      for (const proof of proofs) await accept(body, proof, tools.run);
      expect(tools.requests).toHaveLength(proofs.length);
    });

    it("an organization's own key runs tools for its calls, not for another organization's", async () => {
      const otherCampaign = await insertCampaign(db, otherOrgId, { voiceProvider: driver.name });
      const theirs = await liveCall(otherOrgId, otherCampaign);
      const tools = recordingRunTool();
      const ok = availability(theirs);
      expect(
        driver.answerOf(await accept(ok, await sign(ok, orgKey), tools.run), "check_availability"),
      ).toEqual({
        result: "ran check_availability",
      });
      const ours = await liveCall();
      const forged = driver.toolBody({ ...ours, orgId: otherOrgId }, { name: "mark_do_not_call", args: {} });
      await expect(accept(forged, await sign(forged, orgKey), tools.run)).rejects.toMatchObject({
        status: 401,
      });
      // Nor by naming a call id nobody has, hoping for a lookup by the provider's id instead: an
      // organization's key speaks for no call it cannot show is its own.
      const sideways = driver.toolBody(
        { ...ours, callId: "99999999-9999-4999-8999-999999999999", orgId: otherOrgId },
        { name: "mark_do_not_call", args: {} },
      );
      await expect(accept(sideways, await sign(sideways, orgKey), tools.run)).rejects.toMatchObject({
        status: 401,
      });
      expect(tools.requests.map((r) => r.callId)).toEqual([theirs.callId]);
    });

    it("a request that is not a tool request of this provider is a clear 422 and runs nothing", async () => {
      const c = await liveCall();
      const tools = recordingRunTool();
      for (const body of driver.malformedToolBodies(c)) {
        await expect(accept(body, await sign(body), tools.run), body).rejects.toMatchObject({ status: 422 });
      }
      expect(tools.requests).toHaveLength(0);
    });

    it("the route runs the real tools: mark_do_not_call puts the number on the list; forged, nothing", async () => {
      const c = await liveCall();
      const body = driver.toolBody(c, { name: "mark_do_not_call", args: { reason: "asked on the call" } });
      const dnc = () =>
        db.query("select 1 from public.do_not_call where org_id = $1 and phone = $2", [orgId, c.phone]);
      // The route reads the clock at its edge (as in production), so these are signed at the real time.
      const forged = await driver.postTool(body, await driver.sign(body, driver.newKey("env"), new Date()));
      expect(forged.status).toBe(401);
      expect(await dnc()).toHaveLength(0);
      const res = await driver.postTool(body, await driver.sign(body, envKey, new Date()));
      expect(res.status).toBe(200);
      const answer = driver.answerOf(await res.json(), "mark_do_not_call");
      expect(answer).toEqual({ result: expect.stringMatching(/do-not-call list/) });
      expect(JSON.stringify(answer)).not.toContain("\\n");
      expect(await dnc()).toHaveLength(1);
    });
  });
});
