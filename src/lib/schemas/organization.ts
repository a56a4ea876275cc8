import { getCountries } from "libphonenumber-js/min";
import { z } from "zod";

const TIME_ZONES = new Set(Intl.supportedValuesOf("timeZone"));
TIME_ZONES.add("UTC");
const COUNTRIES = new Set<string>(getCountries());

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address."));
export const passwordSchema = z
  .string()
  .min(8, "Use at least 8 characters.")
  .max(128, "Use at most 128 characters.");

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password."),
});
export type SignInInput = z.infer<typeof signInSchema>;

export const signUpSchema = z
  .object({
    fullName: z.string().trim().min(1, "Enter your name.").max(120),
    /** Either a new organization's name, or the token of an invitation to join one. */
    organizationName: z.string().trim().max(120).optional(),
    inviteToken: z.string().min(20).max(200).optional(),
    email: emailSchema,
    password: passwordSchema,
  })
  .refine((v) => v.inviteToken || (v.organizationName && v.organizationName.length >= 2), {
    path: ["organizationName"],
    message: "Name your organization.",
  });
export type SignUpInput = z.infer<typeof signUpSchema>;

export const timeZoneSchema = z
  .string()
  .trim()
  .refine((tz) => TIME_ZONES.has(tz), "Not a known IANA time zone (e.g. America/Chicago).");

export const countrySchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine((c) => COUNTRIES.has(c), "Not a known ISO country code (e.g. US, GB, DE).");

export const createOrganizationSchema = z.object({
  name: z.string().trim().min(2, "Name your organization.").max(120),
});

export const updateOrganizationSchema = z.object({
  name: z.string().trim().min(2, "Name your organization.").max(120),
  defaultCountry: countrySchema,
  defaultTimezone: timeZoneSchema,
});
export type UpdateOrganizationInput = z.infer<typeof updateOrganizationSchema>;

export const memberRoleSchema = z.enum(["owner", "admin", "member"]);
export type MemberRole = z.infer<typeof memberRoleSchema>;

export const inviteMemberSchema = z.object({
  email: emailSchema,
  role: memberRoleSchema.default("member"),
});
export type InviteMemberInput = z.infer<typeof inviteMemberSchema>;

export const changeMemberRoleSchema = z.object({
  userId: z.uuid(),
  role: memberRoleSchema,
});

export const removeMemberSchema = z.object({ userId: z.uuid() });
export const revokeInvitationSchema = z.object({ invitationId: z.uuid() });
