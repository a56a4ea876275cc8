"use client";

import { FileSpreadsheet, Plus, Upload } from "lucide-react";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { CreateCampaignDialog } from "@/components/campaigns/create-campaign-dialog";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { cn } from "@/lib/utils";
import type { CampaignOption } from "./import-wizard";

export function UploadStep({
  campaigns,
  campaignId,
  onCampaignChange,
  onFile,
  orgDefaultTimezone,
  timeZones,
}: {
  campaigns: CampaignOption[];
  campaignId: string;
  onCampaignChange: (id: string) => void;
  onFile: (file: File) => Promise<void>;
  orgDefaultTimezone: string;
  timeZones: string[];
}) {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [reading, setReading] = useState(false);
  const noCampaign = campaigns.length === 0 || !campaignId;

  async function take(file: File | undefined) {
    if (!file || noCampaign) return;
    setReading(true);
    try {
      await onFile(file);
    } finally {
      setReading(false);
    }
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Upload a CSV</CardTitle>
        <CardDescription>
          Exports from your CRM, Excel or Google Sheets: comma, semicolon or tab separated, UTF-8 or Excel's
          Windows-1252, up to 50 MB or 200,000 rows. Nothing is saved until you review the mapping and press
          Import.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-6">
        <div className="grid max-w-md gap-2">
          <Label htmlFor="import-campaign">Campaign</Label>
          <div className="flex gap-2">
            <Select value={campaignId} onValueChange={onCampaignChange} disabled={campaigns.length === 0}>
              <SelectTrigger id="import-campaign" className="w-full">
                <SelectValue placeholder="Create a campaign first" />
              </SelectTrigger>
              <SelectContent>
                {campaigns.map((c) => (
                  <SelectItem key={c.id} value={c.id}>
                    {c.name}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
            <CreateCampaignDialog
              defaultTimezone={orgDefaultTimezone}
              timeZones={timeZones}
              onCreated={(c) => {
                onCampaignChange(c.id);
                router.refresh();
              }}
              trigger={
                <Button variant="outline" size="icon" aria-label="New campaign">
                  <Plus />
                </Button>
              }
            />
          </div>
        </div>
        <button
          type="button"
          disabled={noCampaign || reading}
          onClick={() => input.current?.click()}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            void take(e.dataTransfer.files[0]);
          }}
          className={cn(
            "hover:bg-muted/50 focus-visible:ring-ring/50 flex min-h-48 flex-col items-center justify-center gap-3 rounded-xl border border-dashed p-8 text-center outline-none transition-colors focus-visible:ring-[3px] disabled:cursor-not-allowed disabled:opacity-60",
            dragging && "border-primary bg-muted/50",
          )}
        >
          <span className="bg-muted text-muted-foreground flex size-12 items-center justify-center rounded-lg">
            {reading ? <FileSpreadsheet className="size-6 animate-pulse" /> : <Upload className="size-6" />}
          </span>
          <span className="text-sm font-medium">
            {reading
              ? "Reading the file…"
              : noCampaign
                ? "Create a campaign first"
                : "Drop a CSV here, or click to choose"}
          </span>
          <span className="text-muted-foreground text-xs">.csv, .tsv or .txt</span>
        </button>
        <input
          ref={input}
          type="file"
          accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain"
          className="sr-only"
          data-testid="csv-input"
          onChange={(e) => {
            void take(e.target.files?.[0]);
            e.target.value = "";
          }}
        />
      </CardContent>
    </Card>
  );
}
