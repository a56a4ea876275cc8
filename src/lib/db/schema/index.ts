export * from "./dialer";
export * from "./leads";
export * from "./tenancy";
