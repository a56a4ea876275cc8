"use client";

import { ArrowLeft, FileSpreadsheet, Upload } from "lucide-react";
import { useState } from "react";
import { FileDropzone } from "@/components/file-dropzone";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { formatFileSize } from "@/lib/format-size";
import type { UnfinishedImportView } from "./import-wizard";
import { unfinishedProgress } from "./unfinished-imports";

/**
 * Resuming needs the file again: it stayed in the browser that closed. The server recognises it
 * by size, row count and fingerprint, then the import goes on with its saved mapping and options.
 */
export function ResumeStep({
  unfinished,
  onFile,
  onBack,
}: {
  unfinished: UnfinishedImportView;
  onFile: (file: File) => Promise<void>;
  onBack: () => void;
}) {
  const [reading, setReading] = useState(false);
  const size = unfinished.fileBytes === null ? "" : `, ${formatFileSize(unfinished.fileBytes)}`;
  const rows = unfinished.fileRows === null ? "" : `${unfinished.fileRows.toLocaleString()} rows`;
  return (
    <Card>
      <CardHeader>
        <CardTitle className="break-words">Resume {unfinished.fileName}</CardTitle>
        <CardDescription>
          Into {unfinished.campaignName}. {unfinishedProgress(unfinished)}{" "}
          {unfinished.status === "abandoned"
            ? "It starts again from the first row, with the same mapping and options."
            : "It continues after the last checked row, with the same mapping and options."}
        </CardDescription>
      </CardHeader>
      <CardContent>
        <FileDropzone
          onFile={async (file) => {
            setReading(true);
            try {
              await onFile(file);
            } finally {
              setReading(false);
            }
          }}
          disabled={reading}
          inputTestId="resume-input"
          className="min-h-40 gap-3 p-8"
          icon={reading ? <FileSpreadsheet className="animate-pulse" /> : <Upload />}
          title={reading ? "Reading the file…" : `Choose ${unfinished.fileName} again`}
          hint={`The same file: ${rows}${size}`}
        />
      </CardContent>
      <CardFooter>
        <Button variant="outline" onClick={onBack}>
          <ArrowLeft /> Back
        </Button>
      </CardFooter>
    </Card>
  );
}
