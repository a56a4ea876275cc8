export * from "./leads";
export * from "./tenancy";
