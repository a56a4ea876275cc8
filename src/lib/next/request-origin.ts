import { headers } from "next/headers";
import { appOrigin } from "@/env";

/**
 * The origin people and providers should use for links shown in a page or an action's answer:
 * APP_URL when set, otherwise the address this request came in on (behind a proxy, its
 * forwarded host and scheme).
 */
export async function requestOrigin(): Promise<string> {
  const configured = appOrigin({ fallback: null });
  if (configured) return configured;
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto") ?? "http";
  return `${proto}://${host}`;
}
