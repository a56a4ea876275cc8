export * from "./dialer";
export * from "./email";
export * from "./leads";
export * from "./providers";
export * from "./tenancy";
export * from "./reports";
