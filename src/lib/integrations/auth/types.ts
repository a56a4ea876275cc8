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

/** The link types of a sign-up confirmation: ours and Supabase's own (`type=email` in its templates). */
export const SIGN_UP_LINK_TYPES = ["signup", "email"] as const;
export type SignUpLinkType = (typeof SIGN_UP_LINK_TYPES)[number];

export type ConfirmSignUpInput = {
  /** The token hash from the emailed link (`token_hash`). */
  token: string;
  type?: SignUpLinkType;
  /** Built-in: the password chosen at sign-up, asked again. Supabase: not used. */
  password?: string;
  ip?: string;
  userAgent?: string;
};

/** A confirmed sign-in from an emailed link, with what its sign-up asked for. */
export type ConfirmSignUpResult = { user: UserClaims; fullName?: string; pending: PendingAccount };

export type PasswordResetRequest =
  /** Built-in: the one-time token for the link we email (1 hour). */
  | { status: "email-link"; resetToken: string }
  /** Built-in: no confirmed account has this address; the caller emails to say so. */
  | { status: "no-account" }
  /** Supabase sent its own email, or nothing for an unknown address: it answers both alike. */
  | { status: "sent-by-provider" };

export type ResetPasswordInput = {
  /** Built-in: the reset link's token. Supabase: none (it spent the token opening the link). */
  token?: string;
  password: string;
};

export type ChangePasswordInput = {
  currentPassword: string;
  newPassword: string;
  ip?: string;
  userAgent?: string;
};

export type ResendConfirmationResult =
  /** Built-in: a fresh token for a sign-up still waiting for its link. */
  | { status: "email-link"; confirmationToken: string }
  /** Nothing to send from here: unknown or confirmed address (built-in), or Supabase sent it. */
  | { status: "done" };

/**
 * The sign-in port. The rest of the app can't tell which adapter is in use: it gets verified
 * claims (`sub`, `email`, `role`) or null. Failures throw AppError; an auth server that can't be
 * reached is `unavailable` (503), never "wrong password".
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
   * Finishes a sign-up from its emailed link and signs in. Built-in: the password chosen at
   * sign-up is asked again, so a link from someone else's sign-up cannot activate their
   * password. Supabase: verifies the link's token hash (`verifyOtp`).
   */
  confirmSignUp(input: ConfirmSignUpInput): Promise<ConfirmSignUpResult>;
  /** Sends the sign-up link again to an address still waiting for one (or says what to send). */
  resendConfirmation(input: { email: string }): Promise<ResendConfirmationResult>;
  /** Starts a password reset for an address; the answer never says whether it has an account. */
  requestPasswordReset(input: { email: string }): Promise<PasswordResetRequest>;
  /**
   * How a reset link is used. `form`: its page asks for the new password and `resetPassword`
   * takes the token (built-in). `session`: `openRecoveryLink` spends the token and signs this
   * browser in for a few minutes, then a set-new-password page calls `resetPassword` (Supabase).
   */
  readonly recoveryFlow: "form" | "session";
  openRecoveryLink(input: { token: string }): Promise<void>;
  /** Whether this browser holds a session that a reset link opened a few minutes ago. */
  inRecovery(): Promise<boolean>;
  /**
   * Sets a new password from a reset link's token, once. Every session of the user ends, the
   * one that used the link included: they sign in again with the new password.
   */
  resetPassword(input: ResetPasswordInput): Promise<{ email: string }>;
  /**
   * What the signed-in user's sign-up asked for, if their account carries it (Supabase: its
   * metadata), for onboarding when the first confirmed sign-in did not happen on our confirm
   * page. Built-in: null (the sign-up link carries it, and is gone once used).
   */
  pendingSignUp(): Promise<Omit<ConfirmSignUpResult, "user"> | null>;
  /** The signed-in user changes their password; their other sessions end, this one stays. */
  changePassword(input: ChangePasswordInput): Promise<void>;
  signOut(): Promise<void>;
}
