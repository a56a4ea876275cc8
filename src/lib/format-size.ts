/** A file size as people read it: "812 bytes", "41 KB", "9.5 MB" (1 KB = 1,024 bytes, as file managers count). */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes.toLocaleString("en-US")} ${bytes === 1 ? "byte" : "bytes"}`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024).toLocaleString("en-US")} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
