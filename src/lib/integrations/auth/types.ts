import type { UserClaims } from "@/lib/db/with-user";

/** Minimal cookie access the adapters need; the app passes Next's cookie store or a request's. */
export interface CookieJar {
  getAll(): { name: string; value: string }[];
  set(name: string, value: string, options: CookieOptions): void;
}

export type CookieOptions = {
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: "lax" | "strict" | "none";
  path?: string;
  maxAge?: number;
  expires?: Date;
};

export type SignInInput = { email: string; password: string; ip?: string; userAgent?: string };
export type SignUpInput = { email: string; password: string; fullName?: string };

export type SignUpResult =
  /** Signed in at once. */
  | { status: "signed-in"; user: UserClaims }
  /** The provider wants the address confirmed first (Supabase with confirmations on). */
  | { status: "confirm-email"; userId: string };

/**
 * The sign-in port. The rest of the app can't tell which adapter is in use: it gets verified
 * claims (`sub`, `email`, `role`) or null. Failures throw AppError.
 */
export interface AuthPort {
  readonly kind: "builtin" | "supabase";
  /** The verified user of this request, or null. Never trusts unverified cookie contents. */
  getUser(): Promise<UserClaims | null>;
  signIn(input: SignInInput): Promise<UserClaims>;
  signUp(input: SignUpInput): Promise<SignUpResult>;
  signOut(): Promise<void>;
}
