"use client";

import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";

/**
 * The message as the lead would see it. The HTML is rendered in an iframe with an empty `sandbox`:
 * no scripts, no forms, no same-origin access, so a template (or a lead's name in it) can never
 * run code in the app.
 */
export function EmailPreview({ subject, html, text }: { subject: string; html: string; text: string }) {
  return (
    <Tabs defaultValue="html">
      <TabsList>
        <TabsTrigger value="html">Rendered</TabsTrigger>
        <TabsTrigger value="text">Plain text</TabsTrigger>
      </TabsList>
      <TabsContent value="html">
        <iframe
          title={`Message: ${subject}`}
          srcDoc={html}
          sandbox=""
          referrerPolicy="no-referrer"
          className="h-[36rem] w-full rounded-md border bg-white"
          data-testid="email-html"
        />
      </TabsContent>
      <TabsContent value="text">
        <pre
          className="bg-muted/40 max-h-[36rem] overflow-auto rounded-md border p-4 font-mono text-xs leading-relaxed whitespace-pre-wrap"
          data-testid="email-text"
        >
          {text}
        </pre>
      </TabsContent>
    </Tabs>
  );
}
