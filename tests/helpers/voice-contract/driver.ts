import { randomBytes } from "node:crypto";
import { resetEnvCache } from "@/env";
import { resetEncryptionKeyCache } from "@/lib/crypto/encryption-key";
import { setDbHandle } from "@/lib/db";
import { setQueue } from "@/lib/integrations/queue";
import type { StartCallInput, VoiceProvider } from "@/lib/integrations/voice/types";
import type { RunTool, ToolRequest, ToolResponse } from "@/lib/services/tools/types";
import type { FakeRequest, FakeServer } from "../../fakes/fake-server";
import { createTestDb, type TestDb, type TestDbKind } from "../test-db";

/*
 * What the voice-provider contract suite (tests/integration/voice-*-contract.test.ts) needs from
 * each provider: its contract fake, its adapter, how it signs requests, and its payloads. The
 * suite states each promise once and runs it against every driver; a provider's own quirks stay in
 * its own test file.
 */

/** The ids a provider payload carries: its call id, and ours in the metadata. */
export type PayloadIds = {
  providerCallId: string;
  callId: string;
  orgId: string;
  campaignId?: string;
  leadId?: string;
};

/** Request headers that prove where a request comes from (a signature, a credential). */
export type Proof = Record<string, string>;

export type ProviderFake = FakeServer & {
  apiKey: string;
  calls: Map<string, Record<string, unknown>>;
  failCreate(status: number, message?: string, times?: number): void;
};

/** A database row as `select *` returns it. */
export type Row = Record<string, unknown>;

/** A tool answer reduced to what the agent hears: `{ result }` or `{ error }`. */
export type ToolAnswer = { result: string } | { error: string };

export type VoiceDriver = {
  name: "retell" | "vapi";
  label: string;

  // The adapter against the contract fake.
  startFake(options?: { apiKey?: string }): Promise<ProviderFake>;
  voice(fake: ProviderFake, options?: { apiKey?: string; baseUrl?: string }): VoiceProvider;
  /** The concurrency account and cap the adapter is built with. */
  account: { key: string; cap: number };
  /** The create-call requests the fake received. */
  creates(fake: ProviderFake): FakeRequest[];
  /** A start request in this provider's terms (agent and caller id as the provider knows them). */
  startInput(over?: Partial<StartCallInput>): StartCallInput;
  /** The create-call body `startInput()` must produce, exactly. */
  createBody: unknown;
  /** The state a just-created call has at the provider. */
  createdStatus(fake: ProviderFake, providerCallId: string): unknown;
  createdStatusExpected: unknown;
  /** How the refusal of a campaign without a caller id reads. */
  noCallerId: RegExp;
  /** Create-call failures: HTTP status, the provider's message, what the VoiceError must match. */
  failures: [number, string, Record<string, unknown>][];
  /** get-call: moves a call along at the fake and says what the adapter must report. */
  getCall: {
    ongoing(fake: ProviderFake, providerCallId: string): void;
    ended(fake: ProviderFake, providerCallId: string): void;
    endedReport(providerCallId: string): Record<string, unknown>;
    unknownId: string;
  };
  /** Ends a call at the fake as busy (for the reconciler), and the raw reason it reports. */
  endBusy(fake: ProviderFake, providerCallId: string, at: Date): void;
  busyReason: string;

  /** What a campaign calling through this provider needs besides the defaults. */
  campaign: { agentId: string; callerId?: string };

  // Signing.
  /** The environment variable whose key or secret verifies webhooks and tool requests. */
  envVar: "RETELL_API_KEY" | "VAPI_WEBHOOK_SECRET";
  /** Whether the environment's key also calls the API (Retell signs with its API key). */
  envKeyIsApiKey: boolean;
  newKey(kind: "env" | "org"): string;
  /** Stores an organization's own account, whose key signs for that organization's calls. */
  storeOrgKey(db: TestDb, orgId: string, key: string): Promise<void>;
  /** A valid proof for `body` as of `at`. */
  sign(body: string, key: string, at: Date): Promise<Proof>;
  /** Proofs that must be refused: a wrong key, a stale and a future time, missing or garbled headers. */
  badProofs(body: string, key: string, at: Date): Promise<Proof[]>;
  /** Other proofs the provider may send that must be accepted (credentials instead of a signature). */
  otherGoodProofs(body: string, key: string): Proof[];
  /**
   * Whether the service checks signatures against the wall clock rather than its injected `now`
   * (retell-sdk's `Retell.verify` takes no clock).
   */
  verifiesAtWallClock: boolean;
  /** The 401 body of a refused proof. */
  refusal: { error: string };

  // Webhooks.
  postWebhook(body: string, proof?: Proof): Promise<Response>;
  /** A documented payload from tests/fixtures/<provider>, re-addressed to one of our calls. */
  body(fixture: string, ids: PayloadIds): string;
  fixtures: {
    busy: string;
    noAnswer: string;
    booked: string;
    unknownReason: string;
  };
  /** A do-not-call outcome for `ids`. */
  doNotCallBody(ids: PayloadIds): string;
  /** The busy body with its reason changed, keeping the signature it had. */
  tamper(busyBody: string): string;
  unknownReason: string;
  /** Valid JSON that is not this provider's payload. */
  foreignBody: string;
  /** How a stored event is named in `webhook_events` (`type` or `event_key`). */
  eventName(event: { type: string; event_key: string }): string;
  /** The name of a stored event that ended the call (busy, no answer, unknown reason). */
  endedEvent(providerCallId: string): string;
  /** A call id in the provider's format. */
  newProviderCallId(): string;
  /** Dispatch through the real services, then the provider's events of a booked call, in order. */
  bookedCall: {
    /** The create-call body's variables and metadata; provider-specific checks of the rest. */
    dispatched(fake: ProviderFake): { variables: Record<string, unknown>; metadata: unknown };
    /** Each event, and what the call must look like right after it (null: not checked). */
    events: [string, Row | null][];
    call: Row;
    turns: { role: string; text: string }[];
    analysis: Row;
    /** The stored events, named as `eventName` names them. */
    stored(providerCallId: string): string[];
  };
  /** A final report delivered first, then earlier events that arrive late and must change nothing. */
  finalFirst: {
    fixture: string;
    call: Row;
    /** Timestamps of the call row, as ISO strings. */
    times: Record<string, string>;
    leadStatus: string;
    late: string[];
    stored(providerCallId: string): string[];
  };

  // In-call tools.
  postTool(body: string, proof: Proof): Promise<Response>;
  acceptTool(options: {
    db: TestDb;
    rawBody: string;
    proof: Proof;
    envKey: string;
    now: Date;
    run: RunTool;
  }): Promise<unknown>;
  /** A tool request for one call of a tool, in the provider's (SDK's) shape. */
  toolBody(call: PayloadIds, tool: { name: string; args: Record<string, unknown> }): string;
  /** The answer to a one-tool request, checked for its envelope and reduced to result or error. */
  answerOf(reply: unknown, name: string): ToolAnswer;
  /** Signed requests that are not tool requests of this provider. */
  malformedToolBodies(call: PayloadIds): string[];
};

/** Our ids in every start request of the adapter tests, and the lead's number. */
export const START_IDS = {
  callId: "11111111-1111-4111-8111-111111111111",
  orgId: "22222222-2222-4222-8222-222222222222",
  campaignId: "33333333-3333-4333-8333-333333333333",
  leadId: "44444444-4444-4444-8444-444444444444",
  toNumber: "+16465550111",
} as const;

/** `START_IDS` as the metadata a provider must be given (and echoes back in every event). */
export const START_METADATA = {
  call_id: START_IDS.callId,
  org_id: START_IDS.orgId,
  campaign_id: START_IDS.campaignId,
  lead_id: START_IDS.leadId,
};

/**
 * A database of `kind` for the voice tests, with a fresh encryption key (organizations' keys are
 * sealed with it) and the app's handle pointing at it. Set the provider's variables before.
 */
export async function openVoiceDb(kind: TestDbKind): Promise<TestDb> {
  process.env.ENCRYPTION_KEY = randomBytes(32).toString("base64");
  resetEnvCache();
  resetEncryptionKeyCache();
  const db = await createTestDb(kind);
  setDbHandle(db);
  return db;
}

/** Undoes `openVoiceDb` and whatever the tests set: the environment as it was, no handle, no queue. */
export async function closeVoiceDb(db: TestDb | undefined, savedEnv: NodeJS.ProcessEnv): Promise<void> {
  setDbHandle(undefined);
  setQueue(undefined);
  process.env = savedEnv;
  resetEnvCache();
  resetEncryptionKeyCache();
  await db?.destroy();
}

/** The error a promise rejects with; fails when it resolves. */
export const rejection = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e,
  );

/** A RunTool test double: records what it was asked and answers as told. */
export function recordingRunTool(
  answer: (r: ToolRequest) => Promise<ToolResponse> = async (r) => ({ ok: true, result: `ran ${r.name}` }),
) {
  const requests: Omit<ToolRequest, "db">[] = [];
  const run: RunTool = async (request) => {
    const { db: _db, ...rest } = request;
    requests.push(rest);
    return answer(request);
  };
  return { run, requests };
}

/** Reads of what webhooks write, for "what changed" and "nothing was written" checks. */
export function webhookRows(db: TestDb) {
  const callRow = async (id: string) =>
    (await db.query<Row>("select * from public.calls where id = $1", [id]))[0] as Row;
  const leadRow = async (id: string) =>
    (await db.query<Row>("select * from public.leads where id = $1", [id]))[0] as Row;
  const events = async (callId: string) =>
    db.query<{ type: string; event_key: string; error: string | null; processed: boolean }>(
      `select type, event_key, error, processed_at is not null as processed from public.webhook_events
       where call_id = $1 order by id`,
      [callId],
    );
  const eventCount = async () =>
    (await db.query<{ n: number }>("select count(*)::int as n from public.webhook_events"))[0]?.n;
  return {
    callRow,
    leadRow,
    events,
    eventCount,
    /** Everything a webhook could write. */
    snapshot: async (callId: string, leadId: string) => ({
      call: await callRow(callId),
      lead: await leadRow(leadId),
      events: await eventCount(),
    }),
  };
}
