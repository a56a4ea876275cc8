import { Body, Container, Head, Html, Link, Preview, Text } from "@react-email/components";
import { render } from "@react-email/render";
import { emailStyles } from "./templates/render";
import type { RenderedEmail } from "./types";

/**
 * The emails about an account itself (not an organization's follow-ups): paragraphs of text and
 * one link, as HTML (React escapes every value) and plain text.
 */
export async function renderAccountEmail({
  subject,
  before,
  link,
  after,
}: {
  subject: string;
  before: string[];
  link: { label: string; url: string };
  after: string[];
}): Promise<RenderedEmail> {
  const html = await render(
    <Html lang="en">
      <Head>
        <title>{subject}</title>
      </Head>
      <Preview>{before[0] ?? subject}</Preview>
      <Body style={emailStyles.body}>
        <Container style={emailStyles.container}>
          {before.map((p) => (
            <Text key={p} style={emailStyles.text}>
              {p}
            </Text>
          ))}
          <Text style={emailStyles.text}>
            <Link href={link.url} style={emailStyles.link}>
              {link.label}
            </Link>
          </Text>
          {after.map((p) => (
            <Text key={p} style={emailStyles.notice}>
              {p}
            </Text>
          ))}
        </Container>
      </Body>
    </Html>,
  );
  const text = [...before, `${link.label}: ${link.url}`, ...after].join("\n\n");
  return { subject, html, text: `${text}\n` };
}

/** The link that finishes a sign-up. */
export function confirmSignUpEmail(email: string, url: string): Promise<RenderedEmail> {
  return renderAccountEmail({
    subject: "Confirm your email to finish signing up",
    before: [`Open this link to finish creating your Dialer account for ${email}. It works for 24 hours.`],
    link: { label: "Finish signing up", url },
    after: ["If you did not sign up, ignore this email: no account is opened without this link."],
  });
}

/** Sent instead when the address already has an account, so the sign-up page can answer the same. */
export function alreadyRegisteredEmail(email: string, url: string): Promise<RenderedEmail> {
  return renderAccountEmail({
    subject: "You already have an account",
    before: [
      `Someone, probably you, tried to create a Dialer account for ${email}. There already is one for this address, so nothing new was created.`,
    ],
    link: { label: "Sign in", url },
    after: ["If it was not you, you can ignore this email: your account has not changed."],
  });
}

/** The link that sets a new password. */
export function resetPasswordEmail(email: string, url: string): Promise<RenderedEmail> {
  return renderAccountEmail({
    subject: "Reset your password",
    before: [
      `Someone, probably you, asked to reset the password of the Dialer account for ${email}. Open this link to choose a new one. It works once, for 1 hour.`,
    ],
    link: { label: "Choose a new password", url },
    after: [
      "Setting a new password signs you out everywhere. If you did not ask for this, ignore this email: your password has not changed.",
    ],
  });
}

/** Sent for a reset asked for an address without an account, so the page can answer the same. */
export function noAccountEmail(email: string, url: string): Promise<RenderedEmail> {
  return renderAccountEmail({
    subject: "There is no Dialer account for this address",
    before: [
      `Someone, probably you, asked to reset the password of a Dialer account for ${email}. There is no account for this address yet (or its sign-up was never finished).`,
    ],
    link: { label: "Create an account", url },
    after: ["If it was not you, you can ignore this email."],
  });
}
