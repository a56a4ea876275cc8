export * from "./dialer";
export * from "./email";
export * from "./leads";
export * from "./providers";
export * from "./reports";
export * from "./reviews";
export * from "./tenancy";
