"use client";

import { FileSpreadsheet, Loader2, Upload } from "lucide-react";
import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { useState } from "react";
import { toast } from "sonner";
import { importDoNotCallAction } from "@/actions/do-not-call-actions";
import { FieldError } from "@/components/app/field-error";
import { FileDropzone } from "@/components/file-dropzone";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { decodeCsvBytes } from "@/lib/leads/csv/decode";
import { DNC_IMPORT_LIMITS } from "@/lib/schemas/do-not-call";
import type { ImportDoNotCallResult } from "@/lib/services/do-not-call/import-do-not-call";
import { cn } from "@/lib/utils";
import { ImportResult } from "./import-result";

type Picked = { name: string; size: number; text: string };

const numbersIn = ({ counts }: ImportDoNotCallResult) =>
  counts.added + counts.alreadyListed + counts.duplicates + counts.invalid;

export function ImportDialog() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [picked, setPicked] = useState<Picked | null>(null);
  const [fileError, setFileError] = useState<string>();
  const [reason, setReason] = useState("");
  const [outcome, setOutcome] = useState<ImportDoNotCallResult | null>(null);
  const { execute, isPending, result, reset } = useAction(importDoNotCallAction, {
    onSuccess: ({ data }) => {
      if (!data) return;
      setOutcome(data);
      const { added, alreadyListed, invalid } = data.counts;
      toast.success(`Imported ${data.fileName}`, {
        description: `${added.toLocaleString()} added, ${alreadyListed.toLocaleString()} already listed, ${invalid.toLocaleString()} invalid.`,
      });
      router.refresh();
    },
  });

  function clear() {
    setPicked(null);
    setFileError(undefined);
    setOutcome(null);
    setReason("");
    reset();
  }

  async function take(file: File | undefined) {
    if (!file) return;
    reset();
    setFileError(undefined);
    // Excel's "CSV" is Windows-1252, not UTF-8: decode the bytes the same way the lead import does.
    const { text } = decodeCsvBytes(new Uint8Array(await file.arrayBuffer()));
    if (text.length > DNC_IMPORT_LIMITS.maxChars) {
      setPicked(null);
      setFileError(
        "This file is too large for one upload. Split it into files under 3.5 MB and import each.",
      );
      return;
    }
    setPicked({ name: file.name, size: file.size, text });
  }

  const csvError = fileError ?? result.validationErrors?.csv?._errors?.[0] ?? result.serverError;
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) clear();
      }}
    >
      <DialogTrigger asChild>
        <Button size="sm" variant="outline">
          <Upload /> Import CSV
        </Button>
      </DialogTrigger>
      <DialogContent className={cn("sm:max-w-lg", outcome && "sm:max-w-3xl")}>
        <DialogHeader>
          <DialogTitle>{outcome ? "Import finished" : "Import do-not-call numbers"}</DialogTitle>
          <DialogDescription>
            {outcome
              ? `${outcome.fileName}: ${outcome.rows.toLocaleString()} rows, ${numbersIn(outcome).toLocaleString()} numbers.`
              : "Every column that looks like a phone number is read (Phone, Mobile, DNC Number…), or a plain list with one number per line. A Reason or Notes column is kept."}
          </DialogDescription>
        </DialogHeader>
        {outcome ? (
          <>
            <ImportResult result={outcome} />
            <DialogFooter>
              <Button variant="outline" onClick={clear}>
                Import another file
              </Button>
              <Button onClick={() => setOpen(false)}>Done</Button>
            </DialogFooter>
          </>
        ) : (
          <form
            className="grid gap-4"
            onSubmit={(event) => {
              event.preventDefault();
              if (picked) execute({ fileName: picked.name, csv: picked.text, reason });
            }}
          >
            <FileDropzone
              onFile={(file) => void take(file)}
              inputTestId="dnc-csv-input"
              className="min-h-36"
              icon={picked ? <FileSpreadsheet /> : <Upload />}
              title={picked ? picked.name : "Drop a CSV here, or click to choose"}
              hint={
                picked
                  ? `${(picked.size / 1024).toLocaleString(undefined, { maximumFractionDigits: 1 })} KB · click to choose another file`
                  : `.csv, .tsv or .txt · up to ${DNC_IMPORT_LIMITS.maxRows.toLocaleString()} rows`
              }
            />
            <FieldError message={csvError} />
            <div className="grid gap-2">
              <Label htmlFor="dnc-import-reason">
                Reason for rows without one{" "}
                <span className="text-muted-foreground font-normal">(optional)</span>
              </Label>
              <Input
                id="dnc-import-reason"
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                placeholder="Opt-outs exported from our CRM"
                maxLength={500}
              />
            </div>
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={!picked || isPending}>
                {isPending ? <Loader2 className="animate-spin" /> : null}
                {isPending ? "Importing…" : "Import numbers"}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
