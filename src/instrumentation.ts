export async function register() {
  // Next inlines NEXT_RUNTIME at build time; reading it directly keeps the Node-only boot code
  // (PGlite, fs) out of the edge bundle.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { boot } = await import("@/lib/boot");
    await boot();
  }
}
