import { appOrigin } from "@/env";

/**
 * The links account emails carry. Built-in sign-in emails them itself; with Supabase, its email
 * templates build the same `/auth/confirm?token_hash=…&type=…` form (README, deploy step 3).
 */
export function confirmSignUpUrl(token: string): string {
  return `${appOrigin({ fallback: "localhost" })}/auth/confirm?token_hash=${encodeURIComponent(token)}&type=signup`;
}

export function resetPasswordUrl(token: string): string {
  return `${appOrigin({ fallback: "localhost" })}/auth/confirm?token_hash=${encodeURIComponent(token)}&type=recovery`;
}
