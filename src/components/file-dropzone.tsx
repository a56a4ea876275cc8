"use client";

import { useRef, useState } from "react";
import { cn } from "@/lib/utils";

const CSV_ACCEPT = ".csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain";

/**
 * A drop target that is also a button (keyboard and click open the file picker), for CSV files.
 * The hidden input is reset after each pick so choosing the same file again still fires.
 */
export function FileDropzone({
  onFile,
  icon,
  title,
  hint,
  disabled,
  className,
  inputTestId,
  accept = CSV_ACCEPT,
}: {
  onFile: (file: File) => void;
  icon: React.ReactNode;
  title: React.ReactNode;
  hint?: React.ReactNode;
  disabled?: boolean;
  className?: string;
  inputTestId?: string;
  accept?: string;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const take = (file: File | undefined) => {
    if (file && !disabled) onFile(file);
  };
  return (
    <>
      <button
        type="button"
        disabled={disabled}
        onClick={() => input.current?.click()}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          take(e.dataTransfer.files[0]);
        }}
        className={cn(
          "hover:bg-muted/50 focus-visible:ring-ring/50 flex flex-col items-center justify-center gap-2 rounded-xl border border-dashed p-6 text-center outline-none transition-colors focus-visible:ring-[3px] disabled:cursor-not-allowed disabled:opacity-60",
          dragging && "border-primary bg-muted/50",
          className,
        )}
      >
        <span className="bg-muted text-muted-foreground flex size-10 items-center justify-center rounded-lg [&_svg:not([class*='size-'])]:size-5">
          {icon}
        </span>
        <span className="text-sm font-medium">{title}</span>
        {hint ? <span className="text-muted-foreground text-xs">{hint}</span> : null}
      </button>
      <input
        ref={input}
        type="file"
        accept={accept}
        className="sr-only"
        data-testid={inputTestId}
        onChange={(e) => {
          take(e.target.files?.[0]);
          e.target.value = "";
        }}
      />
    </>
  );
}
