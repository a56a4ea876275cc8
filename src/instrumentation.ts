export async function register() {
  // Next inlines NEXT_RUNTIME at build time; reading it directly keeps the Node-only boot code
  // (PGlite, fs) out of the edge bundle.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { boot } = await import("@/lib/boot");
    try {
      await boot();
    } catch (error) {
      // Refuse to serve with a broken configuration rather than fail on every request.
      console.error(`\n[dialer] cannot start: ${(error as Error).message}\n`);
      process.exit(1);
    }
  }
}
