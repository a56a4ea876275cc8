import { randomUUID } from "node:crypto";
import { z } from "zod";
import { bearer, type FakeServer, startFakeServer } from "./fake-server";
import { resourceRoutes } from "./resource-config-fake";

/*
 * Contract fake for Vapi's assistant endpoints (POST/GET/PATCH /assistant), as used by
 * `vapi:publish`. Bodies are checked against the documented CreateAssistantDto /
 * UpdateAssistantDto shapes (SDK 2.0.1 types); answers are Assistant objects with the server-side
 * fields Vapi adds (id, orgId, timestamps, defaults), so the publish diff must ignore those.
 * The call endpoints live in vapi-fake.ts.
 */

const serverMessage = z.enum([
  "conversation-update",
  "end-of-call-report",
  "function-call",
  "hang",
  "language-changed",
  "language-change-detected",
  "model-output",
  "phone-call-control",
  "speech-update",
  "status-update",
  "transcript",
  "tool-calls",
  "transfer-destination-request",
  "handoff-destination-request",
  "transfer-update",
  "user-interrupted",
  "voice-input",
]);

const server = z.object({
  url: z.url().optional(),
  credentialId: z.string().optional(),
  timeoutSeconds: z.number().min(1).max(300).optional(),
  headers: z.record(z.string(), z.unknown()).optional(),
});

const jsonSchema: z.ZodType = z.lazy(() =>
  z.object({
    type: z.enum(["string", "number", "integer", "boolean", "array", "object"]),
    properties: z.record(z.string(), jsonSchema).optional(),
    items: jsonSchema.optional(),
    required: z.array(z.string()).optional(),
    enum: z.array(z.string()).optional(),
    description: z.string().optional(),
    format: z.string().optional(),
  }),
);

const tool = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("function"),
    async: z.boolean().optional(),
    server: server.optional(),
    function: z.object({
      name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
      description: z.string().optional(),
      // OpenAiFunctionParameters: the top level must be an object schema.
      parameters: z
        .object({
          type: z.literal("object"),
          properties: z.record(z.string(), jsonSchema),
          required: z.array(z.string()).optional(),
        })
        .optional(),
    }),
  }),
  z.object({ type: z.literal("endCall") }),
]);

const assistantFields = {
  name: z.string().max(40).optional(),
  model: z
    .object({
      provider: z.string(),
      model: z.string(),
      messages: z
        .array(
          z.object({
            role: z.enum(["system", "user", "assistant", "tool", "function"]),
            content: z.string(),
          }),
        )
        .optional(),
      tools: z.array(tool).optional(),
      temperature: z.number().min(0).max(2).optional(),
    })
    .optional(),
  voice: z.object({ provider: z.string(), voiceId: z.string() }).optional(),
  firstMessage: z.string().optional(),
  firstMessageMode: z
    .enum([
      "assistant-speaks-first",
      "assistant-waits-for-user",
      "assistant-speaks-first-with-model-generated-message",
    ])
    .optional(),
  endCallMessage: z.string().optional(),
  voicemailMessage: z.string().max(1000).optional(),
  voicemailDetection: z.object({ provider: z.string() }).optional(),
  maxDurationSeconds: z.number().min(10).max(43_200).optional(),
  serverMessages: z.array(serverMessage).optional(),
  server: server.optional(),
  analysisPlan: z
    .object({
      summaryPlan: z.object({ enabled: z.boolean().optional() }).optional(),
      structuredDataPlan: z
        .object({ enabled: z.boolean().optional(), schema: jsonSchema.optional() })
        .optional(),
    })
    .optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
};

// The SDK puts UpdateAssistantDto.id in the path; an id in the body would be a client bug.
const createBody = z.object(assistantFields).strict();
const updateBody = z.object(assistantFields).strict();

export type VapiConfigFake = FakeServer & {
  apiKey: string;
  assistants: Map<string, Record<string, unknown>>;
};

export async function startVapiConfigFake(apiKey = "vapi-test-key"): Promise<VapiConfigFake> {
  const assistants = new Map<string, Record<string, unknown>>();
  const fake = await startFakeServer(
    "vapi-config",
    resourceRoutes({
      store: assistants,
      headers: bearer(apiKey),
      notFound: {
        status: 404,
        body: { message: "Assistant not found", error: "Not Found", statusCode: 404 },
      },
      idKey: "id",
      create: {
        path: "/assistant",
        body: createBody,
        build: (body) => {
          const now = new Date().toISOString();
          // backgroundSound: a server-side default Vapi fills in; not part of our config.
          return {
            backgroundSound: "office",
            ...body,
            id: randomUUID(),
            orgId: "org-fake",
            createdAt: now,
            updatedAt: now,
          };
        },
      },
      get: "/assistant/:id",
      // PATCH replaces each top-level key it names.
      update: {
        path: "/assistant/:id",
        body: updateBody,
        merge: (current, patch) => ({ ...current, ...patch, updatedAt: new Date().toISOString() }),
      },
    }),
  );
  return Object.assign(fake, { apiKey, assistants });
}
