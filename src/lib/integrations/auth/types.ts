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
/** What a sign-up asked for, kept until the address is confirmed. */
export type PendingAccount = { organizationName?: string; inviteToken?: string };

export type SignUpInput = { email: string; password: string; fullName?: string; pending?: PendingAccount };

export type SignUpResult =
  /** Signed in at once (Supabase with confirmations off). */
  | { status: "signed-in"; user: UserClaims }
  /**
   * The address must be confirmed first. Built-in: `confirmationToken` is the one-time token
   * for the link we email. Supabase: it emails its own link, so there is none.
   */
  | { status: "confirm-email"; userId: string; confirmationToken?: string }
  /** The address already has an account; nothing was created or changed. */
  | { status: "already-registered" };

export type ConfirmSignUpInput = { token: string; password: string; ip?: string; userAgent?: string };

export type ConfirmSignUpResult = { user: UserClaims; fullName?: string; pending: PendingAccount };

/**
 * The sign-in port. The rest of the app can't tell which adapter is in use: it gets verified
 * claims (`sub`, `email`, `role`) or null. Failures throw AppError.
 */
export interface AuthPort {
  readonly kind: "builtin" | "supabase";
  /** The verified user of this request, or null. Never trusts unverified cookie contents. */
  getUser(): Promise<UserClaims | null>;
  signIn(input: SignInInput): Promise<UserClaims>;
  /**
   * Answers the same for an address that is new and one that is taken (the caller emails the
   * owner either way); the result tells the caller which email to send.
   */
  signUp(input: SignUpInput): Promise<SignUpResult>;
  /**
   * Built-in only: finishes a sign-up from its emailed link. The password chosen at sign-up is
   * asked again, so a link from someone else's sign-up cannot activate their password.
   */
  confirmSignUp(input: ConfirmSignUpInput): Promise<ConfirmSignUpResult>;
  signOut(): Promise<void>;
}
