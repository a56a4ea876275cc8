import { z } from "zod";
import { SIGN_UP_LINK_TYPES } from "@/lib/integrations/auth/types";
import { emailSchema, passwordSchema } from "./organization";

/** The token hash of an emailed link (ours are 43 characters; Supabase's 56, or 61 with `pkce_`). */
export const linkTokenSchema = z
  .string()
  .min(20, "This link is incomplete.")
  .max(200, "This link is too long.");

/** Where to go once signed in; checked again with safeNextPath before anyone is sent there. */
const nextSchema = z.string().max(2048).optional();

/**
 * An emailed sign-up link, opened: its token and type, where to go next, and (built-in sign-in
 * only) the password chosen at sign-up, asked again.
 */
export const confirmSignUpSchema = z.object({
  token: linkTokenSchema,
  type: z.enum(SIGN_UP_LINK_TYPES).default("signup"),
  password: z.string().max(128).optional(),
  next: nextSchema,
});
export type ConfirmSignUpInput = z.input<typeof confirmSignUpSchema>;

/** The built-in confirmation form: the password is required there. */
export const confirmSignUpWithPasswordSchema = confirmSignUpSchema.extend({
  password: z.string().min(1, "Enter the password you chose.").max(128),
});
export type ConfirmSignUpWithPasswordInput = z.input<typeof confirmSignUpWithPasswordSchema>;

/** "Send the link again" and "Forgot your password?": an address only. */
export const accountEmailSchema = z.object({ email: emailSchema });
export type AccountEmailInput = z.infer<typeof accountEmailSchema>;

export const openRecoveryLinkSchema = z.object({ token: linkTokenSchema });

const repeated = <T extends { confirmPassword: string }>(value: T, password: string) =>
  value.confirmPassword === password;

/** A new password from a reset link: with its token (built-in) or in its session (Supabase). */
export const resetPasswordSchema = z
  .object({
    token: linkTokenSchema.optional(),
    password: passwordSchema,
    confirmPassword: z.string(),
  })
  .refine((v) => repeated(v, v.password), {
    path: ["confirmPassword"],
    message: "The two passwords are not the same.",
  });
export type ResetPasswordInput = z.infer<typeof resetPasswordSchema>;

/** Change password (account menu): the current one, and the new one twice. */
export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password.").max(128),
    newPassword: passwordSchema,
    confirmPassword: z.string(),
  })
  .refine((v) => repeated(v, v.newPassword), {
    path: ["confirmPassword"],
    message: "The two passwords are not the same.",
  })
  .refine((v) => v.newPassword !== v.currentPassword, {
    path: ["newPassword"],
    message: "Choose a password different from your current one.",
  });
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;
