"use client";

import { Search } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Input } from "@/components/ui/input";
import { cn } from "@/lib/utils";

/**
 * Search as you type, one request after a pause rather than one per keystroke. `value` is what the
 * URL says: when it changes without typing here (clear filters, back button) the box shows it,
 * unless the box has focus, where a late-arriving older search must not undo what is being typed.
 */
export function SearchBox({
  value,
  onSearch,
  placeholder,
  label,
  className,
  inputClassName,
}: {
  value: string | undefined;
  onSearch: (q: string) => void;
  placeholder: string;
  label: string;
  className?: string;
  inputClassName?: string;
}) {
  const [text, setText] = useState(value ?? "");
  const input = useRef<HTMLInputElement>(null);
  const lastSent = useRef(value ?? "");
  useEffect(() => {
    lastSent.current = value ?? "";
    if (document.activeElement !== input.current) setText(value ?? "");
  }, [value]);
  useEffect(() => {
    const q = text.trim();
    if (q === lastSent.current) return;
    const timer = setTimeout(() => {
      lastSent.current = q;
      onSearch(q);
    }, 300);
    return () => clearTimeout(timer);
  }, [text, onSearch]);
  return (
    <div className={cn("relative w-full sm:w-64", className)}>
      <Search className="text-muted-foreground pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2" />
      <Input
        ref={input}
        type="search"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={placeholder}
        aria-label={label}
        className={cn("h-9 pl-8", inputClassName)}
        maxLength={200}
      />
    </div>
  );
}
