"use client";

import { Monitor, Moon, Sun } from "lucide-react";
import { useTheme } from "next-themes";
import { ToggleGroup } from "radix-ui";
import { useHydrated } from "./use-hydrated";

const THEMES = [
  { value: "light", label: "Light", Icon: Sun },
  { value: "dark", label: "Dark", Icon: Moon },
  { value: "system", label: "System", Icon: Monitor },
] as const;

/** The theme as three buttons side by side: the phone menu shows it without a nested menu. */
export function ThemeChoice() {
  const { theme, setTheme } = useTheme();
  // The stored theme is known only in the browser: no choice is marked before hydration.
  const hydrated = useHydrated();
  return (
    <ToggleGroup.Root
      type="single"
      aria-label="Theme"
      value={hydrated ? (theme ?? "system") : ""}
      // A single toggle group lets its pressed item be unpressed; the theme always has one.
      onValueChange={(value) => value && setTheme(value)}
      className="bg-muted grid grid-cols-3 gap-1 rounded-md p-1"
    >
      {THEMES.map(({ value, label, Icon }) => (
        <ToggleGroup.Item
          key={value}
          value={value}
          className="text-muted-foreground focus-visible:ring-ring data-[state=on]:bg-background data-[state=on]:text-foreground flex h-8 items-center justify-center gap-1.5 rounded-sm text-xs outline-none transition-colors focus-visible:ring-2 data-[state=on]:shadow-sm"
        >
          <Icon className="size-3.5" />
          {label}
        </ToggleGroup.Item>
      ))}
    </ToggleGroup.Root>
  );
}
