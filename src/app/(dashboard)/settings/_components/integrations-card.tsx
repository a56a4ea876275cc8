"use client";

import { CalendarDays, Check, Copy, Loader2, PhoneCall, TriangleAlert } from "lucide-react";
import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { useState } from "react";
import { toast } from "sonner";
import {
  removeProviderCredentialsAction,
  saveProviderCredentialsAction,
} from "@/actions/provider-credential-actions";
import { FieldError } from "@/components/app/field-error";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
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
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

type Provider = "retell" | "vapi" | "calcom";

/** One provider's connection as the page hands it over: no key, secret or ciphertext. */
export type ConnectionRow = {
  provider: Provider;
  source: "organization" | "environment" | "none";
  apiKeyHint: string | null;
  updatedAt: string | null;
  config: Record<string, string | number>;
  environmentKey: boolean;
};

const PROVIDERS: Record<
  Provider,
  {
    name: string;
    purpose: string;
    keyHelp: string;
    secret?: { label: string; help: string };
    urls: { label: string; path: string; where: string }[];
  }
> = {
  retell: {
    name: "Retell",
    purpose: "Voice agent: places calls and reports them.",
    keyHelp: "Retell dashboard → Settings → API Keys. Retell also signs its webhooks with this key.",
    urls: [
      { label: "Webhook URL", path: "/api/webhooks/retell", where: "Agent → Webhook settings" },
      { label: "Custom functions", path: "/api/tools/retell", where: "each custom function's URL" },
    ],
  },
  vapi: {
    name: "Vapi",
    purpose: "Voice agent: places calls and reports them.",
    keyHelp: "Vapi dashboard → Organization → API Keys (the private key).",
    secret: {
      label: "Server URL secret",
      help: "The secret of the assistant's server URL credential; Vapi sends it with every server message.",
    },
    urls: [
      { label: "Server URL", path: "/api/webhooks/vapi", where: "Assistant → Advanced → Server URL" },
      { label: "Tool server URL", path: "/api/tools/vapi", where: "each tool's server URL" },
    ],
  },
  calcom: {
    name: "Cal.com",
    purpose: "Calendar: the agent books meetings into an event type.",
    keyHelp: "Cal.com → Settings → Developer → API Keys.",
    secret: {
      label: "Webhook secret",
      help: "The secret of the Cal.com webhook below; it signs X-Cal-Signature-256.",
    },
    // `?org=` names the organization for bookings made outside our calls (they carry no metadata).
    urls: [
      {
        label: "Webhook URL",
        path: "/api/webhooks/calcom?org={org}",
        where:
          "Settings → Developer → Webhooks; triggers Booking created, rescheduled and cancelled, signed with the secret above",
      },
    ],
  },
};

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium" });

/**
 * Provider keys for Retell, Vapi and Cal.com. Admins add, replace and remove them; members see
 * which are connected. A key goes to the server once and is never sent back: the page only ever
 * has its last four characters.
 */
export function IntegrationsCard({
  connections,
  canAdminister,
  canStoreKeys,
  appUrl,
  orgId,
}: {
  connections: ConnectionRow[];
  canAdminister: boolean;
  canStoreKeys: boolean;
  appUrl: string;
  /** Not secret: it only says which organization a Cal.com webhook is for (the signature proves it). */
  orgId: string;
}) {
  const [editing, setEditing] = useState<Provider | null>(null);
  const voiceConnected = connections.some((c) => c.provider !== "calcom" && c.source !== "none");
  const editingRow = connections.find((c) => c.provider === editing);
  return (
    <Card id="integrations" data-testid="integrations-card" className="scroll-mt-6">
      <CardHeader>
        <CardTitle>Integrations</CardTitle>
        <CardDescription>
          Connect your own Retell, Vapi and Cal.com accounts. Keys are encrypted on the server (AES-256-GCM)
          and never shown again; an organization key takes precedence over one set for the whole deployment.
        </CardDescription>
        <CardAction>
          {voiceConnected ? null : (
            <Badge variant="warning" title="No Retell or Vapi key: campaigns place simulated calls.">
              Simulator in use
            </Badge>
          )}
        </CardAction>
      </CardHeader>
      <CardContent className="grid gap-4">
        {canAdminister && !canStoreKeys ? (
          <Alert>
            <TriangleAlert />
            <AlertTitle>Keys can't be stored here yet</AlertTitle>
            <AlertDescription>
              Set ENCRYPTION_KEY on the server (32 bytes:{" "}
              <code className="font-mono">openssl rand -base64 32</code>) to save keys per organization, or
              set the providers' keys in the environment.
            </AlertDescription>
          </Alert>
        ) : null}
        <ul className="divide-y rounded-lg border">
          {connections.map((c) => (
            <ProviderRow
              key={c.provider}
              connection={c}
              appUrl={appUrl}
              orgId={orgId}
              canAdminister={canAdminister}
              canStoreKeys={canStoreKeys}
              onEdit={() => setEditing(c.provider)}
            />
          ))}
        </ul>
        {canAdminister ? null : (
          <p className="text-muted-foreground text-sm">Only owners and admins can add or remove keys.</p>
        )}
      </CardContent>
      <CredentialsDialog
        provider={editing}
        replacing={editingRow?.source === "organization"}
        onOpenChange={(open) => {
          if (!open) setEditing(null);
        }}
      />
    </Card>
  );
}

function StatusBadge({ connection: c }: { connection: ConnectionRow }) {
  if (c.source === "organization") return <Badge variant="success">Connected</Badge>;
  if (c.source === "environment") return <Badge variant="secondary">From environment</Badge>;
  return <Badge variant="outline">Not connected</Badge>;
}

function statusLine(c: ConnectionRow): string {
  const details: string[] = [];
  if (c.source === "organization") {
    details.push(`Organization key ••••${c.apiKeyHint ?? ""}`);
    if (c.updatedAt) details.push(`updated ${dateFormat.format(new Date(c.updatedAt))}`);
    if (c.environmentKey) details.push("replaces the deployment's key");
  } else if (c.source === "environment") {
    details.push("Using the key set for this deployment");
  } else {
    details.push(c.provider === "calcom" ? "Built-in calendar in use (Settings → Booking)" : "No key yet");
  }
  if (c.config.eventTypeId) details.push(`event type ${c.config.eventTypeId}`);
  if (c.config.concurrency) details.push(`${c.config.concurrency} calls at once`);
  return details.join(" · ");
}

function ProviderRow({
  connection: c,
  appUrl,
  orgId,
  canAdminister,
  canStoreKeys,
  onEdit,
}: {
  connection: ConnectionRow;
  appUrl: string;
  orgId: string;
  canAdminister: boolean;
  canStoreKeys: boolean;
  onEdit: () => void;
}) {
  const router = useRouter();
  const info = PROVIDERS[c.provider];
  const remove = useAction(removeProviderCredentialsAction, {
    onSuccess: () => {
      toast.success(
        c.environmentKey
          ? `${info.name} key removed. The deployment's key applies again.`
          : `${info.name} key removed.`,
      );
      router.refresh();
    },
    onError: ({ error }) => toast.error(error.serverError ?? "Could not remove the key."),
  });
  const Icon = c.provider === "calcom" ? CalendarDays : PhoneCall;
  return (
    <li className="grid gap-3 p-4" data-testid={`integration-${c.provider}`}>
      <div className="flex flex-wrap items-start gap-3">
        <div className="bg-muted text-muted-foreground flex size-9 shrink-0 items-center justify-center rounded-md">
          <Icon className="size-4" aria-hidden="true" />
        </div>
        <div className="grid min-w-0 flex-1 gap-0.5">
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-medium">{info.name}</span>
            <StatusBadge connection={c} />
          </div>
          <p className="text-muted-foreground text-sm">{info.purpose}</p>
          <p className="text-muted-foreground text-xs" data-testid="integration-status">
            {statusLine(c)}
          </p>
        </div>
        {canAdminister ? (
          <div className="flex items-center gap-2">
            <Button size="sm" variant="outline" onClick={onEdit} disabled={!canStoreKeys}>
              {c.source === "organization" ? "Replace key" : "Add key"}
            </Button>
            {c.source === "organization" ? (
              <AlertDialog>
                <AlertDialogTrigger asChild>
                  <Button
                    size="sm"
                    variant="ghost"
                    className="hover:text-destructive"
                    disabled={remove.isPending}
                    aria-label={`Remove the ${info.name} key`}
                  >
                    {remove.isPending ? <Loader2 className="animate-spin" /> : null}
                    Remove
                  </Button>
                </AlertDialogTrigger>
                <AlertDialogContent>
                  <AlertDialogHeader>
                    <AlertDialogTitle>Remove the {info.name} key?</AlertDialogTitle>
                    <AlertDialogDescription>
                      {c.environmentKey
                        ? `Calls and bookings switch to the ${info.name} key set for this deployment from the next one on.`
                        : c.provider === "calcom"
                          ? "The agent books into the built-in calendar from the next call on."
                          : `Campaigns set to ${info.name} can't place calls until a key is added again.`}
                    </AlertDialogDescription>
                  </AlertDialogHeader>
                  <AlertDialogFooter>
                    <AlertDialogCancel>Cancel</AlertDialogCancel>
                    <AlertDialogAction
                      className="bg-destructive hover:bg-destructive/90 text-white"
                      onClick={() => remove.execute({ provider: c.provider })}
                    >
                      Remove key
                    </AlertDialogAction>
                  </AlertDialogFooter>
                </AlertDialogContent>
              </AlertDialog>
            ) : null}
          </div>
        ) : null}
      </div>
      <details className="group ml-12 text-sm">
        <summary className="text-muted-foreground hover:text-foreground w-fit cursor-pointer text-xs select-none">
          Where to point {info.name}
        </summary>
        <div className="mt-2 grid gap-2">
          {info.urls.map((u) => (
            <CopyUrl
              key={u.path}
              label={u.label}
              where={u.where}
              url={`${appUrl}${u.path.replace("{org}", orgId)}`}
            />
          ))}
        </div>
      </details>
    </li>
  );
}

function CopyUrl({ label, where, url }: { label: string; where: string; url: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="grid gap-1">
      <div className="text-xs">
        <span className="font-medium">{label}</span> <span className="text-muted-foreground">· {where}</span>
      </div>
      <div className="flex max-w-xl gap-2">
        <Input
          readOnly
          value={url}
          aria-label={label}
          className="h-8 font-mono text-xs md:text-xs"
          onFocus={(e) => e.currentTarget.select()}
        />
        <Button
          type="button"
          variant="outline"
          size="icon"
          className="size-8"
          aria-label={`Copy ${label}`}
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(url);
              setCopied(true);
              setTimeout(() => setCopied(false), 1500);
            } catch {
              toast.error("Copying is blocked here; select the URL and copy it yourself.");
            }
          }}
        >
          {copied ? <Check /> : <Copy />}
        </Button>
      </div>
    </div>
  );
}

function CredentialsDialog({
  provider,
  replacing,
  onOpenChange,
}: {
  provider: Provider | null;
  replacing: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  return (
    <Dialog open={provider !== null} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-lg">
        {/* Keyed by provider so nothing typed for one provider lingers into another's form. */}
        {provider ? (
          <CredentialsForm
            key={provider}
            provider={provider}
            replacing={replacing}
            onDone={() => onOpenChange(false)}
          />
        ) : null}
      </DialogContent>
    </Dialog>
  );
}

function CredentialsForm({
  provider,
  replacing,
  onDone,
}: {
  provider: Provider;
  replacing: boolean;
  onDone: () => void;
}) {
  const router = useRouter();
  const info = PROVIDERS[provider];
  const [apiKey, setApiKey] = useState("");
  const [webhookSecret, setWebhookSecret] = useState("");
  const [eventTypeId, setEventTypeId] = useState("");
  const [concurrency, setConcurrency] = useState("");
  const { execute, isPending, result } = useAction(saveProviderCredentialsAction, {
    onSuccess: ({ data }) => {
      toast.success(`${info.name} connected with key ••••${data?.apiKeyHint ?? ""}.`);
      setApiKey("");
      setWebhookSecret("");
      router.refresh();
      onDone();
    },
  });
  const fieldErrors = result.validationErrors as
    | Record<string, { _errors?: string[] } | undefined>
    | undefined;
  const fieldError = (name: string) => fieldErrors?.[name]?._errors?.[0];
  return (
    <form
      className="grid gap-4"
      autoComplete="off"
      onSubmit={(event) => {
        event.preventDefault();
        if (provider === "calcom") execute({ provider, apiKey, webhookSecret, eventTypeId });
        else if (provider === "vapi") execute({ provider, apiKey, webhookSecret, concurrency });
        else execute({ provider, apiKey, concurrency });
      }}
    >
      <DialogHeader>
        <DialogTitle>
          {replacing ? "Replace" : "Add"} the {info.name} key
        </DialogTitle>
        <DialogDescription>
          It is encrypted before it is stored and never shown again, not even to you.
        </DialogDescription>
      </DialogHeader>
      {result.serverError ? (
        <Alert variant="destructive">
          <AlertDescription>{result.serverError}</AlertDescription>
        </Alert>
      ) : null}
      <div className="grid gap-2">
        <Label htmlFor="credential-api-key">API key</Label>
        <Input
          id="credential-api-key"
          type="password"
          autoComplete="new-password"
          spellCheck={false}
          value={apiKey}
          onChange={(e) => setApiKey(e.target.value)}
          placeholder={replacing ? "Paste the new key" : "Paste the key"}
          autoFocus
        />
        <p className="text-muted-foreground text-xs">{info.keyHelp}</p>
        <FieldError message={fieldError("apiKey")} />
      </div>
      {info.secret ? (
        <div className="grid gap-2">
          <Label htmlFor="credential-webhook-secret">{info.secret.label}</Label>
          <Input
            id="credential-webhook-secret"
            type="password"
            autoComplete="new-password"
            spellCheck={false}
            value={webhookSecret}
            onChange={(e) => setWebhookSecret(e.target.value)}
            placeholder={replacing ? "Leave blank to keep the current secret" : "Optional"}
          />
          <p className="text-muted-foreground text-xs">{info.secret.help}</p>
          <FieldError message={fieldError("webhookSecret")} />
        </div>
      ) : null}
      {provider === "calcom" ? (
        <div className="grid gap-2">
          <Label htmlFor="credential-event-type">Event type id</Label>
          <Input
            id="credential-event-type"
            inputMode="numeric"
            value={eventTypeId}
            onChange={(e) => setEventTypeId(e.target.value)}
            placeholder="e.g. 1234567"
            className="max-w-48"
          />
          <p className="text-muted-foreground text-xs">
            The event type meetings are booked as: its number is in the event type's URL in Cal.com.
          </p>
          <FieldError message={fieldError("eventTypeId")} />
        </div>
      ) : (
        <div className="grid gap-2">
          <Label htmlFor="credential-concurrency">Calls at once (optional)</Label>
          <Input
            id="credential-concurrency"
            inputMode="numeric"
            value={concurrency}
            onChange={(e) => setConcurrency(e.target.value)}
            placeholder={provider === "retell" ? "20" : "10"}
            className="max-w-48"
          />
          <p className="text-muted-foreground text-xs">
            Your plan's concurrency limit; every campaign using this key shares it.
          </p>
          <FieldError message={fieldError("concurrency")} />
        </div>
      )}
      <DialogFooter>
        <Button type="button" variant="outline" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={isPending || apiKey.trim() === ""}>
          {isPending ? <Loader2 className="animate-spin" /> : null}
          Save key
        </Button>
      </DialogFooter>
    </form>
  );
}
