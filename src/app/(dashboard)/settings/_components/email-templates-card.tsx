"use client";

import { Loader2, RotateCcw, Send } from "lucide-react";
import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import {
  previewEmailTemplateAction,
  resetEmailTemplateAction,
  saveEmailTemplateAction,
  sendTestEmailAction,
} from "@/actions/email-template-actions";
import { FieldError } from "@/components/app/field-error";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import { Tabs, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Textarea } from "@/components/ui/textarea";
import { TEMPLATE_LABELS } from "@/lib/email/templates/labels";
import { TEMPLATE_VARIABLES, VARIABLE_DESCRIPTIONS } from "@/lib/email/templates/variables";
import type { TemplateKind } from "@/lib/email/types";

const KINDS = Object.keys(TEMPLATE_LABELS) as TemplateKind[];

export type EmailTemplateValues = {
  kind: TemplateKind;
  subject: string;
  body: string;
  enabled: boolean;
  isDefault: boolean;
};

type Draft = Pick<EmailTemplateValues, "subject" | "body" | "enabled">;

/**
 * Settings → Emails: the wording of each follow-up, with placeholders, a live preview rendered
 * by the server with sample data, and a test send to yourself. Read-only for members.
 */
export function EmailTemplatesCard({
  templates,
  canAdminister,
}: {
  templates: EmailTemplateValues[];
  canAdminister: boolean;
}) {
  const router = useRouter();
  const saved = Object.fromEntries(templates.map((t) => [t.kind, t])) as Record<
    TemplateKind,
    EmailTemplateValues
  >;
  const [kind, setKind] = useState<TemplateKind>("confirmation");
  const [drafts, setDrafts] = useState<Record<TemplateKind, Draft>>(
    () =>
      Object.fromEntries(
        templates.map((t) => [t.kind, { subject: t.subject, body: t.body, enabled: t.enabled }]),
      ) as Record<TemplateKind, Draft>,
  );
  const draft = drafts[kind];
  const current = saved[kind];
  const dirty =
    draft.subject !== current.subject || draft.body !== current.body || draft.enabled !== current.enabled;
  const save = useAction(saveEmailTemplateAction, {
    onSuccess: () => {
      toast.success(`${TEMPLATE_LABELS[kind].title} email saved.`);
      router.refresh();
    },
    onError: ({ error }) => toast.error(error.serverError ?? "Fix the problems under the fields."),
  });
  const reset = useAction(resetEmailTemplateAction, {
    onSuccess: ({ data }) => {
      if (data)
        setDrafts((all) => ({
          ...all,
          [data.kind]: { subject: data.subject, body: data.body, enabled: true },
        }));
      save.reset();
      toast.success("Back to the default wording.");
      router.refresh();
    },
    onError: ({ error }) => toast.error(error.serverError ?? "Could not reset the template."),
  });
  const sendTest = useAction(sendTestEmailAction, {
    onSuccess: ({ data }) => {
      if (!data) return;
      toast.success(
        data.transport === "outbox"
          ? "Stored in the outbox (local mode): nothing was sent."
          : `Sent to ${data.to}.`,
      );
    },
    onError: ({ error }) => toast.error(error.serverError ?? "Fix the problems under the fields first."),
  });

  const setDraft = (patch: Partial<Draft>) => {
    setDrafts((all) => ({ ...all, [kind]: { ...all[kind], ...patch } }));
    // Errors from the last save describe text that is gone now.
    if (save.result.validationErrors) save.reset();
    if (sendTest.result.validationErrors) sendTest.reset();
  };

  // The live preview: rendered on the server (React Email), a moment after typing stops.
  const preview = useAction(previewEmailTemplateAction);
  const { execute: renderPreview } = preview;
  useEffect(() => {
    const timer = setTimeout(() => renderPreview({ kind, subject: draft.subject, body: draft.body }), 350);
    return () => clearTimeout(timer);
  }, [kind, draft.subject, draft.body, renderPreview]);
  const [lastHtml, setLastHtml] = useState<string | null>(null);
  const previewData = preview.result.data;
  useEffect(() => {
    if (previewData?.html) setLastHtml(previewData.html);
  }, [previewData]);

  // Clicking a placeholder inserts it where the cursor was, in the subject or the body.
  const subjectRef = useRef<HTMLInputElement>(null);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const lastField = useRef<"subject" | "body">("body");
  const insert = (name: string) => {
    const field = lastField.current;
    const element = field === "subject" ? subjectRef.current : bodyRef.current;
    const value = draft[field];
    const token = `{{${name}}}`;
    const start = element?.selectionStart ?? value.length;
    const end = element?.selectionEnd ?? value.length;
    setDraft({ [field]: value.slice(0, start) + token + value.slice(end) });
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  const errors = save.result.validationErrors as Record<string, { _errors?: string[] }> | undefined;
  const sendErrors = sendTest.result.validationErrors as Record<string, { _errors?: string[] }> | undefined;
  const fieldError = (field: "subject" | "body") =>
    errors?.[field]?._errors?.[0] ?? sendErrors?.[field]?._errors?.[0];
  const busy = save.isPending || reset.isPending;
  const readOnly = !canAdminister;

  return (
    <Card id="emails" className="scroll-mt-6">
      <CardHeader>
        <CardTitle>Emails</CardTitle>
        <CardDescription>
          The follow-ups leads get after a call. Placeholders like {"{{first_name}}"} are filled in for each
          lead; meeting times are shown in the lead's own time zone. Each email can also be turned off per
          campaign.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <Tabs
          value={kind}
          onValueChange={(value) => {
            setKind(value as TemplateKind);
            save.reset();
            sendTest.reset();
          }}
        >
          <TabsList>
            {KINDS.map((k) => (
              <TabsTrigger key={k} value={k} className="gap-1.5">
                {TEMPLATE_LABELS[k].title}
                {!drafts[k].enabled ? (
                  <Badge variant="outline" className="px-1 py-0 text-[10px]">
                    off
                  </Badge>
                ) : null}
              </TabsTrigger>
            ))}
          </TabsList>
        </Tabs>
        <div className="grid gap-6 lg:grid-cols-2">
          <form
            className="grid content-start gap-4"
            onSubmit={(e) => {
              e.preventDefault();
              save.execute({ kind, ...draft });
            }}
          >
            <div className="flex items-start justify-between gap-4">
              <div className="grid gap-1">
                <p className="text-sm">{TEMPLATE_LABELS[kind].when}</p>
                <p className="text-muted-foreground text-xs">
                  {current.isDefault ? "Using the default wording." : "Your own wording."}
                </p>
              </div>
              <div className="flex items-center gap-2">
                <Switch
                  id="template-enabled"
                  checked={draft.enabled}
                  disabled={readOnly || busy}
                  onCheckedChange={(enabled) => setDraft({ enabled })}
                />
                <Label htmlFor="template-enabled" className="text-sm">
                  {draft.enabled ? "On" : "Off"}
                </Label>
              </div>
            </div>
            <fieldset disabled={readOnly || busy} className="grid gap-4">
              <div className="grid gap-2">
                <Label htmlFor="template-subject">Subject</Label>
                <Input
                  id="template-subject"
                  ref={subjectRef}
                  value={draft.subject}
                  onFocus={() => {
                    lastField.current = "subject";
                  }}
                  onChange={(e) => setDraft({ subject: e.target.value })}
                  aria-invalid={Boolean(fieldError("subject"))}
                />
                <FieldError message={fieldError("subject")} />
              </div>
              <div className="grid gap-2">
                <Label htmlFor="template-body">Message</Label>
                <Textarea
                  id="template-body"
                  ref={bodyRef}
                  rows={14}
                  value={draft.body}
                  onFocus={() => {
                    lastField.current = "body";
                  }}
                  onChange={(e) => setDraft({ body: e.target.value })}
                  className="font-mono text-[13px] leading-relaxed"
                  aria-invalid={Boolean(fieldError("body"))}
                />
                <p className="text-muted-foreground text-xs">
                  A blank line starts a new paragraph. Links come only from the link placeholders. An
                  unsubscribe link is added at the bottom of every email.
                </p>
                <FieldError message={fieldError("body")} />
              </div>
            </fieldset>
            <div className="grid gap-2">
              <Label className="text-sm">Placeholders</Label>
              <div className="flex flex-wrap gap-1.5">
                {TEMPLATE_VARIABLES[kind].map((name) => (
                  <Button
                    key={name}
                    type="button"
                    size="sm"
                    variant="outline"
                    className="h-7 font-mono text-xs"
                    title={VARIABLE_DESCRIPTIONS[name]}
                    disabled={readOnly}
                    onClick={() => insert(name)}
                  >
                    {`{{${name}}}`}
                  </Button>
                ))}
              </div>
            </div>
            {readOnly ? (
              <p className="text-muted-foreground text-sm">Only owners and admins can change the emails.</p>
            ) : (
              <div className="flex flex-wrap gap-2">
                <Button type="submit" disabled={busy || !dirty}>
                  {save.isPending ? <Loader2 className="animate-spin" /> : null}
                  Save
                </Button>
                <Button
                  type="button"
                  variant="outline"
                  disabled={sendTest.isPending}
                  onClick={() => sendTest.execute({ kind, subject: draft.subject, body: draft.body })}
                >
                  {sendTest.isPending ? <Loader2 className="animate-spin" /> : <Send />}
                  Send test to me
                </Button>
                <AlertDialog>
                  <AlertDialogTrigger asChild>
                    <Button type="button" variant="ghost" disabled={busy || (current.isDefault && !dirty)}>
                      <RotateCcw />
                      Reset to default
                    </Button>
                  </AlertDialogTrigger>
                  <AlertDialogContent>
                    <AlertDialogHeader>
                      <AlertDialogTitle>Go back to the default wording?</AlertDialogTitle>
                      <AlertDialogDescription>
                        Your {TEMPLATE_LABELS[kind].title.toLowerCase()} email is replaced by the default and
                        turned on again. Other emails stay as they are.
                      </AlertDialogDescription>
                    </AlertDialogHeader>
                    <AlertDialogFooter>
                      <AlertDialogCancel>Keep mine</AlertDialogCancel>
                      <AlertDialogAction onClick={() => reset.execute({ kind })}>Reset</AlertDialogAction>
                    </AlertDialogFooter>
                  </AlertDialogContent>
                </AlertDialog>
              </div>
            )}
          </form>
          <div className="grid content-start gap-2">
            <div className="flex items-center justify-between gap-2">
              <Label className="text-sm">Preview</Label>
              <span className="text-muted-foreground text-xs">
                {preview.isPending ? "Updating…" : "Sample lead: Dana Whitaker, Whitaker Roofing"}
              </span>
            </div>
            <div className="bg-muted/40 rounded-md border">
              <div className="border-b px-3 py-2 text-sm">
                <span className="text-muted-foreground">Subject: </span>
                <span className="font-medium">{previewData?.subject ?? draft.subject}</span>
              </div>
              {lastHtml ? (
                <iframe
                  title="Email preview"
                  // No scripts, no same-origin: the preview can't touch this page.
                  sandbox=""
                  srcDoc={lastHtml}
                  className="h-[480px] w-full rounded-b-md bg-white"
                />
              ) : (
                <div className="text-muted-foreground flex h-[480px] items-center justify-center text-sm">
                  <Loader2 className="mr-2 size-4 animate-spin" /> Rendering…
                </div>
              )}
            </div>
            {/* Live hints while typing; after a save attempt the same problems sit under the fields. */}
            {previewData &&
            previewData.problems.length > 0 &&
            !fieldError("subject") &&
            !fieldError("body") ? (
              <ul className="text-destructive grid gap-1 text-xs">
                {previewData.problems.map((p) => (
                  <li key={`${p.field}-${p.message}`}>
                    {p.field === "subject" ? "Subject" : "Message"}: {p.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        </div>
      </CardContent>
    </Card>
  );
}
