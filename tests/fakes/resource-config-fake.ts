import type { z } from "zod";
import type { FakeReply, FakeRoute } from "./fake-server";

/**
 * Create / get / update routes over an in-memory store, the pattern both providers' config
 * endpoints follow (Vapi assistants, Retell LLMs and agents). Path patterns end in `:id`.
 */
export function resourceRoutes(opts: {
  store: Map<string, Record<string, unknown>>;
  headers: FakeRoute["headers"];
  notFound: FakeReply;
  create: {
    path: string;
    body: z.ZodType;
    /** The stored record for a valid body (with its id under `idKey`), or a refusal. */
    build(body: Record<string, unknown>): Record<string, unknown> | FakeReply;
  };
  idKey: string;
  get: string;
  update: {
    path: string;
    body: z.ZodType;
    merge(current: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown>;
  };
}): FakeRoute[] {
  const { store, headers, notFound } = opts;
  return [
    {
      method: "POST",
      path: opts.create.path,
      headers,
      body: opts.create.body,
      handle: (req) => {
        const built = opts.create.build(req.body as Record<string, unknown>);
        const id = (built as Record<string, unknown>)[opts.idKey];
        if (typeof id !== "string") return built as FakeReply;
        store.set(id, built);
        return { status: 201, body: built };
      },
    },
    {
      method: "GET",
      path: opts.get,
      headers,
      handle: (req) => {
        const found = store.get(req.params.id ?? "");
        return found ? { body: found } : notFound;
      },
    },
    {
      method: "PATCH",
      path: opts.update.path,
      headers,
      body: opts.update.body,
      handle: (req) => {
        const current = store.get(req.params.id ?? "");
        if (!current) return notFound;
        const updated = opts.update.merge(current, req.body as Record<string, unknown>);
        store.set(req.params.id as string, updated);
        return { body: updated };
      },
    },
  ];
}
