export * from "./dialer";
export * from "./leads";
export * from "./providers";
export * from "./tenancy";
