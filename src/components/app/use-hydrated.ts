"use client";

import { useEffect, useState } from "react";

/** False until React has hydrated: forms stay disabled until their JavaScript handler is attached. */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
