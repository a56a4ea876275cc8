"use client";

import { FileSpreadsheet, Plus, Upload } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { CreateCampaignDialog } from "@/components/campaigns/create-campaign-dialog";
import { FileDropzone } from "@/components/file-dropzone";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
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
        <FileDropzone
          onFile={(file) => void take(file)}
          disabled={noCampaign || reading}
          inputTestId="csv-input"
          className="min-h-48 gap-3 p-8"
          icon={reading ? <FileSpreadsheet className="animate-pulse" /> : <Upload />}
          title={
            reading
              ? "Reading the file…"
              : noCampaign
                ? "Create a campaign first"
                : "Drop a CSV here, or click to choose"
          }
          hint=".csv, .tsv or .txt"
        />
      </CardContent>
    </Card>
  );
}
