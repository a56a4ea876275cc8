import { randomBytes } from "node:crypto";
import { z } from "zod";
import { bearer, type FakeServer, startFakeServer } from "./fake-server";
import { resourceRoutes } from "./resource-config-fake";

/*
 * Contract fake for Retell's LLM and agent endpoints (create/get/update), as used by
 * `retell:publish`. Bodies are checked against LlmCreateParams / AgentCreateParams (retell-sdk
 * 5.x); answers carry the fields Retell adds (ids, version, timestamps). An agent must point at
 * an LLM that exists. The call endpoints live in retell-fake.ts.
 */

const customTool = z.object({
  type: z.literal("custom"),
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
  url: z.url(),
  description: z.string().optional(),
  method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]).optional(),
  // Retell: the parameters' top level must be `"type": "object"`.
  parameters: z
    .object({
      type: z.literal("object"),
      properties: z.record(z.string(), z.unknown()),
      required: z.array(z.string()).optional(),
    })
    .optional(),
  speak_during_execution: z.boolean().optional(),
  speak_after_execution: z.boolean().optional(),
  timeout_ms: z.number().int().min(1000).max(600_000).optional(),
  max_retry: z.number().int().min(0).max(5).optional(),
});
const endCallTool = z.object({
  type: z.literal("end_call"),
  name: z.string(),
  description: z.string().optional(),
});

const llmBody = z
  .object({
    model: z.string().nullable().optional(),
    model_temperature: z.number().min(0).max(1).optional(),
    start_speaker: z.enum(["user", "agent"]).optional(),
    begin_message: z.string().nullable().optional(),
    general_prompt: z.string().nullable().optional(),
    general_tools: z
      .array(z.discriminatedUnion("type", [customTool, endCallTool]))
      .nullable()
      .optional(),
  })
  .strict();

const analysisData = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("string"),
    name: z.string(),
    description: z.string(),
    examples: z.array(z.string()).optional(),
    required: z.boolean().optional(),
  }),
  z.object({
    type: z.literal("enum"),
    name: z.string(),
    description: z.string(),
    choices: z.array(z.string()).min(1),
    required: z.boolean().optional(),
  }),
]);

const agentFields = {
  agent_name: z.string().nullable().optional(),
  response_engine: z.object({
    type: z.literal("retell-llm"),
    llm_id: z.string(),
    version: z.number().nullable().optional(),
  }),
  voice_id: z.string(),
  language: z.string().optional(),
  webhook_url: z.url().nullable().optional(),
  webhook_events: z
    .array(z.enum(["call_started", "call_ended", "call_analyzed", "transcript_updated"]))
    .nullable()
    .optional(),
  voicemail_option: z
    .object({
      action: z.discriminatedUnion("type", [
        z.object({ type: z.literal("static_text"), text: z.string() }),
        z.object({ type: z.literal("prompt"), text: z.string() }),
        z.object({ type: z.literal("hangup") }),
      ]),
    })
    .nullable()
    .optional(),
  max_call_duration_ms: z.number().int().min(60_000).max(7_200_000).optional(),
  ring_duration_ms: z.number().int().min(5_000).max(300_000).optional(),
  end_call_after_silence_ms: z.number().int().min(10_000).optional(),
  post_call_analysis_data: z.array(analysisData).nullable().optional(),
};
const agentCreate = z.object(agentFields).strict();
const agentUpdate = z.object(agentFields).partial().strict();

export type RetellConfigFake = FakeServer & {
  apiKey: string;
  llms: Map<string, Record<string, unknown>>;
  agents: Map<string, Record<string, unknown>>;
};

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString("hex")}`;

export async function startRetellConfigFake(apiKey = "retell-test-key"): Promise<RetellConfigFake> {
  const llms = new Map<string, Record<string, unknown>>();
  const agents = new Map<string, Record<string, unknown>>();
  const auth = bearer(apiKey);
  const notFound = (what: string) => ({
    status: 404,
    body: { status: "error", message: `${what} not found` },
  });
  const bump = (current: Record<string, unknown>, patch: Record<string, unknown>) => ({
    ...current,
    ...patch,
    version: (current.version as number) + 1,
    last_modification_timestamp: Date.now(),
  });
  const fake = await startFakeServer("retell-config", [
    ...resourceRoutes({
      store: llms,
      headers: auth,
      notFound: notFound("LLM"),
      idKey: "llm_id",
      create: {
        path: "/create-retell-llm",
        body: llmBody,
        build: (body) => ({
          model_high_priority: false,
          ...body,
          llm_id: id("llm"),
          version: 0,
          is_published: false,
          last_modification_timestamp: Date.now(),
        }),
      },
      get: "/get-retell-llm/:id",
      update: { path: "/update-retell-llm/:id", body: llmBody, merge: bump },
    }),
    ...resourceRoutes({
      store: agents,
      headers: auth,
      notFound: notFound("Agent"),
      idKey: "agent_id",
      create: {
        path: "/create-agent",
        body: agentCreate,
        build: (body) => {
          const engine = (body as z.infer<typeof agentCreate>).response_engine;
          if (!llms.has(engine.llm_id)) {
            return {
              status: 400,
              body: { status: "error", message: "response_engine.llm_id does not exist" },
            };
          }
          return {
            interruption_sensitivity: 1,
            ...body,
            agent_id: id("agent"),
            version: 0,
            is_published: false,
            last_modification_timestamp: Date.now(),
          };
        },
      },
      get: "/get-agent/:id",
      update: { path: "/update-agent/:id", body: agentUpdate, merge: bump },
    }),
  ]);
  return Object.assign(fake, { apiKey, llms, agents });
}
