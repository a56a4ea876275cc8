"use client";

import { Check, Copy, KeyRound, Loader2, Plus, TriangleAlert } from "lucide-react";
import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { useState } from "react";
import { toast } from "sonner";
import { createApiKeyAction, revokeApiKeyAction } from "@/actions/api-key-actions";
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
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export type ApiKeyRow = {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdByName: string | null;
};

const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

function timeAgo(iso: string): string {
  const seconds = (new Date(iso).getTime() - Date.now()) / 1000;
  const abs = Math.abs(seconds);
  if (abs < 60) return "just now";
  if (abs < 3600) return relative.format(Math.round(seconds / 60), "minute");
  if (abs < 86_400) return relative.format(Math.round(seconds / 3600), "hour");
  if (abs < 30 * 86_400) return relative.format(Math.round(seconds / 86_400), "day");
  return new Date(iso).toLocaleDateString();
}

/** Organization API keys for CRMs (owners and admins only; the page leaves it out for members). */
export function ApiKeysCard({ keys }: { keys: ApiKeyRow[] }) {
  // One dialog for both buttons, mounted whatever the list holds: the refresh after creating the
  // first key swaps the empty state for the table, and the key must stay on screen through it.
  const [creating, setCreating] = useState(false);
  const active = keys.filter((k) => !k.revokedAt).length;
  const createButton = (
    <Button size="sm" onClick={() => setCreating(true)}>
      <Plus /> Create key
    </Button>
  );
  return (
    <Card data-testid="api-keys-card">
      <CardHeader>
        <CardTitle>API keys</CardTitle>
        <CardDescription>
          Let your CRM create and read leads with <code className="font-mono text-xs">/api/v1/leads</code>. A
          key acts for the whole organization: keep it on your server, never in a browser. The API guide is in{" "}
          <code className="font-mono text-xs">docs/api.md</code>.
        </CardDescription>
        {keys.length > 0 ? <CardAction>{createButton}</CardAction> : null}
      </CardHeader>
      <CardContent>
        {keys.length === 0 ? (
          <div className="flex flex-col items-center gap-3 rounded-lg border border-dashed px-6 py-10 text-center">
            <div className="bg-muted text-muted-foreground flex size-10 items-center justify-center rounded-lg">
              <KeyRound className="size-5" aria-hidden="true" />
            </div>
            <div className="grid gap-1">
              <p className="text-sm font-medium">No API keys yet</p>
              <p className="text-muted-foreground max-w-sm text-sm text-balance">
                Create one for each system that sends leads, so you can revoke one without breaking the
                others.
              </p>
            </div>
            {createButton}
          </div>
        ) : (
          <>
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Name</TableHead>
                  <TableHead className="w-40">Key</TableHead>
                  <TableHead className="hidden w-40 md:table-cell">Created</TableHead>
                  <TableHead className="w-32">Last used</TableHead>
                  <TableHead className="w-24">Status</TableHead>
                  <TableHead className="w-24">
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {keys.map((k) => (
                  <ApiKeyTableRow key={k.id} apiKey={k} />
                ))}
              </TableBody>
            </Table>
            <p className="text-muted-foreground mt-3 text-xs">
              {active} active {active === 1 ? "key" : "keys"}. Each key may make 120 requests a minute.
            </p>
          </>
        )}
      </CardContent>
      <CreateApiKeyDialog open={creating} onOpenChange={setCreating} />
    </Card>
  );
}

function ApiKeyTableRow({ apiKey: k }: { apiKey: ApiKeyRow }) {
  const router = useRouter();
  const revoke = useAction(revokeApiKeyAction, {
    onSuccess: () => {
      toast.success(`Key "${k.name}" revoked. Requests with it now get 401.`);
      router.refresh();
    },
    onError: ({ error }) => toast.error(error.serverError ?? "Could not revoke the key."),
  });
  const revoked = Boolean(k.revokedAt);
  return (
    <TableRow data-testid="api-key-row" className={revoked ? "text-muted-foreground" : undefined}>
      <TableCell>
        <div className={revoked ? "font-medium line-through" : "font-medium"}>{k.name}</div>
        {k.createdByName ? <div className="text-muted-foreground text-xs">by {k.createdByName}</div> : null}
      </TableCell>
      <TableCell>
        <code className="bg-muted rounded px-1.5 py-0.5 font-mono text-xs">{k.prefix}…</code>
      </TableCell>
      <TableCell className="text-muted-foreground hidden text-sm md:table-cell">
        {new Date(k.createdAt).toLocaleDateString()}
      </TableCell>
      <TableCell className="text-muted-foreground text-sm" suppressHydrationWarning>
        {k.lastUsedAt ? timeAgo(k.lastUsedAt) : "Never"}
      </TableCell>
      <TableCell>
        {revoked ? <Badge variant="outline">Revoked</Badge> : <Badge variant="success">Active</Badge>}
      </TableCell>
      <TableCell className="text-right">
        {revoked ? null : (
          <AlertDialog>
            <AlertDialogTrigger asChild>
              <Button
                variant="ghost"
                size="sm"
                className="hover:text-destructive"
                disabled={revoke.isPending}
                aria-label={`Revoke key ${k.name}`}
              >
                {revoke.isPending ? <Loader2 className="animate-spin" /> : null}
                Revoke
              </Button>
            </AlertDialogTrigger>
            <AlertDialogContent>
              <AlertDialogHeader>
                <AlertDialogTitle>Revoke “{k.name}”?</AlertDialogTitle>
                <AlertDialogDescription>
                  Anything using this key stops working at once and gets 401 Unauthorized. This cannot be
                  undone; create a new key to reconnect.
                </AlertDialogDescription>
              </AlertDialogHeader>
              <AlertDialogFooter>
                <AlertDialogCancel>Cancel</AlertDialogCancel>
                <AlertDialogAction
                  className="bg-destructive hover:bg-destructive/90 text-white"
                  onClick={() => revoke.execute({ apiKeyId: k.id })}
                >
                  Revoke key
                </AlertDialogAction>
              </AlertDialogFooter>
            </AlertDialogContent>
          </AlertDialog>
        )}
      </TableCell>
    </TableRow>
  );
}

function CreateApiKeyDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [copied, setCopied] = useState(false);
  const { execute, isPending, result, reset } = useAction(createApiKeyAction, {
    onSuccess: ({ data }) => {
      toast.success(`Key "${data?.name}" created. Copy it now.`);
      router.refresh();
    },
  });
  const key = result.data?.key;
  function close(next: boolean) {
    onOpenChange(next);
    if (!next) {
      reset();
      setName("");
      setCopied(false);
    }
  }
  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent className="sm:max-w-lg">
        <DialogHeader>
          <DialogTitle>{key ? "Copy your new key" : "Create an API key"}</DialogTitle>
          <DialogDescription>
            {key
              ? "Store it in your CRM or secret manager now."
              : "Name it after the system that will use it, so you know what breaks if you revoke it."}
          </DialogDescription>
        </DialogHeader>
        {key ? (
          <div className="grid gap-4">
            <Alert>
              <TriangleAlert />
              <AlertTitle>This is the only time the key is shown</AlertTitle>
              <AlertDescription>
                We store only a hash of it. If you lose it, revoke it and create a new one.
              </AlertDescription>
            </Alert>
            <div className="flex gap-2">
              <Input
                readOnly
                value={key}
                data-testid="new-api-key"
                aria-label="New API key"
                className="font-mono text-xs md:text-xs"
                onFocus={(e) => e.currentTarget.select()}
              />
              <Button
                type="button"
                variant="outline"
                size="icon"
                aria-label="Copy key"
                onClick={async () => {
                  try {
                    await navigator.clipboard.writeText(key);
                    setCopied(true);
                    toast.success("Key copied.");
                  } catch {
                    toast.error("Copying is blocked here; select the key and copy it yourself.");
                  }
                }}
              >
                {copied ? <Check /> : <Copy />}
              </Button>
            </div>
            <DialogFooter>
              <Button onClick={() => close(false)}>I have stored it</Button>
            </DialogFooter>
          </div>
        ) : (
          <form
            className="grid gap-4"
            onSubmit={(event) => {
              event.preventDefault();
              execute({ name });
            }}
          >
            {result.serverError ? (
              <Alert variant="destructive">
                <AlertDescription>{result.serverError}</AlertDescription>
              </Alert>
            ) : null}
            <div className="grid gap-2">
              <Label htmlFor="api-key-name">Key name</Label>
              <Input
                id="api-key-name"
                value={name}
                onChange={(e) => setName(e.target.value)}
                placeholder="HubSpot sync"
                maxLength={80}
                autoFocus
              />
              <FieldError message={result.validationErrors?.name?._errors?.[0]} />
            </div>
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => close(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={isPending}>
                {isPending ? <Loader2 className="animate-spin" /> : null}
                Create key
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
